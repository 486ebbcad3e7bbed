// The sandbox's brand signs in to the console as its admin would (the shop making its API key, the
// ERP subscribing to webhooks): a session cookie for the console's own API.
export async function signInToConsole(
  consoleUrl: string,
  admin: { email: string; password: string },
): Promise<(path: string, init?: { method?: string; body?: unknown }) => Promise<Response>> {
  const headers = { "content-type": "application/json", origin: consoleUrl };
  const signIn = await fetch(`${consoleUrl}/api/auth/sign-in`, {
    method: "POST",
    headers,
    body: JSON.stringify(admin),
  });
  const cookie = signIn.headers
    .getSetCookie()
    .map((entry) => entry.split(";")[0])
    .join("; ");
  if (!signIn.ok || !cookie) throw new Error(`the sandbox could not sign in to the console (${signIn.status})`);
  return (path, init = {}) =>
    fetch(`${consoleUrl}${path}`, {
      method: init.method ?? "GET",
      headers: { ...headers, cookie },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
}
