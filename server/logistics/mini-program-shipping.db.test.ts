// WeChat holds a mini-program order's money until it hears of the parcel: LoopDesk uploads the
// shipping info once the order is paid and shipped (again once for a re-shipment) and tells WeChat
// once when the parcel was delivered.
import { describe, expect, it } from "vitest";
import { PlatformApiError } from "../channels/platform-client";
import { addShipment } from "../commerce/orders/add-shipment";
import { db } from "../db/db";
import type { SandboxWechatApp } from "../sandbox/wechat/wechat-fake";
import { startChannelHarness, uniqueId as unique } from "../testing/channel-harness";
import { eventually } from "../testing/eventually";
import { seedPaidMiniProgramOrder } from "../testing/seed-orders";
import { applyTracking } from "./apply-tracking";
import { notifyReceipt, uploadShippingInfo } from "./mini-program/shipping-info";

const corp = {
  corpId: "wwshippingcorp01",
  secret: "s",
  token: "t",
  aesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
};
const app: SandboxWechatApp = {
  kind: "OFFICIAL_ACCOUNT",
  appId: "wx00000000000000sh",
  originalId: "gh_shipping",
  secret: "oa-secret",
  token: "oaToken",
  aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};
const mp: SandboxWechatApp = {
  ...app,
  kind: "MINI_PROGRAM",
  appId: "wx00000000000000sm",
  originalId: "gh_shipping_mp",
};
const sandbox = await startChannelHarness({ corp, officialAccount: app, miniProgram: mp });
const erp = { keyId: "erp", keyName: "ERP" };

describe("mini-program shipping info", () => {
  it("a shipped mini-program order's parcel reaches WeChat, and its delivery is confirmed once", async () => {
    const { order, transactionId } = await seedPaidMiniProgramOrder();
    const trackingNo = `SF${unique()}`;
    await addShipment(erp, order.orderNo, { carrier: "shunfeng", trackingNo }, null);
    // Recorded once WeChat answered: the sandbox has the upload by then.
    await eventually(
      async () => (await db().order.findUniqueOrThrow({ where: { id: order.id } })).shippingUploadCount,
      (count) => count === 1,
    );
    expect(sandbox.wechat.shipping.orders.get(transactionId)?.uploads).toMatchObject([
      { trackingNos: [trackingNo], expressCompanies: ["SF"], itemDesc: "保温杯*2" },
    ]);

    await applyTracking({ carrier: "shunfeng", trackingNo }, [
      {
        occurredAt: new Date(),
        status: "DELIVERED",
        carrierCode: "3",
        description: "【上海市】已签收，签收人：本人",
      },
    ]);
    await eventually(
      () => Promise.resolve(sandbox.wechat.shipping.orders.get(transactionId)?.state),
      (state) => state === 3,
    );
    expect(await notifyReceipt(order.id)).toBe(false);
  });

  it("is retried while WeChat has not indexed the payment, uploads one re-shipment and refuses a third parcel", async () => {
    const { order, transactionId } = await seedPaidMiniProgramOrder();
    await db().shipment.create({ data: { orderId: order.id, carrier: "zhongtong", trackingNo: `ZT${unique()}` } });
    sandbox.wechat.knowsPayment = () => false;
    const notIndexed = await uploadShippingInfo(order.id).catch((error: unknown) => error);
    expect(notIndexed).toBeInstanceOf(PlatformApiError);
    expect((notIndexed as PlatformApiError).errcode).toBe(10060001);
    sandbox.wechat.knowsPayment = () => true;
    expect(await uploadShippingInfo(order.id)).toBe("uploaded");
    expect(await uploadShippingInfo(order.id)).toBe("not_needed");

    await db().shipment.create({ data: { orderId: order.id, carrier: "yunda", trackingNo: `YD${unique()}` } });
    expect(await uploadShippingInfo(order.id)).toBe("uploaded");
    expect(sandbox.wechat.shipping.orders.get(transactionId)?.uploads.at(-1)?.expressCompanies).toEqual(["ZTO", "YD"]);

    await db().shipment.create({ data: { orderId: order.id, carrier: "yuantong", trackingNo: `YT${unique()}` } });
    expect(await uploadShippingInfo(order.id)).toBe("refused");
    expect(sandbox.wechat.shipping.orders.get(transactionId)?.uploads).toHaveLength(2);
    expect((await db().order.findUniqueOrThrow({ where: { id: order.id } })).shippingUploadError).toContain(
      "re-shipment",
    );
  });
});
