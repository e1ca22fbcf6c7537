import { fileSizeText } from "~/lib/file-size";

type Attempt = { body: string | null; url: string | null; files: { id: string; filename: string; size: number }[] };

/**
 * What a learner handed in for one attempt: text, link and every file (shared by the student
 * and grader views). Files are a list so screen readers announce how many there are.
 */
export function SubmissionContent({ attempt, downloadPrefix = "" }: { attempt: Attempt; downloadPrefix?: string }) {
  return (
    <>
      {attempt.body ? <div className="mt-2 whitespace-pre-wrap text-sm text-slate-800">{attempt.body}</div> : null}
      {attempt.url ? (
        <p className="mt-2 text-sm">
          Link:{" "}
          <a href={attempt.url} rel="noopener noreferrer nofollow" target="_blank">
            {attempt.url}
          </a>
        </p>
      ) : null}
      {attempt.files.length ? (
        <div className="mt-2 text-sm">
          <p>{attempt.files.length === 1 ? "File:" : `Files (${attempt.files.length}):`}</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {attempt.files.map((f) => (
              <li key={f.id}>
                <a href={`/files/${f.id}`}>
                  {downloadPrefix}
                  {f.filename}
                </a>{" "}
                <span className="text-slate-600">({fileSizeText(f.size)})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
