import { request } from "@playwright/test";
import { demo, signInAs } from "./demo";

/** The demo mini program's AppID (server/demo/demo-channels.ts): the shop's orders name it. */
export const DEMO_MINI_PROGRAM_APP_ID = "wx2000000000000de0";

/** The brand's shop: an admin makes it an API key, and its requests carry that key. */
export async function openShop(baseURL: string | undefined, scopes: string[] = ["orders:write"]) {
  const admin = await request.newContext({ baseURL });
  await signInAs(admin, demo.admin);
  const created = await admin.post("/api/api-keys", { data: { name: "小程序商城", scopes } });
  const { key } = (await created.json()) as { key: string };
  await admin.dispose();
  return request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
}
