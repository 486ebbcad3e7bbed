// POST /api/auth/sign-in – email + password → httpOnly session cookie
import { serializeSessionCookie } from "@/server/auth/session-cookie";
import { signIn, signInSchema } from "@/server/auth/sign-in";
import { getConfig } from "@/server/env";
import { readJson } from "@/server/http/read-json";
import { withRoute } from "@/server/http/route";

export const POST = withRoute(async (req, { ip, bodyLimitBytes }) => {
  const input = await readJson(req, signInSchema, bodyLimitBytes);
  const config = getConfig();
  const result = await signIn({
    ...input,
    ip,
    userAgent: req.headers.get("user-agent"),
    sessionTtlMs: config.sessionTtlMs,
  });
  return Response.json(
    { user: result.user },
    {
      headers: {
        "set-cookie": serializeSessionCookie(result.token, result.expiresAt, { secure: config.secureCookies }),
      },
    },
  );
});
