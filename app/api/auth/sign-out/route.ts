// POST /api/auth/sign-out – ends this session (and its live sockets) and clears the cookie
import { clearSessionCookie } from "@/server/auth/session-cookie";
import { signOut } from "@/server/auth/sign-out";
import { getConfig } from "@/server/env";
import { withUser } from "@/server/http/route";

export const POST = withUser("console.use", async (_req, { user, ip }) => {
  await signOut(user, ip);
  return new Response(null, {
    status: 204,
    headers: { "set-cookie": clearSessionCookie({ secure: getConfig().secureCookies }) },
  });
});
