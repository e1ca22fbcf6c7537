/**
 * A horizontal bar chart in plain SVG with a visually hidden table of the same
 * numbers, so screen-reader users get the data and everyone else the picture.
 */
export function BarChart({ title, data, max, unit = "" }: { title: string; data: { label: string; value: number }[]; max?: number; unit?: string }) {
  const top = Math.max(1, max ?? Math.max(0, ...data.map((d) => d.value)));
  const rowHeight = 28;
  const labelWidth = 180;
  const width = 640;
  const barSpace = width - labelWidth - 60;
  return (
    <figure className="w-full">
      <figcaption className="mb-2 text-sm font-semibold text-slate-800">{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${Math.max(rowHeight, data.length * rowHeight)}`} className="w-full" role="img" aria-label={`${title}: ${data.map((d) => `${d.label} ${d.value}${unit}`).join(", ")}`}>
        {data.map((d, i) => {
          const w = (d.value / top) * barSpace;
          const y = i * rowHeight;
          return (
            <g key={`${d.label}-${i}`}>
              <text x={labelWidth - 8} y={y + 18} textAnchor="end" fontSize="13" fill="#334155">
                {d.label.length > 26 ? `${d.label.slice(0, 25)}…` : d.label}
              </text>
              <rect x={labelWidth} y={y + 5} width={Math.max(w, 1)} height={rowHeight - 10} rx="3" fill="#4338ca" />
              <text x={labelWidth + Math.max(w, 1) + 6} y={y + 18} fontSize="13" fill="#0f172a">
                {d.value}
                {unit}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="sr-only">
        <caption>{title}</caption>
        <tbody>
          {data.map((d, i) => (
            <tr key={i}>
              <th scope="row">{d.label}</th>
              <td>
                {d.value}
                {unit}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
