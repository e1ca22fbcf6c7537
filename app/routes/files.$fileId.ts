import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { getStorage } from "~/integrations/storage/storage.server";
import { handleLoader } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { getFileForViewer } from "~/services/files.server";

/** Streams a stored file, with HTTP Range support so videos can seek. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = await handleLoader(() => getFileForViewer(user, params.fileId ?? "", new Date()));
  const storage = getStorage();
  const size = (await storage.size(file.key)) ?? 0;
  const headers = new Headers({
    "Content-Type": file.contentType,
    "Accept-Ranges": "bytes",
    "Cache-Control": "private, max-age=3600",
    "Content-Disposition": `${file.contentType.startsWith("video/") || file.contentType.startsWith("image/") || file.contentType === "text/vtt" ? "inline" : "attachment"}; filename="${encodeURIComponent(file.filename)}"`,
    "X-Content-Type-Options": "nosniff",
  });
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get("range") ?? "");
  if (range && size > 0) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start > end || start >= size) return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${size}` } });
    headers.set("Content-Range", `bytes ${start}-${end}/${size}`);
    headers.set("Content-Length", String(end - start + 1));
    return new Response(createReadableStreamFromReadable(storage.read(file.key, { start, end })), { status: 206, headers });
  }
  headers.set("Content-Length", String(size));
  return new Response(createReadableStreamFromReadable(storage.read(file.key)), { status: 200, headers });
}
