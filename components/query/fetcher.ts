// Every browser call to the JSON API goes through here; errors come back in the server's one shape.
import type { ErrorBody } from "@/server/errors";

/** As received: a newer server may send codes and keys this console does not know. */
type ErrorFields = { code?: string; message?: string; key?: string; values?: Record<string, string | number> };

export class ApiError extends Error {
  readonly code: string;
  /** The dictionary key of what the server said, and its values (components/query/error-text.ts). */
  readonly key?: string;
  readonly values?: Record<string, string | number>;

  constructor(
    readonly status: number,
    fields: ErrorFields,
  ) {
    super(fields.message ?? String(status));
    this.name = "ApiError";
    this.code = fields.code ?? "INTERNAL";
    this.key = fields.key;
    this.values = fields.values;
  }
}

/** A JSON body, or FormData for uploads (the browser writes its multipart header). */
export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const isForm = init.body instanceof FormData;
  const response = await fetch(path, {
    method: init.method ?? "GET",
    credentials: "same-origin",
    headers: init.body === undefined || isForm ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : isForm ? (init.body as FormData) : JSON.stringify(init.body),
  });
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data as Partial<ErrorBody> | null)?.error;
    throw new ApiError(response.status, { ...error, message: error?.message ?? response.statusText });
  }
  return data as T;
}
