// Sending the order's goods again under a new waybill, made through the waybill port by a job. Its
// cost is the goods' value; it replaces what the customer paid for rather than giving money back,
// so the cap on a share of the order does not apply (the amount and daily caps do).
import { storedReceiverSchema } from "../../commerce/orders/receiver";
import { db } from "../../db/db";
import { AppError, localized } from "../../errors";
import { enqueue } from "../../jobs/enqueue";
import { createLogger } from "../../logger";
import { logisticsAssistantWaybills } from "../../logistics/wechat-logistics/waybill-maker";
import type { RemedyKindHandler } from "./remedy-kind";

const log = createLogger("remedies");

const RESHIPPABLE = new Set(["PAID", "SHIPPED", "DELIVERED", "COMPLETED"]);

export const reshipRemedy: RemedyKindHandler<Record<string, never>> = {
  async plan(target) {
    if (!target.order) throw new AppError("INVALID_INPUT", localized("error.remedyNeedsOrder"));
    if (!logisticsAssistantWaybills()) throw new AppError("UNAVAILABLE", localized("error.reshipNoCarrier"));
    const order = await db().order.findUniqueOrThrow({
      where: { id: target.order.id },
      select: { status: true, shippingAddress: true, totalFen: true },
    });
    if (!RESHIPPABLE.has(order.status)) throw new AppError("CONFLICT", localized("error.reshipNotPaid"));
    // Waybill services want the district too; without it the carrier refuses the waybill.
    const receiver = storedReceiverSchema.safeParse(order.shippingAddress);
    if (!receiver.success || !receiver.data.district)
      throw new AppError("CONFLICT", localized("error.reshipNoAddress"));
    return { costFen: order.totalFen, shareOfOrder: false, couponStockId: null };
  },
  async prepare(draft) {
    const orderId = draft.orderId;
    if (!orderId) throw new AppError("INVALID_INPUT", localized("error.remedyNeedsOrder"));
    return async (tx) => {
      // The order's row lock numbers its reshipments: the waybill ids are <orderNo>-R1, -R2…
      const [order] = await tx.$queryRaw<{ orderNo: string }[]>`
        SELECT "orderNo" FROM "Order" WHERE id = ${orderId} FOR UPDATE`;
      if (!order) throw new AppError("NOT_FOUND", localized("error.orderNotFound"));
      const earlier = await tx.reship.count({ where: { orderId } });
      const reship = await tx.reship.create({
        data: { orderId, waybillOrderId: `${order.orderNo}-R${earlier + 1}` },
        select: { id: true },
      });
      return { reshipId: reship.id };
    };
  },
  async afterCommit(link) {
    if (!("reshipId" in link)) return;
    await enqueue("remedies.make-reship-waybill", { reshipId: link.reshipId }, { singletonKey: link.reshipId }).catch(
      (error: unknown) => log.warn({ err: error, reshipId: link.reshipId }, "reship not queued; the sweep makes it"),
    );
  },
};
