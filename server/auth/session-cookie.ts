// The console session cookie: an opaque random token, httpOnly and SameSite=Lax.
export const SESSION_COOKIE = "ld_session";

export type SessionCookieOptions = { secure: boolean };

export function serializeSessionCookie(token: string, expiresAt: Date, options: SessionCookieOptions): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

export function clearSessionCookie(options: SessionCookieOptions): string {
  return serializeSessionCookie("", new Date(0), options);
}

/** Reads one cookie from a Cookie header without trusting its shape. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      return value.length > 0 && value.length <= 256 ? value : undefined;
    }
  }
  return undefined;
}
