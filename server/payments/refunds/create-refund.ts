// A refund LoopDesk asks WeChat Pay for, written before it is asked: its out_refund_no is fixed here
// and every submission of it (job retries, the sweep) reuses it, so WeChat Pay refunds once. A
// refund of everything left to refund puts the order in REFUNDING until WeChat Pay settles it.
import { randomBytes } from "node:crypto";
import { ORDER_STATUS_FROM } from "../../commerce/orders/order-status";
import { AppError, localized } from "../../errors";
import type { Prisma } from "../../generated/prisma/client";

type Tx = Prisma.TransactionClient;
type RefundablePayment = { id: string; amountFen: number; orderId: string };

/** WeChat Pay's out_refund_no: up to 64 of [0-9A-Za-z_-|*@]. */
function newOutRefundNo(now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll("-", "");
  return `RF${day}${randomBytes(9).toString("hex").toUpperCase()}`;
}

const formatYuan = (fen: number) => (fen / 100).toFixed(2);

/**
 * Locks the payment and answers what is left to refund on it: its amount less the refunds not
 * closed and the refund requests still waiting for a supervisor. Callers write within the same
 * transaction, so two refunds at once cannot both take the last yuan.
 */
export async function lockRefundable(tx: Tx, payment: RefundablePayment): Promise<number> {
  await tx.$queryRaw`SELECT id FROM "Payment" WHERE id = ${payment.id} FOR UPDATE`;
  // One after the other: a transaction is one connection, which runs one query at a time.
  const refunds = await tx.refund.aggregate({
    where: { paymentId: payment.id, status: { not: "CLOSED" } },
    _sum: { amountFen: true },
  });
  const pending = await tx.remedy.aggregate({
    where: { orderId: payment.orderId, kind: "REFUND", status: "PENDING" },
    _sum: { costFen: true },
  });
  return payment.amountFen - (refunds._sum.amountFen ?? 0) - (pending._sum.costFen ?? 0);
}

export function assertWithinRefundable(amountFen: number, remainingFen: number): void {
  if (amountFen > remainingFen) {
    throw new AppError(
      "CONFLICT",
      localized("error.refundOverRemaining", { remaining: formatYuan(Math.max(0, remainingFen)) }),
    );
  }
}

export async function createRefund(
  tx: Tx,
  options: {
    payment: RefundablePayment;
    amountFen: number;
    reason: string;
    requestedById: string;
    approvedById?: string;
  },
  now = new Date(),
): Promise<{ id: string; outRefundNo: string }> {
  const refund = await tx.refund.create({
    data: {
      outRefundNo: newOutRefundNo(now),
      amountFen: options.amountFen,
      reason: options.reason,
      paymentId: options.payment.id,
      orderId: options.payment.orderId,
      requestedById: options.requestedById,
      approvedById: options.approvedById ?? null,
    },
    select: { id: true, outRefundNo: true },
  });
  const committed = await tx.refund.aggregate({
    where: { paymentId: options.payment.id, status: { not: "CLOSED" } },
    _sum: { amountFen: true },
  });
  if ((committed._sum.amountFen ?? 0) >= options.payment.amountFen) {
    const from = [...ORDER_STATUS_FROM.REFUNDING];
    await tx.$executeRaw`
      UPDATE "Order" SET "statusBeforeRefund" = status, status = 'REFUNDING', "updatedAt" = ${now}
      WHERE id = ${options.payment.orderId} AND status::text = ANY(${from})`;
  }
  return refund;
}
