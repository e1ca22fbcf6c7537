export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "RATE_LIMITED";

export const STATUS_OF: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
};

export type FieldErrors = Record<string, string[]>;

/** A failure a person can act on. Services throw it; routes turn it into a Response. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "AppError";
  }
  get status() {
    return STATUS_OF[this.code];
  }
}

export const notFound = (what = "page") =>
  new AppError("NOT_FOUND", `We couldn't find that ${what}. It may have been removed, or the link may be wrong.`);
export const forbidden = (message = "You don't have permission to do that.") => new AppError("FORBIDDEN", message);
export const conflict = (message: string) => new AppError("CONFLICT", message);
export const badRequest = (message: string, fieldErrors?: FieldErrors) =>
  new AppError("BAD_REQUEST", message, fieldErrors);
