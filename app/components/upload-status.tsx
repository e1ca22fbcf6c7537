import { ProgressBar } from "./ui/progress-bar";

/** Where an upload with a progress bar stands. */
export type UploadPhase = { kind: "idle" } | { kind: "uploading"; percent: number } | { kind: "done"; message: string } | { kind: "error"; message: string };

/**
 * The progress bar while uploading, a polite live region (progress in 10 % steps so screen
 * readers are not flooded, then the outcome) and the error as an alert.
 */
export function UploadStatus({ phase, spacing = "mb-3" }: { phase: UploadPhase; spacing?: "mb-3" | "mb-4" }) {
  return (
    <>
      {phase.kind === "uploading" ? (
        <div className={spacing}>
          <ProgressBar value={phase.percent} label="Upload progress" />
        </div>
      ) : null}
      <p aria-live="polite" className={`${spacing} text-sm text-slate-700`}>
        {phase.kind === "uploading" ? `Uploading: ${Math.floor(phase.percent / 10) * 10}%` : phase.kind === "done" ? phase.message : ""}
      </p>
      {phase.kind === "error" ? (
        <p role="alert" className={`${spacing} rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900`}>
          {phase.message}
        </p>
      ) : null}
    </>
  );
}
