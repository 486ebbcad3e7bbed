import { describe, expect, it } from "vitest";
import type { OrderStatus } from "../../generated/prisma/enums";
import { ORDER_STATUS_FROM } from "./order-status";

/** What every guarded transition asks: may an order in `from` move to `to`? */
const mayMove = (from: OrderStatus, to: OrderStatus) => ORDER_STATUS_FROM[to].includes(from);

describe("an order's status", () => {
  it("moves forward: paid, shipped, delivered, completed", () => {
    expect(mayMove("PENDING_PAYMENT", "PAID")).toBe(true);
    expect(mayMove("PAID", "SHIPPED")).toBe(true);
    expect(mayMove("SHIPPED", "DELIVERED")).toBe(true);
    expect(mayMove("DELIVERED", "COMPLETED")).toBe(true);
  });

  it("never moves backwards on a late or replayed report", () => {
    expect(mayMove("SHIPPED", "PAID")).toBe(false);
    expect(mayMove("DELIVERED", "SHIPPED")).toBe(false);
    expect(mayMove("REFUNDED", "PAID")).toBe(false);
    expect(mayMove("PAID", "PAID")).toBe(false);
  });

  it("cancels only an unpaid order, and a payment never revives a cancelled one by itself", () => {
    expect(mayMove("PENDING_PAYMENT", "CANCELLED")).toBe(true);
    expect(mayMove("PAID", "CANCELLED")).toBe(false);
    expect(mayMove("CANCELLED", "PAID")).toBe(false);
  });

  it("refunds a paid order at any later stage", () => {
    for (const from of ["PAID", "SHIPPED", "DELIVERED", "COMPLETED"] as const) {
      expect(mayMove(from, "REFUNDING")).toBe(true);
      expect(mayMove(from, "REFUNDED")).toBe(true);
    }
    expect(mayMove("PENDING_PAYMENT", "REFUNDED")).toBe(false);
  });
});
