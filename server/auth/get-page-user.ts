import "server-only";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { can, type Permission } from "./permissions";
import { SESSION_COOKIE } from "./session-cookie";
import { findSessionUser, type SessionUser } from "./sessions";

/** For console pages: the signed-in user, or a redirect to sign-in; a 403 page without the permission. */
export async function requirePageUser(permission: Permission = "console.use"): Promise<SessionUser> {
  const user = await findSessionUser((await cookies()).get(SESSION_COOKIE)?.value);
  if (!user) redirect("/login");
  if (!can(user.role, permission)) forbidden();
  return user;
}
