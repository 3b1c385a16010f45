/** docs/api.md: the one table from machine code to HTTP status. */
export const ERROR_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  insufficient_credits: 402,
  forbidden: 403,
  /** Signed in with a temporary password: everything but changing it is refused until it is changed. */
  password_change_required: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  invalid_transition: 409,
  out_of_stock: 409,
  price_changed: 409,
  /** An API or widget conversation past its business's session timeout: read it, start a new one. */
  session_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_mismatch: 422,
  rate_limited: 429,
  internal_error: 500,
  upstream_error: 502,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly fields?: FieldErrors;
  readonly headers?: Record<string, string>;
  /** Facts the client acts on, sent beside `error` and `detail` (e.g. the current price). */
  readonly extra?: Record<string, string | number>;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { fields?: FieldErrors; headers?: Record<string, string>; extra?: Record<string, string | number>; cause?: unknown } = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.detail = detail;
    this.fields = options.fields;
    this.headers = options.headers;
    this.extra = options.extra;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toJSON(): { error: ErrorCode; detail: string; fields?: FieldErrors } & Record<string, unknown> {
    return { ...this.extra, error: this.code, detail: this.detail, ...(this.fields ? { fields: this.fields } : {}) };
  }
}

export function notFound(what = "Resource"): AppError {
  return new AppError("not_found", `${what} not found.`);
}
