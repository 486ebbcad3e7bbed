import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { io } from "socket.io-client";
import { demo, signInAs } from "../support/demo";
import { sandbox, uniqueCustomer } from "../support/sandbox";

async function agentPage(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await signInAs(page, email);
  await page.goto("/inbox?view=queue");
  await expect(page.getByTestId("realtime-status")).toHaveAttribute("data-status", "connected");
  // Busy agents keep their conversations but take no new ones: arrivals stay in the queue.
  await page.getByTestId("presence-picker").selectOption("BUSY");
  return page;
}

test("two agents share the queue: one claims, transfers with a note, the other writes a private note and finds it by search", async ({
  browser,
}) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  const li = await agentPage(first, demo.agent);
  const wang = await agentPage(second, demo.agent2);
  await expect(li.getByTestId("presence-picker")).toHaveValue("BUSY");
  await expect(wang.getByTestId("presence-picker")).toHaveValue("BUSY");

  const customer = uniqueCustomer("wm");
  const phrase = `保温杯${Date.now().toString().slice(-6)}号盖子漏水`;
  await sandbox.customerWrites("wecom", customer, `你好，${phrase}，能换一个吗？`);

  // Both see it waiting; Li claims it and it leaves Wang's queue live.
  const rowFor = (page: Page) => page.getByTestId("conversation-row").filter({ hasText: phrase });
  await expect(rowFor(li)).toBeVisible();
  await expect(rowFor(wang)).toBeVisible();
  await rowFor(li).click();
  await li.getByTestId("claim-button").click();
  await expect(li.getByTestId("conversation-assignee")).toContainText("李娜");
  await expect(rowFor(wang)).toHaveCount(0);

  // Li hands it to Wang with a note; it shows up in Wang's own list without a reload.
  await li.getByTestId("transfer-button").click();
  await li.getByTestId("transfer-panel").locator("select").selectOption({ label: "王强 Wang Qiang · 忙碌" });
  await li.getByTestId("transfer-note").fill("客户要换新，请售后跟进");
  await li.getByTestId("transfer-panel").getByRole("button", { name: "转接" }).click();
  await wang.getByTestId("inbox-tab-mine").click();
  await expect(rowFor(wang)).toBeVisible();
  await rowFor(wang).click();
  await expect(wang.getByTestId("messages")).toContainText("客户要换新，请售后跟进");

  // A note stays inside LoopDesk: the sandbox never receives it.
  await wang.getByTestId("composer-note-mode").click();
  await wang.getByTestId("composer-input").fill("已核实订单，准备补发");
  await wang.getByTestId("composer-input").press("Enter");
  await expect(wang.locator('[data-kind="note"]')).toContainText("已核实订单，准备补发");
  expect(await sandbox.sentTo(customer)).toEqual([]);

  // Search finds the customer's Chinese phrase and opens the conversation.
  await wang.getByTestId("search-input").fill(phrase.slice(0, 3 + 6));
  await wang.getByTestId("search-hit").first().click();
  await expect(wang.getByTestId("messages")).toContainText(phrase);

  await first.close();
  await second.close();
});

test("the composer warns before the last reply, refuses after it with the reason, and offers the channel's template message", async ({
  page,
}) => {
  await signInAs(page, demo.agent);
  await page.goto("/inbox?view=all");
  const customer = uniqueCustomer("o");
  await sandbox.customerWrites("official-account", customer, "五条之后还能回复吗");
  await page.getByTestId("conversation-row").filter({ hasText: "五条之后还能回复吗" }).click();
  for (let i = 1; i <= 4; i += 1) {
    await page.getByTestId("composer-input").fill(`第 ${i} 条`);
    await page.getByTestId("composer-input").press("Enter");
    await expect(page.getByTestId("message").filter({ hasText: `第 ${i} 条` })).toBeVisible();
  }
  await expect(page.getByTestId("reply-window")).toContainText("最后一条");
  await page.getByTestId("composer-input").fill("第 5 条");
  await page.getByTestId("composer-input").press("Enter");
  await expect(page.getByTestId("reply-window")).toContainText("已用完");
  await page.getByTestId("composer-input").fill("第 6 条");
  await page.getByTestId("composer-input").press("Enter");
  await expect(page.getByTestId("composer-error")).toContainText("本轮可回复的消息已用完");
  await expect.poll(() => sandbox.sentTo(customer).then((sent) => sent.length)).toBe(5);

  // The Official Account's template message still reaches the customer, filled in for them.
  const fallback = page.getByTestId("template-fallback");
  await fallback.getByText("仍可发送").click();
  await expect(fallback).toContainText("售后服务跟进");
  await fallback.getByLabel("处理进度").fill("退款已提交，预计 1-3 个工作日到账");
  await page.getByTestId("template-send").click();
  await expect(page.getByTestId("message").filter({ hasText: "退款已提交" })).toBeVisible();
  await expect
    .poll(() => sandbox.messagesTo(customer).then((sent) => sent.filter((message) => message.type === "template")))
    .toEqual([expect.objectContaining({ text: expect.stringContaining("退款已提交，预计 1-3 个工作日到账") })]);
});

test("a private team's conversation is invisible to an outsider: 404 from the API and from the socket room", async ({
  browser,
  baseURL,
}) => {
  const supervisor = await browser.newContext();
  await signInAs(supervisor.request, demo.supervisor);
  const customer = uniqueCustomer("wm");
  const text = `VIP 专属问题 ${customer}`;
  await sandbox.customerWrites("wecom", customer, text);
  let conversationId = "";
  await expect
    .poll(async () => {
      const response = await supervisor.request.get(`/api/search?q=${encodeURIComponent(customer)}`);
      const { messages } = (await response.json()) as { messages: { conversationId: string }[] };
      conversationId = messages[0]?.conversationId ?? "";
      return conversationId;
    })
    .not.toBe("");

  const team = await supervisor.request.post("/api/teams", { data: { name: `VIP ${customer}`, isPrivate: true } });
  const { team: vip } = (await team.json()) as { team: { id: string } };
  const moved = await supervisor.request.post(`/api/conversations/${conversationId}/transfer`, {
    data: { to: { kind: "team", teamId: vip.id }, note: "转 VIP 组" },
  });
  expect(moved.status()).toBe(200);

  const outsider = await browser.newContext();
  await signInAs(outsider.request, demo.agent);
  const viaApi = await outsider.request.get(`/api/conversations/${conversationId}`);
  expect(viaApi.status()).toBe(404);
  expect((await outsider.request.get(`/api/conversations/${conversationId}/messages`)).status()).toBe(404);

  const cookie = (await outsider.cookies()).map((entry) => `${entry.name}=${entry.value}`).join("; ");
  const socket = io(baseURL ?? "", { transports: ["websocket"], extraHeaders: { cookie, origin: baseURL ?? "" } });
  try {
    const ack = await new Promise<{ ok: boolean; error?: { code: string } }>((resolve, reject) => {
      socket.on("connect_error", reject);
      socket.on("connect", () => socket.emit("conversation.subscribe", { conversationId }, resolve));
    });
    expect(ack).toEqual({ ok: false, error: expect.objectContaining({ code: "NOT_FOUND" }) });
  } finally {
    socket.disconnect();
  }
  await supervisor.close();
  await outsider.close();
});

test("an agent sends a picture from the composer; the customer receives it on WeCom", async ({ page }) => {
  await signInAs(page, demo.agent);
  await page.goto("/inbox?view=all");
  await expect(page.getByTestId("realtime-status")).toHaveAttribute("data-status", "connected");
  const customer = uniqueCustomer("wm");
  await sandbox.customerWrites("wecom", customer, "能发张实物图吗");
  await page.getByTestId("conversation-row").filter({ hasText: "能发张实物图吗" }).click();
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
  await page.getByTestId("composer-file").setInputFiles({ name: "实物图.png", mimeType: "image/png", buffer: png });
  await expect(page.getByTestId("message").filter({ has: page.locator("img.bubble-image") })).toBeVisible();
  await expect
    .poll(() => sandbox.messagesTo(customer).then((sent) => sent.map((message) => message.type)))
    .toEqual(["image"]);
});
