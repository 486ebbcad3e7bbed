import { ZodError } from "zod";
import { createLogger } from "./logger";

/** Error codes clients can act on. The message of an AppError is safe to show to the user. */
export type AppErrorCode =
  | "INVALID_INPUT"
  /** The request body is not valid JSON (or not JSON at all). */
  | "INVALID_JSON"
  /** The request body is larger than API_BODY_LIMIT_BYTES. */
  | "PAYLOAD_TOO_LARGE"
  /** The request body did not arrive in time (webhooks: 10 s). */
  | "REQUEST_TIMEOUT"
  | "UNAUTHORIZED"
  /** Email or password wrong; deliberately the same for an unknown email. */
  | "INVALID_CREDENTIALS"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "CONFLICT"
  | "RATE_LIMITED"
  /** The channel's reply window has expired (48 h, or 1 min after a menu click): nothing may be sent. */
  | "REPLY_WINDOW_CLOSED"
  /** Every reply the window allows (5 per customer message, 3 after a menu click) has been sent. */
  | "REPLY_QUOTA_EXHAUSTED"
  /** The conversation is resolved; reopen it first. */
  | "CONVERSATION_RESOLVED"
  /** Another agent took the conversation first. */
  | "ALREADY_ASSIGNED"
  /** A transfer to an agent who is offline (they would never see it). */
  | "AGENT_OFFLINE"
  /** A file the channel cannot carry (a non-picture to an Official Account, an empty or too large file). */
  | "UNSUPPORTED_MEDIA"
  | "UPSTREAM_FAILED"
  | "UNAVAILABLE"
  | "INTERNAL";

export const statusByCode: Record<AppErrorCode, number> = {
  INVALID_INPUT: 422,
  INVALID_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  REQUEST_TIMEOUT: 408,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  REPLY_WINDOW_CLOSED: 409,
  REPLY_QUOTA_EXHAUSTED: 409,
  CONVERSATION_RESOLVED: 409,
  ALREADY_ASSIGNED: 409,
  AGENT_OFFLINE: 409,
  UNSUPPORTED_MEDIA: 415,
  UPSTREAM_FAILED: 502,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export type AppErrorOptions = {
  cause?: unknown;
  /** Logged, never sent to the client. */
  meta?: Record<string, unknown>;
  /** Extra response headers, e.g. Retry-After. */
  headers?: Record<string, string>;
  /** Which fields were wrong, as for a validation error. */
  issues?: ErrorIssue[];
};

export type ErrorIssue = { path: string; message: string };

export class AppError extends Error {
  override name = "AppError";
  readonly code: AppErrorCode;
  readonly meta?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
  readonly issues?: ErrorIssue[];

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.meta = options.meta;
    this.headers = options.headers;
    this.issues = options.issues;
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

export type ErrorBody = {
  error: { code: AppErrorCode; message: string; issues?: ErrorIssue[] };
};

const log = createLogger("errors");

function prismaCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error && "clientVersion" in error) {
    const { code } = error as { code: unknown };
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

/** The one place an error becomes a response shape, for HTTP and socket acks alike. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  if (error instanceof AppError) {
    if (error.status >= 500) log.error({ err: error, meta: error.meta }, error.message);
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } },
      headers: error.headers,
    };
  }
  if (error instanceof ZodError) {
    return {
      status: 422,
      body: {
        error: {
          code: "INVALID_INPUT",
          message: "请求参数无效 / Invalid input",
          issues: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
        },
      },
    };
  }
  const code = prismaCode(error);
  if (code === "P2002") return toErrorResponse(new AppError("CONFLICT", "记录已存在 / Already exists"));
  if (code === "P2025") return toErrorResponse(new AppError("NOT_FOUND", "未找到 / Not found"));
  log.error({ err: error }, "unhandled error");
  return { status: 500, body: { error: { code: "INTERNAL", message: "服务器内部错误 / Internal error" } } };
}
