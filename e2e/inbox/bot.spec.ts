import { expect, type Page, test } from "@playwright/test";
import { demo, signInAs } from "../support/demo";
import { sandbox, uniqueCustomer } from "../support/sandbox";

const SHIP_TIME_ANSWER = "工作日 16:00 前付款的订单当天发货";

test("the bot answers a covered question, learns a missed one in one click, and hands a 转人工 to the queue with its summary", async ({
  browser,
}) => {
  const adminContext = await browser.newContext();
  const agentContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const agent = await agentContext.newPage();
  await signInAs(admin, demo.admin);
  const { channels } = (await (await admin.request.get("/api/channels")).json()) as {
    channels: { id: string; kind: string }[];
  };
  const officialAccount = channels.find((channel) => channel.kind === "OFFICIAL_ACCOUNT");
  if (!officialAccount) throw new Error("the demo has no Official Account");
  const botSwitch = (page: Page) => page.getByTestId(`starts-with-bot-${officialAccount.id}`);
  try {
    // The admin lets the bot greet the Official Account's new conversations.
    await admin.goto("/settings");
    await admin.getByRole("tab", { name: "渠道" }).click();
    await botSwitch(admin).check();
    await expect(botSwitch(admin)).toBeChecked();

    // A covered question is answered by the bot, at WeChat and in the console.
    const asker = uniqueCustomer("ob");
    await sandbox.customerWrites("official-account", asker, "亲，下单后一般几天发货呀");
    await expect.poll(() => sandbox.sentTo(asker)).toEqual([expect.stringContaining(SHIP_TIME_ANSWER)]);

    // A question it cannot answer is listed in Settings → 知识库; one click makes it a variant.
    const missed = "帆布包能机洗吗";
    const first = uniqueCustomer("ob");
    await sandbox.customerWrites("official-account", first, missed);
    await expect.poll(() => sandbox.sentTo(first)).toEqual([expect.stringContaining("还不太会回答")]);
    await admin.getByRole("tab", { name: "知识库" }).click();
    const row = admin.getByTestId("missed-question").filter({ hasText: missed });
    await expect(row).toBeVisible();
    await row.getByRole("combobox").selectOption({ label: "帆布包多大？" });
    await row.getByRole("button", { name: "加为问法" }).click();
    await expect(row.getByRole("button", { name: "已添加" })).toBeVisible();
    const second = uniqueCustomer("ob");
    await sandbox.customerWrites("official-account", second, missed);
    await expect.poll(() => sandbox.sentTo(second)).toEqual([expect.stringMatching(/cm/)]);

    // Asking for a person: the bot says so and the conversation waits in the queue with its summary.
    await signInAs(agent, demo.agent);
    await agent.goto("/inbox?view=queue");
    await expect(agent.getByTestId("realtime-status")).toHaveAttribute("data-status", "connected");
    await agent.getByTestId("presence-picker").selectOption("BUSY");
    await expect(agent.getByTestId("presence-picker")).toHaveValue("BUSY");
    await sandbox.customerWrites("official-account", asker, "转人工");
    await expect.poll(() => sandbox.sentTo(asker)).toHaveLength(2);
    // The row of the customer who asked (the missed question's row shows the bot's "…转人工客服" reply).
    await agent.getByTestId("conversation-row").filter({ hasText: "转人工", hasNotText: "客服" }).click();
    const summary = agent.getByTestId("bot-summary");
    await expect(summary).toContainText("要求人工");
    await expect(summary).toContainText("客户要求人工");
    await expect(agent.getByTestId("message").filter({ hasText: SHIP_TIME_ANSWER })).toContainText("机器人");
    await summary.getByRole("button", { name: "为什么转人工？" }).click();
    await expect(summary.getByTestId("bot-run").first()).toContainText("转人工（客户要求人工）");
    await expect(summary.getByTestId("bot-run").nth(1)).toContainText("按知识库回答");
  } finally {
    // Other specs expect the Official Account's customers to reach the queue directly.
    await admin.request.patch(`/api/channels/${officialAccount.id}`, { data: { startsWithBot: false } });
    await adminContext.close();
    await agentContext.close();
  }
});

test("triage runs through the sandbox's OpenAI-compatible model, and when the model fails the offline engine answers and 'why' says so", async ({
  browser,
}) => {
  const adminContext = await browser.newContext();
  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await signInAs(adminContext.request, demo.admin);
  const { channels } = (await (await adminContext.request.get("/api/channels")).json()) as {
    channels: { id: string; kind: string }[];
  };
  const officialAccount = channels.find((channel) => channel.kind === "OFFICIAL_ACCOUNT");
  if (!officialAccount) throw new Error("the demo has no Official Account");
  const setBot = (startsWithBot: boolean) =>
    adminContext.request.patch(`/api/channels/${officialAccount.id}`, { data: { startsWithBot } });
  try {
    expect((await setBot(true)).status()).toBe(200);
    await signInAs(agent, demo.agent);
    await agent.goto("/inbox?view=queue");
    await expect(agent.getByTestId("realtime-status")).toHaveAttribute("data-status", "connected");
    await agent.getByTestId("presence-picker").selectOption("BUSY");
    await expect(agent.getByTestId("presence-picker")).toHaveValue("BUSY");

    const whyOf = async (text: string) => {
      await agent.getByTestId("conversation-row").filter({ hasText: text }).click();
      const summary = agent.getByTestId("bot-summary");
      await summary.getByRole("button", { name: "为什么转人工？" }).click();
      return summary.getByTestId("bot-run").first();
    };

    await sandbox.customerWrites("official-account", uniqueCustomer("ol"), "人工客服在吗");
    await expect(await whyOf("人工客服在吗")).toContainText("openai/sandbox-llm");

    await sandbox.setModel("fail");
    await sandbox.customerWrites("official-account", uniqueCustomer("ol"), "我要找真人客服");
    const fellBack = await whyOf("我要找真人客服");
    await expect(fellBack).toContainText("offline/intent-lr-2");
    await expect(fellBack).toContainText("HTTP 500");
    await expect(fellBack).toContainText("转人工（客户要求人工）");
  } finally {
    await sandbox.setModel("ok");
    await setBot(false);
    await adminContext.close();
    await agentContext.close();
  }
});
