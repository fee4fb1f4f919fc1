export interface FieldError {
  field: string;
  message: string;
}

/** An error from the API: `{"error": code, "detail": localized message, "fields"?: [...]}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];

  constructor(status: number, code: string, detail: string, fields: FieldError[] = []) {
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  static fromBody(status: number, body: unknown): ApiError {
    if (body && typeof body === "object") {
      const b = body as Record<string, unknown>;
      const code = typeof b.error === "string" ? b.error : `http_${status}`;
      const fields = Array.isArray(b.fields) ? b.fields.filter(isFieldError) : [];
      if (typeof b.detail === "string") return new ApiError(status, code, b.detail, fields);
      // FastAPI's default validation body: {"detail": [{loc, msg}]}
      if (Array.isArray(b.detail)) {
        const items = b.detail.filter(
          (d): d is { loc: unknown[]; msg: string } =>
            !!d && typeof d === "object" && typeof (d as { msg?: unknown }).msg === "string",
        );
        const fieldErrors = items.map((d) => ({
          field: Array.isArray(d.loc) ? String(d.loc[d.loc.length - 1]) : "",
          message: d.msg,
        }));
        return new ApiError(status, code, items.map((d) => d.msg).join("; "), fieldErrors);
      }
    }
    if (typeof body === "string" && body) return new ApiError(status, `http_${status}`, body);
    return new ApiError(status, `http_${status}`, "");
  }

  static network(cause: unknown): ApiError {
    const err = new ApiError(0, "network", "");
    (err as { cause?: unknown }).cause = cause;
    return err;
  }
}

function isFieldError(x: unknown): x is FieldError {
  return (
    !!x &&
    typeof x === "object" &&
    typeof (x as FieldError).field === "string" &&
    typeof (x as FieldError).message === "string"
  );
}
