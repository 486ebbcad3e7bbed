// Plain SQL inside a Prisma interactive transaction, for the set-based helpers written against
// SqlConnection (webhook emits, anomaly evaluation) that a Prisma transaction's code also calls.
import type { Prisma } from "../generated/prisma/client";
import type { SqlConnection } from "./sql-connection";

export function prismaSql(tx: Prisma.TransactionClient): SqlConnection {
  return {
    query: async <Row>(text: string, values: unknown[] = []) => ({
      rows: (await tx.$queryRawUnsafe(text, ...values)) as Row[],
    }),
    exec: async (script) => {
      await tx.$executeRawUnsafe(script);
    },
  };
}
