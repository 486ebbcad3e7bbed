import { expect, test } from "@playwright/test";
import { demo, signInAs } from "../support/demo";

test("an agent can neither open settings nor call an admin API", async ({ page }) => {
  await signInAs(page, demo.agent);
  const response = await page.goto("/settings");
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toContainText("无权访问");

  const api = await page.request.get("/api/users");
  expect(api.status()).toBe(403);
  expect((await api.json()).error.code).toBe("FORBIDDEN");
  const create = await page.request.post("/api/users", {
    data: { email: "x@loopdesk.test", name: "x", role: "AGENT", password: "long enough pw" },
  });
  expect(create.status()).toBe(403);
});

test("a supervisor opens settings and sees the roster", async ({ page }) => {
  await signInAs(page, demo.supervisor);
  await page.goto("/settings");
  await expect(page.getByTestId("users-table")).toContainText(demo.agent);
  expect((await page.request.get("/api/users")).status()).toBe(200);
});

test("the API answers unknown routes and bad bodies with JSON errors", async ({ request }) => {
  const unknown = await request.get("/api/no-such-thing");
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error.code).toBe("NOT_FOUND");

  const malformed = await request.post("/api/auth/sign-in", {
    headers: { "content-type": "application/json" },
    data: Buffer.from("{not json"),
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.code).toBe("INVALID_JSON");

  const huge = await request.post("/api/auth/sign-in", {
    headers: { "content-type": "application/json" },
    data: JSON.stringify({ email: "a@b.c", password: "x".repeat(2 * 1024 * 1024) }),
  });
  expect(huge.status()).toBe(413);
});

test("a cross-site form post is refused even with a valid session", async ({ page }) => {
  await signInAs(page, demo.supervisor);
  const response = await page.request.post("/api/teams", {
    headers: { origin: "https://evil.example" },
    data: { name: "不应创建" },
  });
  expect(response.status()).toBe(403);
});
