// Wrappers that keep Next.js route handlers to glue: same-site check for writes, session and
// permission check, and one error translation. Handlers receive a typed context.
import { type ApiCaller, type ApiScope, authenticateApiKey } from "../api-keys/api-keys";
import { can, type Permission } from "../auth/permissions";
import { readCookie, SESSION_COOKIE } from "../auth/session-cookie";
import { findSessionUser, type SessionUser } from "../auth/sessions";
import { getConfig } from "../env";
import { AppError, localized, toErrorResponse } from "../errors";
import { CLIENT_IP_HEADER } from "./client-ip";
import { isAllowedOrigin } from "./origin";
import { assertStorableText } from "./storable-text";

type NextRouteContext = { params: Promise<Record<string, string | string[]>> };

export type RouteContext = {
  params: Record<string, string | string[]>;
  ip: string | null;
  bodyLimitBytes: number;
};
export type UserRouteContext = RouteContext & { user: SessionUser };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function errorResponse(error: unknown): Response {
  const { status, body, headers } = toErrorResponse(error);
  return Response.json(body, { status, headers });
}

/** What every route gets: its parameters (checked to be storable text, like the query), address and body limit. */
async function routeContext(req: Request, nextContext: NextRouteContext): Promise<RouteContext> {
  const params = (await nextContext?.params) ?? {};
  assertStorableText(params, "path");
  assertStorableText(Object.fromEntries(new URL(req.url).searchParams), "query");
  return { params, ip: req.headers.get(CLIENT_IP_HEADER), bodyLimitBytes: getConfig().apiBodyLimitBytes };
}

export function withRoute(handler: (req: Request, context: RouteContext) => Promise<Response>) {
  return async (req: Request, nextContext: NextRouteContext): Promise<Response> => {
    try {
      if (
        !SAFE_METHODS.has(req.method) &&
        !isAllowedOrigin({
          origin: req.headers.get("origin"),
          host: req.headers.get("host"),
          allowedOrigins: getConfig().allowedOrigins,
        })
      ) {
        throw new AppError("FORBIDDEN", localized("error.crossSiteRefused"));
      }
      return await handler(req, await routeContext(req, nextContext));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export type ApiRouteContext = RouteContext & { caller: ApiCaller };

/**
 * The open API (/api/v1): authenticated by `Authorization: Bearer <key>` with `scope`, never by the
 * session cookie, so no same-site check is needed (a browser sends no such header on its own).
 */
export function withApiKey(scope: ApiScope, handler: (req: Request, context: ApiRouteContext) => Promise<Response>) {
  return async (req: Request, nextContext: NextRouteContext): Promise<Response> => {
    try {
      const caller = await authenticateApiKey(req.headers.get("authorization"), scope);
      return await handler(req, { ...(await routeContext(req, nextContext)), caller });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export async function requireUser(req: Request, permission: Permission = "console.use"): Promise<SessionUser> {
  const user = await findSessionUser(readCookie(req.headers.get("cookie"), SESSION_COOKIE));
  if (!user) throw new AppError("UNAUTHORIZED", localized("error.pleaseSignIn"));
  if (!can(user.role, permission)) throw new AppError("FORBIDDEN", localized("error.notAllowed"));
  return user;
}

export function withUser(
  permission: Permission,
  handler: (req: Request, context: UserRouteContext) => Promise<Response>,
) {
  return withRoute(async (req, context) => handler(req, { user: await requireUser(req, permission), ...context }));
}

/** A route parameter that Next.js guarantees is a single segment. */
export function param(context: RouteContext, name: string): string {
  const value = context.params[name];
  if (typeof value !== "string") throw new AppError("NOT_FOUND", localized("error.notFound"));
  return value;
}
