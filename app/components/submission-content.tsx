type Attempt = { body: string | null; url: string | null; files: { id: string; filename: string; size: number }[] };

/** What a learner handed in for one attempt: text, link and files (shared by the student and grader views). */
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
      {attempt.files.map((f) => (
        <p key={f.id} className="mt-2 text-sm">
          File:{" "}
          <a href={`/files/${f.id}`}>
            {downloadPrefix}
            {f.filename}
          </a>{" "}
          ({Math.max(1, Math.round(f.size / 1024))} KB)
        </p>
      ))}
    </>
  );
}
