import { recordAudit } from "../audit/record-audit";
import { revokeSession, type SessionUser } from "./sessions";

export async function signOut(user: SessionUser, ip: string | null): Promise<void> {
  await revokeSession(user.sessionId);
  await recordAudit({ action: "auth.signed_out", actorId: user.id, subjectType: "user", subjectId: user.id, ip });
}
