/**
 * A browser request is same-site when its Origin names the host it was sent to, or an origin the
 * config allows (PUBLIC_URL, ALLOWED_ORIGINS). Requests without an Origin come from non-browser
 * clients, which carry no ambient cookies to abuse; `requireOrigin` refuses those too (sockets).
 */
export function isAllowedOrigin(options: {
  origin: string | null | undefined;
  host: string | null | undefined;
  allowedOrigins: string[];
  requireOrigin?: boolean;
}): boolean {
  const { origin, host } = options;
  if (!origin) return !options.requireOrigin;
  if (options.allowedOrigins.includes(origin)) return true;
  try {
    return host !== null && host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
