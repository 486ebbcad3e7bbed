import { ZodError } from "zod";
import { type ErrorMessageKey, errorMessagesEn } from "../components/i18n/error-messages";
import { format } from "../components/i18n/messages";
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

/** A message the console shows in the user's language: a key of the error dictionary, and its values. */
export type LocalizedText = { key: ErrorMessageKey; values?: Record<string, string | number> };

export function localized(key: ErrorMessageKey, values?: Record<string, string | number>): LocalizedText {
  return values ? { key, values } : { key };
}

function englishOf(text: LocalizedText): string {
  return format(errorMessagesEn[text.key], text.values);
}

export class AppError extends Error {
  override name = "AppError";
  readonly code: AppErrorCode;
  readonly meta?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
  readonly issues?: ErrorIssue[];
  readonly text?: LocalizedText;

  /** `message`: a LocalizedText for what people read; plain English for what only API clients see. */
  constructor(code: AppErrorCode, message: string | LocalizedText, options: AppErrorOptions = {}) {
    super(typeof message === "string" ? message : englishOf(message), { cause: options.cause });
    this.code = code;
    this.text = typeof message === "string" ? undefined : message;
    this.meta = options.meta;
    this.headers = options.headers;
    this.issues = options.issues;
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

export type ErrorBody = {
  error: {
    code: AppErrorCode;
    /** English, for logs and API clients; the console shows `key` in the user's language. */
    message: string;
    key?: ErrorMessageKey;
    values?: Record<string, string | number>;
    issues?: ErrorIssue[];
  };
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
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...error.text,
          ...(error.issues ? { issues: error.issues } : {}),
        },
      },
      headers: error.headers,
    };
  }
  if (error instanceof ZodError) {
    return {
      status: 422,
      body: {
        error: {
          code: "INVALID_INPUT",
          message: errorMessagesEn["error.invalidInput"],
          key: "error.invalidInput",
          issues: error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
        },
      },
    };
  }
  const code = prismaCode(error);
  if (code === "P2002") return toErrorResponse(new AppError("CONFLICT", localized("error.alreadyExists")));
  if (code === "P2025") return toErrorResponse(new AppError("NOT_FOUND", localized("error.notFound")));
  log.error({ err: error }, "unhandled error");
  return {
    status: 500,
    body: { error: { code: "INTERNAL", message: errorMessagesEn["error.internalError"], key: "error.internalError" } },
  };
}
