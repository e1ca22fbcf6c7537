/** A file's size for people: "1 KB" (never "0 KB") up to a megabyte, then "2.4 MB". */
export function fileSizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString("en")} KB`;
}
