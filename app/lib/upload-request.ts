/**
 * Sends a request with upload progress (fetch cannot report it): one XMLHttpRequest, its JSON
 * reply parsed when there is one. Rejects only on a network failure ("network") or an abort
 * ("aborted"); every HTTP status resolves, for the caller to explain. Browser-only.
 */
export type UploadReply<B> = { status: number; body: B | null; url: string };

export function sendWithProgress<B>(
  method: "POST" | "PUT",
  url: string,
  body: FormData | File,
  options: { onProgress?: (fraction: number) => void; track?: (xhr: XMLHttpRequest | null) => void } = {},
): Promise<UploadReply<B>> {
  const track = options.track ?? (() => {});
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    track(xhr);
    xhr.open(method, url);
    if (body instanceof File && body.type) xhr.setRequestHeader("Content-Type", body.type);
    const onProgress = options.onProgress;
    if (onProgress) xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      track(null);
      let parsed: B | null = null;
      try {
        parsed = JSON.parse(xhr.responseText) as B;
      } catch {
        parsed = null;
      }
      resolve({ status: xhr.status, body: parsed, url: xhr.responseURL });
    };
    xhr.onerror = () => {
      track(null);
      reject(new Error("network"));
    };
    xhr.onabort = () => {
      track(null);
      reject(new Error("aborted"));
    };
    xhr.send(body);
  });
}
