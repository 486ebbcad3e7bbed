import type { APIRequestContext, Page } from "@playwright/test";

/** The demo's people (server/demo/demo-users.ts), seeded by LOOPDESK_DEMO=1. */
export const demo = {
  password: "loopdesk-demo",
  admin: "admin@loopdesk.demo",
  supervisor: "supervisor@loopdesk.demo",
  agent: "agent1@loopdesk.demo",
  agent2: "agent2@loopdesk.demo",
} as const;

/** Signs in through the API (fast); the cookie lands in the page's browser context. */
export async function signInAs(target: Page | APIRequestContext, email: string) {
  const request = "request" in target ? target.request : target;
  const response = await request.post("/api/auth/sign-in", { data: { email, password: demo.password } });
  if (!response.ok()) throw new Error(`sign-in as ${email} failed: ${response.status()} ${await response.text()}`);
}
