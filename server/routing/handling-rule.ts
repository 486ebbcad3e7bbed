import { can } from "../auth/permissions";
import type { SessionUser } from "../auth/sessions";
import { AppError, localized } from "../errors";

/**
 * Who may transfer, resolve or snooze a conversation: whoever handles it, anyone while nobody
 * does, and supervisors always. Visibility (private teams) is checked before this.
 */
export function assertMayHandle(user: SessionUser, conversation: { assigneeId: string | null }): void {
  if (!conversation.assigneeId || conversation.assigneeId === user.id) return;
  if (can(user.role, "conversations.reassign")) return;
  throw new AppError("FORBIDDEN", localized("error.handledByAnotherAgent"));
}
