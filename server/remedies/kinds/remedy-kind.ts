// The port every remedy kind implements (refund, reship, coupon): what it costs and whether it can be
// carried out at all, before any cap is looked at; then carrying it out inside the transaction that
// records the remedy; then what runs after commit (the job that talks to WeChat Pay or the carrier).
import type { Prisma } from "../../generated/prisma/client";
import type { RemedyTarget } from "../remedy-target";

export type RemedyPlan = {
  costFen: number;
  /** Whether the cap on a share of the order's value applies (money given back, not goods replaced). */
  shareOfOrder: boolean;
  couponStockId: string | null;
};

/** A remedy as stored, enough to carry it out now or when a supervisor approves it. */
export type StoredRemedy = {
  id: string;
  costFen: number;
  reason: string;
  customerId: string;
  orderId: string | null;
  conversationId: string | null;
  anomalyId: string | null;
  couponStockId: string | null;
  requestedById: string;
};

export type RemedyLink = { refundId: string } | { reshipId: string } | { couponGrantId: string };

/** What a remedy needs to be carried out: its customer, order, conversation, anomaly and coupon stock. */
export type RemedyDraft = Pick<
  StoredRemedy,
  "customerId" | "orderId" | "conversationId" | "anomalyId" | "couponStockId"
>;

/** Carries a remedy out inside the transaction that records it (or its approval). */
export type CarryOut = (
  tx: Prisma.TransactionClient,
  remedy: StoredRemedy,
  approvedById: string | null,
) => Promise<RemedyLink>;

export type RemedyKindHandler<Input> = {
  plan(target: RemedyTarget, input: Input): Promise<RemedyPlan>;
  /**
   * Reads what carrying the remedy out needs before its transaction opens, and answers the step that
   * writes it: inside a transaction only the transaction's connection may be used (PGlite has one).
   */
  prepare(draft: RemedyDraft): Promise<CarryOut>;
  afterCommit(link: RemedyLink): Promise<void>;
};
