// When a conversation moves into a private team, sockets that joined its room earlier must stop
// receiving its messages: each is checked against the same visibility rule as the API.
import { visibleConversationsFilter } from "../conversations/visible-conversations-filter";
import { db } from "../db/db";
import { rooms } from "./events";
import { findIo } from "./io";

export async function evictFromConversationRoom(conversationId: string): Promise<number> {
  const io = findIo();
  if (!io) return 0;
  const room = rooms.conversation(conversationId);
  const sockets = await io.in(room).fetchSockets();
  let evicted = 0;
  for (const socket of sockets) {
    const user = socket.data.user;
    // Team membership may have changed since the socket connected: read it now.
    const teams = await db().teamMember.findMany({ where: { userId: user.id }, select: { teamId: true } });
    const visible = await db().conversation.count({
      where: {
        AND: [{ id: conversationId }, visibleConversationsFilter({ ...user, teamIds: teams.map((t) => t.teamId) })],
      },
    });
    if (visible === 0) {
      socket.leave(room);
      evicted += 1;
    }
  }
  return evicted;
}
