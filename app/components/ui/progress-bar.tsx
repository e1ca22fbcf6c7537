/** An accessible progress bar (role=progressbar with its value announced). */
export function ProgressBar({ value, max = 100, label }: { value: number; max?: number; label: string }) {
  const pct = max > 0 ? Math.round((Math.min(value, max) / max) * 100) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={Math.min(value, max)}
      aria-valuetext={`${pct}%`}
      className="progress"
    >
      <div className="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
