import { expect, test } from "@playwright/test";
import { demo, signInAs } from "../support/demo";
import { sandbox, uniqueCustomer } from "../support/sandbox";

test("a customer nobody takes at once is told where they stand; the agent sees it as the system's message", async ({
  browser,
}) => {
  const admin = await browser.newContext();
  await signInAs(admin.request, demo.admin);
  const { channels } = (await (await admin.request.get("/api/channels")).json()) as {
    channels: { id: string; kind: string }[];
  };
  const officialAccount = channels.find((channel) => channel.kind === "OFFICIAL_ACCOUNT");
  if (!officialAccount) throw new Error("the demo has no Official Account");
  const setNotice = (queueNotice: string | null) =>
    admin.request.patch(`/api/channels/${officialAccount.id}`, { data: { queueNotice } });
  expect((await setNotice("您好，您排在第 {{queue.position}} 位，客服马上就来")).status()).toBe(200);

  const contexts = [await browser.newContext(), await browser.newContext()];
  const [page, colleague] = await Promise.all(contexts.map((context) => context.newPage()));
  if (!page || !colleague) throw new Error("no pages");
  try {
    // Both agents busy: they take no new conversations, so this one waits in the queue.
    for (const [agentPage, email] of [
      [page, demo.agent],
      [colleague, demo.agent2],
    ] as const) {
      await signInAs(agentPage, email);
      await agentPage.goto("/inbox?view=queue");
      await expect(agentPage.getByTestId("realtime-status")).toHaveAttribute("data-status", "connected");
      await agentPage.getByTestId("presence-picker").selectOption("BUSY");
      await expect(agentPage.getByTestId("presence-picker")).toHaveValue("BUSY");
    }

    const customer = uniqueCustomer("o");
    const question = `发货要几天？${customer.slice(-4)}`;
    await sandbox.customerWrites("official-account", customer, question);
    await page.getByTestId("conversation-row").filter({ hasText: question }).click();
    const notice = page.getByTestId("message").filter({ hasText: /您排在第 \d+ 位，客服马上就来/ });
    await expect(notice).toContainText("系统");
    await expect(notice.getByTestId("delivery-status")).toContainText("已发送");
    // The queue still shows what the customer asked, not the notice.
    await expect(page.getByTestId("conversation-row").filter({ hasText: question })).toBeVisible();
    expect(await sandbox.sentTo(customer)).toEqual([expect.stringMatching(/^您好，您排在第 \d+ 位，客服马上就来$/)]);
  } finally {
    // Other specs count the replies a window allows: the demo goes back to no notice.
    await setNotice(null);
    for (const context of contexts) await context.close();
    await admin.close();
  }
});
