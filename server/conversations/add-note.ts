// Internal notes: visible to colleagues in the timeline, never sent to the customer (they never
// touch a channel adapter, and the outbound sweep only picks OUTBOUND messages).
import { z } from "zod";
import type { SessionUser } from "../auth/sessions";
import { db } from "../db/db";
import { publish } from "../realtime/publish";
import { searchTextOf } from "../search/tokenize";
import { getVisibleConversation } from "./get-visible-conversation";
import { toMessageDto } from "./message-dto";

export const addNoteSchema = z.object({
  text: z.string().trim().min(1).max(4000),
  /** Colleagues @mentioned; unknown or disabled ones are dropped. */
  mentionUserIds: z.array(z.string().min(1).max(64)).max(20).default([]),
});
export type AddNoteInput = z.infer<typeof addNoteSchema>;

export async function addNote(user: SessionUser, conversationId: string, input: AddNoteInput) {
  const conversation = await getVisibleConversation(user, conversationId);
  const mentioned = input.mentionUserIds.length
    ? await db().user.findMany({
        where: { id: { in: input.mentionUserIds }, disabledAt: null },
        select: { id: true, name: true },
      })
    : [];
  const channel = await db().conversation.findUniqueOrThrow({
    where: { id: conversation.id },
    select: { channelAccountId: true },
  });
  const message = await db().message.create({
    data: {
      conversationId,
      channelAccountId: channel.channelAccountId,
      direction: "INTERNAL",
      senderKind: "NOTE",
      senderUserId: user.id,
      type: "TEXT",
      body: { type: "TEXT", text: input.text, ...(mentioned.length ? { mentions: mentioned } : {}) },
      text: input.text,
      searchText: searchTextOf(input.text),
    },
  });
  const dto = toMessageDto(message);
  publish.toConversation(conversationId, "message.created", dto);
  return dto;
}
