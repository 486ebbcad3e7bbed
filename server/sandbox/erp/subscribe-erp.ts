// The demo's brand points LoopDesk's webhooks at the sandbox ERP, as an admin would in Settings →
// Webhooks: the previous run's subscription to it is replaced (its secret died with that run).
import { signInToConsole } from "../console-session";
import type { ErpFake } from "./erp-fake";

export async function subscribeSandboxErp(options: {
  consoleUrl: string;
  admin: { email: string; password: string };
  erp: ErpFake;
  url: string;
  events: readonly string[];
}): Promise<void> {
  const api = await signInToConsole(options.consoleUrl, options.admin);
  const listed = (await (await api("/api/webhook-subscriptions")).json()) as {
    subscriptions: { id: string; url: string }[];
  };
  for (const old of listed.subscriptions.filter((subscription) => subscription.url === options.url)) {
    await api(`/api/webhook-subscriptions/${old.id}`, { method: "DELETE" });
  }
  const created = await api("/api/webhook-subscriptions", {
    method: "POST",
    body: { url: options.url, events: options.events },
  });
  if (!created.ok) throw new Error(`the sandbox ERP could not subscribe (${created.status}: ${await created.text()})`);
  options.erp.secret = ((await created.json()) as { secret: string }).secret;
}
