// A user's team set changed: their sockets that are already open (on every instance) must see what
// the API now lets them see, no more. They leave the rooms of teams they left and the conversation
// rooms they may no longer open, and join the rooms of teams they joined.
import type { SessionUser } from "../auth/sessions";
import { visibleConversationsFilter } from "../conversations/visible-conversations-filter";
import { db } from "../db/db";
import { rooms } from "./events";
import { findIo } from "./io";

const CONVERSATION_ROOM = "conversation:";

export async function refreshUserRooms(userId: string, before: readonly string[], after: readonly string[]) {
  const io = findIo();
  if (!io) return;
  const agentRoom = rooms.agent(userId);
  const left = before.filter((teamId) => !after.includes(teamId)).map(rooms.team);
  const joined = after.filter((teamId) => !before.includes(teamId)).map(rooms.team);
  if (left.length > 0) io.in(agentRoom).socketsLeave(left);
  if (joined.length > 0) io.in(agentRoom).socketsJoin(joined);

  const sockets = await io.in(agentRoom).fetchSockets();
  const open = new Set(
    sockets.flatMap((socket) => [...socket.rooms].filter((room) => room.startsWith(CONVERSATION_ROOM))),
  );
  const first = sockets[0];
  if (!first || open.size === 0) return;
  const user: SessionUser = { ...first.data.user, teamIds: [...after] };
  const visible = await db().conversation.findMany({
    where: {
      AND: [
        { id: { in: [...open].map((room) => room.slice(CONVERSATION_ROOM.length)) } },
        visibleConversationsFilter(user),
      ],
    },
    select: { id: true },
  });
  const stillVisible = new Set(visible.map((conversation) => rooms.conversation(conversation.id)));
  for (const socket of sockets) {
    for (const room of socket.rooms) {
      if (room.startsWith(CONVERSATION_ROOM) && !stillVisible.has(room)) socket.leave(room);
    }
  }
}
