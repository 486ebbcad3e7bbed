// Whom and what a remedy is for: the anomaly, order, conversation and customer an agent names, each
// checked against what this user may see, and made consistent (the anomaly's order and customer win).
import { z } from "zod";
import { visibleAnomaliesFilter } from "../anomalies/queue/visible-anomalies";
import type { SessionUser } from "../auth/sessions";
import { visibleOrdersFilter } from "../commerce/orders/visible-orders";
import { getVisibleConversation } from "../conversations/get-visible-conversation";
import { db } from "../db/db";
import { AppError, localized } from "../errors";

export const remedyTargetSchema = z.object({
  anomalyId: z.string().min(1).max(64).optional(),
  orderNo: z.string().min(1).max(64).optional(),
  conversationId: z.string().min(1).max(64).optional(),
});

export type RemedyTarget = {
  customerId: string;
  anomalyId: string | null;
  conversationId: string | null;
  order: { id: string; orderNo: string; totalFen: number } | null;
};

export async function resolveRemedyTarget(
  user: SessionUser,
  input: z.infer<typeof remedyTargetSchema>,
): Promise<RemedyTarget> {
  const anomaly = input.anomalyId
    ? await db().anomaly.findFirst({
        where: { AND: [{ id: input.anomalyId }, visibleAnomaliesFilter(user)] },
        select: { id: true, customerId: true, conversationId: true, order: { select: { orderNo: true } } },
      })
    : null;
  if (input.anomalyId && !anomaly) throw new AppError("NOT_FOUND", localized("error.anomalyNotFound"));
  const orderNo = anomaly?.order?.orderNo ?? input.orderNo;
  const order = orderNo
    ? await db().order.findFirst({
        where: { AND: [{ orderNo }, visibleOrdersFilter(user)] },
        select: { id: true, orderNo: true, totalFen: true, customerId: true },
      })
    : null;
  if (orderNo && !order) throw new AppError("NOT_FOUND", localized("error.orderNotFound"));
  const conversationId = input.conversationId ?? anomaly?.conversationId ?? null;
  const conversation = conversationId ? await getVisibleConversation(user, conversationId) : null;
  const customerId = anomaly?.customerId ?? order?.customerId ?? conversation?.customerId ?? null;
  if (!customerId) throw new AppError("INVALID_INPUT", localized("error.remedyNoCustomer"));
  if ((order && order.customerId !== customerId) || (conversation && conversation.customerId !== customerId)) {
    throw new AppError("INVALID_INPUT", localized("error.remedyMismatch"));
  }
  return {
    customerId,
    anomalyId: anomaly?.id ?? null,
    conversationId,
    order: order ? { id: order.id, orderNo: order.orderNo, totalFen: order.totalFen } : null,
  };
}
