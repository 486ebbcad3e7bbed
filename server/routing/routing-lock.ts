import type { SqlConnection } from "../db/sql-connection";

/** Arbitrary, fixed: the advisory lock key all routing changes share ("LD" + 1). */
const ROUTING_LOCK_KEY = 0x4c44_0001;

/**
 * Every change of who handles a conversation (auto-assignment, claim, transfer, requeue, resolve)
 * takes this transaction-scoped lock first. Agents' loads are then counted after everything before
 * has committed, so concurrent arrivals can never push an agent past capacity, and nothing can
 * deadlock on agent rows locked in different orders. Each holder is a few milliseconds of SQL.
 */
export async function lockRouting(tx: SqlConnection): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock($1::bigint)::text", [ROUTING_LOCK_KEY]);
}
