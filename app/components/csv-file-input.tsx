import { useId } from "react";

/** Reads a chosen .csv file into the named textarea, so people can upload or paste. */
export function CsvFileInput({ targetName, label = "Or choose a CSV file" }: { targetName: string; label?: string }) {
  const id = useId();
  return (
    <div className="mb-4">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        type="file"
        accept=".csv,text/csv"
        className="mt-1 block text-sm"
        onChange={async (event) => {
          const file = event.currentTarget.files?.[0];
          const target = event.currentTarget.form?.elements.namedItem(targetName);
          if (file && target instanceof HTMLTextAreaElement) target.value = await file.text();
        }}
      />
    </div>
  );
}
