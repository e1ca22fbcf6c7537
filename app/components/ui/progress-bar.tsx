/**
 * An accessible progress bar: the native `<progress>` element, whose role (progressbar), value
 * and maximum browsers expose by themselves, named by `label`. One element without inline styles:
 * the course home shows twenty-one of them.
 */
export function ProgressBar({ value, max = 100, label }: { value: number; max?: number; label: string }) {
  return <progress value={progressValue(value, max)} max={max} aria-label={label} className="progress" />;
}

/** The value a bar shows: `value` held between 0 and `max` (also for markup written as a string, see study-plan.tsx). */
export function progressValue(value: number, max: number): number {
  return Math.max(0, Math.min(value, max));
}
