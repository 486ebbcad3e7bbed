// Which order status may follow which. Payments, refunds and parcels report in any order and
// again (retries, re-pushes, a late query): a report that would move an order backwards changes
// nothing. Every transition is made by an UPDATE guarded with the statuses it may come from.
import type { OrderStatus } from "../../generated/prisma/enums";

/** The statuses an order may be in for it to move to each one. */
export const ORDER_STATUS_FROM: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING_PAYMENT: [],
  // A payment for a cancelled order is money received all the same: flagged, never applied.
  PAID: ["PENDING_PAYMENT"],
  SHIPPED: ["PAID"],
  DELIVERED: ["PAID", "SHIPPED"],
  COMPLETED: ["DELIVERED"],
  // Only an unpaid order is cancelled; a paid one is refunded.
  CANCELLED: ["PENDING_PAYMENT"],
  REFUNDING: ["PAID", "SHIPPED", "DELIVERED", "COMPLETED"],
  REFUNDED: ["PAID", "SHIPPED", "DELIVERED", "COMPLETED", "REFUNDING"],
};
