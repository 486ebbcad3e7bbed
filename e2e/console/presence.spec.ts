import { expect, test } from "@playwright/test";
import { demo, signInAs } from "../support/demo";

test("a supervisor watches an agent come online live, and signing out ends the agent's console", async ({
  browser,
}) => {
  const supervisorContext = await browser.newContext();
  const agentContext = await browser.newContext();
  const supervisor = await supervisorContext.newPage();
  const agent = await agentContext.newPage();

  await signInAs(supervisor, demo.supervisor);
  await supervisor.goto("/dashboard");
  const agentRow = supervisor.getByTestId(`agent-${demo.agent2}`);
  await expect(agentRow).toBeVisible();

  await signInAs(agent, demo.agent2);
  await agent.goto("/inbox");
  await expect(agent.getByTestId("realtime-status")).toHaveAttribute("data-status", "connected");
  // No reload on the supervisor's side: the change arrives over the socket.
  await expect(agentRow.locator("[data-presence]")).toHaveAttribute("data-presence", "ONLINE");

  // The agent signs in on a second device, then changes the password there: the first tab is ended.
  const otherDevice = await browser.newContext();
  const other = await otherDevice.newPage();
  await signInAs(other, demo.agent2);
  await other.goto("/account");
  await other.getByLabel("当前密码").fill(demo.password);
  await other.getByLabel("新密码（至少 10 位）").fill("a-new-password-123");
  await other.getByRole("button", { name: "保存" }).click();
  await expect(other.getByRole("status")).toContainText("1 个");
  await expect(agent).toHaveURL(/\/login\?ended=1$/);

  // Put the demo password back for other specs.
  const reset = await other.request.post("/api/auth/password", {
    data: { currentPassword: "a-new-password-123", newPassword: demo.password },
  });
  expect(reset.status()).toBe(200);
  await Promise.all([supervisorContext.close(), agentContext.close(), otherDevice.close()]);
});
