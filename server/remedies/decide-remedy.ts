// A supervisor approves or declines a remedy that was over its giver's caps, in one click. The
// decision is taken once (a second click, or a second supervisor, gets a conflict); an approved
// remedy is carried out exactly as if its giver had been within their caps.
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import { AppError, localized } from "../errors";
import { recordCarriedOut } from "./give-remedy";
import { publishRemedyChange } from "./publish-remedies";
import { REMEDY_KINDS } from "./remedy-kinds";

export const remedyDecisionSchema = z.object({
  approve: z.boolean(),
  note: z.string().trim().max(200).optional(),
});

export async function decideRemedy(
  user: SessionUser,
  remedyId: string,
  input: z.infer<typeof remedyDecisionSchema>,
  ip: string | null,
): Promise<{ status: "APPROVED" | "DECLINED" }> {
  const status = input.approve ? "APPROVED" : "DECLINED";
  const pending = await db().remedy.findUnique({ where: { id: remedyId } });
  if (!pending) throw new AppError("NOT_FOUND", localized("error.remedyNotFound"));
  // Read before the transaction; a request decided meanwhile is caught by the claim below.
  const carryOut =
    input.approve && pending.status === "PENDING" ? await REMEDY_KINDS[pending.kind].prepare(pending) : null;
  const { remedy, link } = await db().$transaction(async (tx) => {
    const claimed = await tx.remedy.updateManyAndReturn({
      where: { id: remedyId, status: "PENDING" },
      data: { status, decidedById: user.id, decidedAt: new Date(), decisionNote: input.note ?? null },
    });
    const remedy = claimed[0];
    if (!remedy) throw new AppError("CONFLICT", localized("error.remedyDecided"));
    const details = { kind: remedy.kind, costFen: remedy.costFen, note: input.note ?? null };
    const audit = { actorId: user.id, subjectType: "remedy", subjectId: remedyId, ip, details };
    if (!carryOut) {
      await recordAudit({ action: "remedy.declined", ...audit }, tx);
      return { remedy, link: null };
    }
    const carried = await carryOut(tx, remedy, user.id);
    await recordCarriedOut(tx, remedy, carried);
    await recordAudit({ action: "remedy.approved", ...audit }, tx);
    return { remedy, link: carried };
  });
  if (link) await REMEDY_KINDS[remedy.kind].afterCommit(link);
  await publishRemedyChange(remedy);
  return { status };
}
