import { db } from "../db/db";
import type { Prisma } from "../generated/prisma/client";

export type RecordAuditOptions = {
  action: string;
  actorId?: string | null;
  subjectType: string;
  subjectId: string;
  ip?: string | null;
  details?: Prisma.InputJsonValue;
};

export async function recordAudit(options: RecordAuditOptions, client: Prisma.TransactionClient = db()): Promise<void> {
  await client.auditLog.create({
    data: {
      action: options.action,
      actorId: options.actorId ?? null,
      subjectType: options.subjectType,
      subjectId: options.subjectId,
      ip: options.ip ?? null,
      details: options.details,
    },
  });
}
