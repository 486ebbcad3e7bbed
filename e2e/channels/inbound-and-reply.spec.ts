import { expect, test } from "@playwright/test";
import { demo, signInAs } from "../support/demo";
import { sandbox, uniqueCustomer } from "../support/sandbox";

test("customers on WeCom and the Official Account appear live; the agent replies within WeChat's window", async ({
  page,
}) => {
  await signInAs(page, demo.agent);
  await page.goto("/inbox?view=all");
  await expect(page.getByTestId("realtime-status")).toHaveAttribute("data-status", "connected");

  const kfCustomer = uniqueCustomer("wm");
  const oaCustomer = uniqueCustomer("o");
  await sandbox.customerWrites("wecom", kfCustomer, "我的快递到哪了？");
  await sandbox.customerWrites(
    "official-account",
    oaCustomer,
    "<script>window.__pwned=1</script><b>优惠券</b>怎么用？",
  );

  // Both conversations arrive without a reload, over the socket.
  const kfRow = page.getByTestId("conversation-row").filter({ hasText: "我的快递到哪了？" });
  const oaRow = page.getByTestId("conversation-row").filter({ hasText: "优惠券" });
  await expect(kfRow).toContainText("企业微信");
  await expect(oaRow).toContainText("公众号");

  // Reply on WeCom: the sandbox receives it and the bubble turns "sent".
  await kfRow.click();
  await expect(page.getByTestId("reply-window")).toContainText("本轮还可回复 5 条");
  await page.getByTestId("composer-input").fill("已经在路上了，预计明天送达");
  await page.getByTestId("composer-input").press("Enter");
  const reply = page.getByTestId("message").filter({ hasText: "预计明天送达" });
  await expect(reply.getByTestId("delivery-status")).toContainText("已发送");
  await expect.poll(() => sandbox.sentTo(kfCustomer)).toEqual(["已经在路上了，预计明天送达"]);

  // The Official Account customer's HTML is shown as text and never runs.
  await oaRow.click();
  await expect(page.getByTestId("message-text").first()).toHaveText(
    "<script>window.__pwned=1</script><b>优惠券</b>怎么用？",
  );
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  // Five replies are allowed per customer message; the sixth is refused with the reason.
  for (let i = 1; i <= 5; i += 1) {
    await page.getByTestId("composer-input").fill(`回复 ${i}`);
    await page.getByRole("button", { name: "发送" }).click();
    await expect(page.getByTestId("message").filter({ hasText: `回复 ${i}` })).toBeVisible();
  }
  await expect(page.getByTestId("reply-window")).toContainText("已用完");
  await page.getByTestId("composer-input").fill("回复 6");
  await page.getByRole("button", { name: "发送" }).click();
  await expect(page.getByTestId("composer-error")).toContainText("本轮可回复的消息已用完");
  await expect.poll(() => sandbox.sentTo(oaCustomer).then((sent) => sent.length)).toBe(5);
  expect(await sandbox.sentTo(oaCustomer)).not.toContain("回复 6");
});
