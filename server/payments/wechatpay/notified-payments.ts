// Payment notifications applied in batches: those acknowledged while a batch is being written wait
// for the next (server/db/group-commit.ts). A batch is one transaction: the payments, their
// timeline events and reply windows, and the notifications marked processed, in a handful of
// statements whatever its size. At 100 notifications/s beside the chat, one by one they cost the
// server's thread ~3 ms each (docs/performance.md, "Payments on the chat's hot path").
import { publishAnomalyChanges } from "../../anomalies/publish-anomalies";
import { getDatabase } from "../../db/db";
import { createGroupCommit } from "../../db/group-commit";
import { recordPayments } from "../after-payment";
import { applyPayments, type PaidOrder, type PaymentReport } from "../apply-payment";

type Waiting = PaymentReport & { eventId: string; resolve: () => void; reject: (error: unknown) => void };

/** Deadlocked with another instance's batch over the same orders: the batch runs again. */
const isDeadlock = (error: unknown) => (error as { code?: unknown }).code === "40P01";

async function applyBatch(batch: Waiting[]): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      // Derived from the stored notifications and marking them processed: a commit lost in a crash
      // leaves them unprocessed, and the sweep applies them again.
      const after = await getDatabase().transaction(
        async (tx) => {
          const now = new Date();
          const outcomes = await applyPayments(tx, batch);
          const paid = outcomes.flatMap((outcome): PaidOrder[] => (outcome.applied ? [outcome] : []));
          const recorded = await recordPayments(tx, paid, now);
          const flagged = outcomes.flatMap((outcome) =>
            !outcome.applied && outcome.reason === "flagged" && outcome.anomaly ? [outcome.anomaly] : [],
          );
          const after = async () => {
            await recorded();
            publishAnomalyChanges({ opened: flagged, resolved: [] });
          };
          await tx.query(
            `UPDATE "InboundEvent" SET "processedAt" = $2, attempts = attempts + 1, "lastError" = NULL
             WHERE id = ANY($1::text[])`,
            [batch.map((item) => item.eventId), now.toISOString()],
          );
          return after;
        },
        { replayable: true, genericPlans: true },
      );
      await after();
      return;
    } catch (error) {
      if (!isDeadlock(error) || attempt >= 3) throw error;
    }
  }
}

const batches = createGroupCommit<Waiting>({
  maxInFlight: 1,
  maxGroup: 200,
  gatherOneTurn: true,
  async write(batch) {
    try {
      await applyBatch(batch);
      for (const item of batch) item.resolve();
    } catch (error) {
      // One notification that cannot be applied must not hold back the others: one by one, each
      // failure is its own (recorded for the sweep by the caller).
      if (batch.length === 1) batch[0]?.reject(error);
      else for (const item of batch) await applyBatch([item]).then(item.resolve, item.reject);
    }
  },
});

/** Applies a stored payment notification and marks it processed, in the next batch. */
export function applyNotifiedPayment(eventId: string, report: PaymentReport): Promise<void> {
  return new Promise((resolve, reject) => {
    batches.add({ ...report, eventId, resolve, reject });
  });
}
