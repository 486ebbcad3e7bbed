import { expect, test } from "@playwright/test";
import { demo } from "../support/demo";

test("an agent signs in and lands in the console with the realtime link up", async ({ page }) => {
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("邮箱").fill(demo.agent);
  await page.getByLabel("密码").fill(demo.password);
  await page.getByRole("button", { name: "登录" }).click();

  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByTestId("current-user")).toContainText("李娜");
  await expect(page.getByTestId("realtime-status")).toHaveAttribute("data-status", "connected");
  await expect(page.getByRole("link", { name: "收件箱" })).toBeVisible();
  // Agents are not shown supervisor screens.
  await expect(page.getByRole("link", { name: "设置" })).toHaveCount(0);
});

test("a wrong password shows an error and signs nobody in", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("邮箱").fill(demo.agent2);
  await page.getByLabel("密码").fill("not-the-password");
  await page.getByRole("button", { name: "登录" }).click();

  await expect(page.getByRole("alert").filter({ hasText: "邮箱或密码错误" })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.request.get("/api/auth/session")).status()).toBe(401);
});

test("the console switches to English and back", async ({ page }) => {
  await page.goto("/login");
  await page.getByTestId("locale-switch").click();
  await expect(page.getByRole("heading", { name: "Sign in to LoopDesk" })).toBeVisible();
  await page.getByTestId("locale-switch").click();
  await expect(page.getByRole("heading", { name: "登录 LoopDesk" })).toBeVisible();
});
