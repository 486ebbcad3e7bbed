// A customer who subscribed in the mini program is told when their parcel ships, once however often
// the carrier repeats itself; with their one subscription spent, the failed delivery is recorded as
// told to nobody rather than sent into WeChat's refusal. What was sent is in the conversation's
// timeline.
import { describe, expect, it } from "vitest";
import { createMessageTemplate } from "../channels/templates/message-templates";
import { db } from "../db/db";
import type { SandboxWechatApp } from "../sandbox/wechat/wechat-fake";
import { startChannelHarness, uniqueId as unique } from "../testing/channel-harness";
import { eventually } from "../testing/eventually";
import { seedSignedInUser } from "../testing/seed";
import { applyTracking } from "./apply-tracking";

const oa: SandboxWechatApp = {
  kind: "OFFICIAL_ACCOUNT",
  appId: "wx00000000000000pn",
  originalId: "gh_parcel_notice",
  secret: "oa-secret",
  token: "oaToken",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};
const mp: SandboxWechatApp = {
  kind: "MINI_PROGRAM",
  appId: "wx00000000000000pm",
  originalId: "gh_parcel_notice_mp",
  secret: "mp-secret",
  token: "mpToken",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  templates: [{ templateId: "sub_parcel", keys: ["thing1", "character_string2", "thing3"] }],
};
const sandbox = await startChannelHarness({
  corp: { corpId: "wwparcelnotice01", secret: "s", token: "t", aesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt" },
  officialAccount: oa,
  miniProgram: mp,
});

const scan = (status: "PICKED_UP" | "IN_TRANSIT" | "FAILED_DELIVERY", minutes: number, description: string) => ({
  occurredAt: new Date(Date.now() - 3_600_000 + minutes * 60_000),
  status,
  carrierCode: status,
  description,
});

async function customerWithParcel() {
  const openid = `o${unique()}`;
  await sandbox.wechat.customerSends(mp.appId, openid, "我的快递什么时候发？");
  const conversation = await eventually(
    () => db().conversation.findFirst({ where: { customer: { identities: { some: { externalId: openid } } } } }),
    (found) => found !== null,
  );
  if (!conversation) throw new Error("no conversation");
  const order = await db().order.create({
    data: { orderNo: `LD${unique()}`, totalFen: 9_900, status: "PAID", customerId: conversation.customerId },
  });
  const parcel = { carrier: "zhongtong", trackingNo: `ZT${unique()}` };
  await db().shipment.create({ data: { orderId: order.id, ...parcel } });
  return { openid, conversation, order, parcel };
}

const sentTo = (openid: string) => sandbox.wechat.sent.filter((message) => message.toUser === openid);

describe("parcel notices", () => {
  it("a subscribed customer is told the parcel shipped, once; a milestone with no subscription left is not sent", async () => {
    const admin = await seedSignedInUser({ role: "ADMIN" });
    const channel = await db().channelAccount.findFirstOrThrow({ where: { appId: mp.appId } });
    await createMessageTemplate(
      admin.sessionUser,
      channel.id,
      {
        templateId: "sub_parcel",
        title: "物流状态通知",
        fields: [
          { key: "thing1", label: "物流状态", value: "{{parcel.status}}" },
          { key: "character_string2", label: "运单号", value: "{{parcel.trackingNo}}" },
          { key: "thing3", label: "最新动态", value: "{{parcel.lastEvent}}" },
        ],
        forParcelUpdates: true,
      },
      null,
    );
    const { openid, conversation, parcel } = await customerWithParcel();
    await sandbox.wechat.customerSubscribes(mp.appId, openid, "sub_parcel");
    await eventually(
      () => db().templateSubscription.findFirst({ where: { openId: openid } }),
      (grant) => grant?.remaining === 1,
    );

    await applyTracking(parcel, [scan("PICKED_UP", 0, "【杭州】快递员已揽收")]);
    await eventually(
      () => Promise.resolve(sentTo(openid)),
      (sent) => sent.length === 1,
    );
    expect(sentTo(openid)[0]).toMatchObject({ msgtype: "template", templateId: "sub_parcel" });
    expect(sentTo(openid)[0]?.text).toContain(`已发货 / ${parcel.trackingNo} / 【杭州】快递员已揽收`);

    // Moving on, and the same scans pushed again: no new milestone; the subscription is spent anyway.
    await applyTracking(parcel, [scan("PICKED_UP", 0, "【杭州】快递员已揽收"), scan("IN_TRANSIT", 10, "运输中")]);
    await applyTracking(parcel, [scan("FAILED_DELIVERY", 20, "【上海】派送不成功：联系不上收件人")]);
    const noChannel = await eventually(
      () =>
        db().parcelNotice.findFirst({
          where: { milestone: "delivery_failed", shipment: { trackingNo: parcel.trackingNo } },
        }),
      (notice) => notice?.outcome === "no_channel",
    );
    expect(noChannel).not.toBeNull();
    expect(sentTo(openid)).toHaveLength(1);

    const timeline = await db().message.findMany({ where: { conversationId: conversation.id, senderKind: "SYSTEM" } });
    expect(timeline.map((message) => message.type)).toEqual(["TEMPLATE"]);
    expect(timeline[0]?.text).toContain("物流状态通知");
  });
});
