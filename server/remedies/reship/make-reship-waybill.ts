// The new waybill of a reshipment, made through the waybill port from a job. Safe to run again: the
// reship's waybillOrderId was fixed when it was written, and the port answers the waybill already
// made under it. The parcel joins the order like its first one and is tracked the same way. A
// refusal by the carrier service (a business error code) fails the reship; anything else retries.

import { PlatformApiError } from "../../channels/platform-client";
import { storedReceiverSchema } from "../../commerce/orders/receiver";
import { secretBox } from "../../crypto/secret-box";
import { db } from "../../db/db";
import { createLogger } from "../../logger";
import { logisticsAssistantWaybills } from "../../logistics/wechat-logistics/waybill-maker";
import { failUndone } from "../fail-undone";
import { publishRemedyChange } from "../publish-remedies";

const log = createLogger("remedies");

async function failReship(reshipId: string, reason: string) {
  log.warn({ reshipId, reason }, "the reshipment's waybill could not be made");
  await failUndone({ reshipId }, reason);
}

export async function makeReshipWaybill(reshipId: string): Promise<"created" | "failed" | "skipped"> {
  const reship = await db().reship.findUnique({
    where: { id: reshipId },
    include: {
      order: {
        select: {
          id: true,
          customerId: true,
          shippingAddress: true,
          items: { select: { name: true, quantity: true } },
          payments: { where: { payerOpenId: { not: null } }, select: { payerOpenId: true }, take: 1 },
        },
      },
      remedy: { select: { anomalyId: true } },
    },
  });
  if (reship?.status !== "PENDING") return "skipped";
  const waybills = logisticsAssistantWaybills();
  const receiver = storedReceiverSchema.safeParse(reship.order.shippingAddress);
  if (!waybills || !receiver.success) {
    await failReship(reship.id, waybills ? "the order has no address" : "no carrier service makes waybills");
    return "failed";
  }
  let waybill: Awaited<ReturnType<typeof waybills.make>>;
  try {
    const openid = reship.order.payments[0]?.payerOpenId ?? undefined;
    waybill = await waybills.make({
      waybillOrderId: reship.waybillOrderId,
      receiver: { ...receiver.data, phone: secretBox().open(receiver.data.phoneSealed) },
      items: reship.order.items,
      ...(openid ? { openid } : {}),
    });
  } catch (error) {
    if (!(error instanceof PlatformApiError) || error.errcode === -1) throw error;
    await failReship(reship.id, error.message);
    return "failed";
  }
  await db().$transaction(async (tx) => {
    const shipment = await tx.shipment.upsert({
      where: { carrier_trackingNo: { carrier: waybill.carrier, trackingNo: waybill.trackingNo } },
      // The logistics assistant pushes this waybill's path without a subscription.
      create: {
        orderId: reship.orderId,
        carrier: waybill.carrier,
        trackingNo: waybill.trackingNo,
        subscribedAt: new Date(),
      },
      update: {},
      select: { id: true },
    });
    await tx.reship.updateMany({
      where: { id: reship.id, status: "PENDING" },
      data: { status: "CREATED", shipmentId: shipment.id, failureReason: null },
    });
  });
  await publishRemedyChange({
    customerId: reship.order.customerId,
    orderId: reship.orderId,
    anomalyId: reship.remedy?.anomalyId ?? null,
  });
  return "created";
}
