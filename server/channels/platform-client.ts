// The one HTTP client for WeChat-family APIs (WeCom, Official Account, mini program): the base URL
// comes from config (Tencent, or the sandbox), the access token is shared by every instance through
// the database (sealed), and refreshed once when the platform says it is invalid or expired.
import { createHash } from "node:crypto";
import { z } from "zod";
import { secretBox } from "../crypto/secret-box";
import { db } from "../db/db";
import { AppError } from "../errors";
import { callPlatform, type PlatformHttpAnswer } from "./platform-http";

/** Refresh this long before the platform's expiry, so a token never dies mid-call. */
const EARLY_REFRESH_MS = 5 * 60_000;
const TIMEOUT_MS = 10_000;
/** sync_msg's largest page (1,000 messages) is well under a megabyte. */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

export class PlatformApiError extends Error {
  override name = "PlatformApiError";
  constructor(
    readonly vendor: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`${vendor} error ${errcode}: ${errmsg}`);
  }
}

const envelopeSchema = z.object({ errcode: z.number().default(0), errmsg: z.string().default("ok") }).loose();
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1).max(1024),
  expires_in: z.number().int().positive(),
});
type Envelope = z.infer<typeof envelopeSchema>;

export type PlatformRequest = (path: string, init?: { method?: "GET" | "POST"; body?: unknown }) => Promise<Envelope>;

export type PlatformClientOptions = {
  vendor: "wecom" | "wechat";
  baseUrl: string;
  /** Identifies the token: the account and a fingerprint of its secret, so a rotated secret gets a new one. */
  account: string;
  secret: string;
  /** errcodes meaning "this access token is no good". */
  tokenInvalidCodes: ReadonlySet<number>;
  requestToken(request: PlatformRequest): Promise<z.infer<typeof tokenResponseSchema>>;
};

export type PlatformMedia = { contentType: string; bytes: Buffer; fileName?: string };
export type UploadFile = { bytes: Buffer; fileName: string; contentType: string };

export type PlatformClient = {
  post<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T>;
  get<T>(path: string, query: Record<string, string>, schema: z.ZodType<T>): Promise<T>;
  /** GET a binary resource (media/get); a JSON answer is the platform's error. */
  download(path: string, query: Record<string, string>, maxBytes: number): Promise<PlatformMedia>;
  /** POST a file as the multipart `media` field (media/upload). */
  upload<T>(path: string, query: Record<string, string>, file: UploadFile, schema: z.ZodType<T>): Promise<T>;
};

const memory = new Map<string, { token: string; expiresAt: number }>();

/** Platforms send a Chinese file name percent-encoded or raw; either reads back as the name. */
function decodeFileName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

export function createPlatformClient(options: PlatformClientOptions): PlatformClient {
  const fingerprint = createHash("sha256").update(options.secret).digest("hex").slice(0, 12);
  const key = `${options.vendor}:${options.account}:${fingerprint}`;

  const request: PlatformRequest = async (path, init = {}) => {
    let answer: PlatformHttpAnswer;
    try {
      answer = await callPlatform(`${options.baseUrl}${path}`, {
        method: init.method ?? "GET",
        json: init.body === undefined ? undefined : JSON.stringify(init.body),
        timeoutMs: TIMEOUT_MS,
        maxBytes: MAX_ANSWER_BYTES,
      });
    } catch (error) {
      throw new AppError("UPSTREAM_FAILED", `${options.vendor} did not answer`, {
        cause: error,
        meta: { vendor: options.vendor },
      });
    }
    if (answer.status < 200 || answer.status > 299) {
      throw new AppError("UPSTREAM_FAILED", `${options.vendor} answered HTTP ${answer.status}`, {
        meta: { vendor: options.vendor },
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(answer.body);
    } catch (error) {
      throw new AppError("UPSTREAM_FAILED", `${options.vendor} answered something other than JSON`, {
        cause: error,
        meta: { vendor: options.vendor },
      });
    }
    const data = envelopeSchema.parse(json);
    if (data.errcode !== 0) throw new PlatformApiError(options.vendor, data.errcode, data.errmsg);
    return data;
  };

  async function accessToken(forceRefresh: boolean): Promise<string> {
    if (!forceRefresh) {
      const cached = memory.get(key);
      if (cached && cached.expiresAt > Date.now()) return cached.token;
      const stored = await db().accessToken.findUnique({ where: { key } });
      if (stored && stored.expiresAt.getTime() > Date.now()) {
        const token = secretBox().open(stored.tokenEnc);
        memory.set(key, { token, expiresAt: stored.expiresAt.getTime() });
        return token;
      }
    }
    const { access_token: token, expires_in: expiresIn } = await options.requestToken(request);
    const expiresAt = new Date(Date.now() + expiresIn * 1000 - EARLY_REFRESH_MS);
    const tokenEnc = secretBox().seal(token);
    await db().accessToken.upsert({
      where: { key },
      create: { key, tokenEnc, expiresAt },
      update: { tokenEnc, expiresAt },
    });
    memory.set(key, { token, expiresAt: expiresAt.getTime() });
    return token;
  }

  async function downloadOnce(path: string, query: Record<string, string>, token: string, maxBytes: number) {
    const url = `${options.baseUrl}${path}?${new URLSearchParams({ ...query, access_token: token })}`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw new AppError("UPSTREAM_FAILED", `${options.vendor} did not answer`, { cause: error });
    }
    const contentType = response.headers.get("content-type") ?? "application/octet-stream";
    if (!response.ok) throw new AppError("UPSTREAM_FAILED", `${options.vendor} answered HTTP ${response.status}`);
    if (Number(response.headers.get("content-length") ?? 0) > maxBytes) {
      throw new AppError("PAYLOAD_TOO_LARGE", "media too large");
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", "media too large");
    if (contentType.includes("json") || contentType.startsWith("text/plain")) {
      const data = envelopeSchema.parse(JSON.parse(bytes.toString("utf8")));
      throw new PlatformApiError(options.vendor, data.errcode, data.errmsg);
    }
    const disposition = response.headers.get("content-disposition") ?? "";
    const fileName = /filename="?([^";]+)"?/.exec(disposition)?.[1];
    return { contentType, bytes, fileName: fileName === undefined ? undefined : decodeFileName(fileName) };
  }

  async function uploadOnce(path: string, query: Record<string, string>, token: string, file: UploadFile) {
    const url = `${options.baseUrl}${path}?${new URLSearchParams({ ...query, access_token: token })}`;
    const form = new FormData();
    form.append("media", new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.fileName);
    let response: Response;
    try {
      response = await fetch(url, { method: "POST", body: form, signal: AbortSignal.timeout(60_000) });
    } catch (error) {
      throw new AppError("UPSTREAM_FAILED", `${options.vendor} did not answer`, { cause: error });
    }
    if (!response.ok) throw new AppError("UPSTREAM_FAILED", `${options.vendor} answered HTTP ${response.status}`);
    const data = envelopeSchema.parse(await response.json());
    if (data.errcode !== 0) throw new PlatformApiError(options.vendor, data.errcode, data.errmsg);
    return data;
  }

  /** One call with the access token, refreshed once if the platform says it is no good. */
  async function withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const token = await accessToken(attempt > 0);
      try {
        return await call(token);
      } catch (error) {
        if (error instanceof PlatformApiError && options.tokenInvalidCodes.has(error.errcode) && attempt === 0) {
          memory.delete(key);
          continue;
        }
        throw error;
      }
    }
  }

  return {
    post: (path, body, schema) =>
      withToken(async (token) =>
        schema.parse(await request(`${path}?access_token=${encodeURIComponent(token)}`, { method: "POST", body })),
      ),
    get: (path, query, schema) =>
      withToken(async (token) =>
        schema.parse(await request(`${path}?${new URLSearchParams({ ...query, access_token: token })}`)),
      ),
    download: (path, query, maxBytes) => withToken((token) => downloadOnce(path, query, token, maxBytes)),
    upload: (path, query, file, schema) =>
      withToken(async (token) => schema.parse(await uploadOnce(path, query, token, file))),
  };
}
