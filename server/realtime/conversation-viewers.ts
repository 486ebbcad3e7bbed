// Collision detection: who has a conversation open and who is typing in it, read from the sockets
// in its room (across instances with the Redis adapter) and sent to that room whenever it changes.
import { type ConversationViewer, rooms } from "./events";
import type { RealtimeServer } from "./io";

export async function broadcastViewers(io: RealtimeServer, conversationId: string): Promise<void> {
  const room = rooms.conversation(conversationId);
  const sockets = await io.in(room).fetchSockets();
  const byUser = new Map<string, ConversationViewer>();
  for (const socket of sockets) {
    const { user, typingIn } = socket.data;
    const typing = typingIn === conversationId;
    const seen = byUser.get(user.id);
    byUser.set(user.id, { userId: user.id, name: user.name, typing: typing || (seen?.typing ?? false) });
  }
  io.to(room).emit("conversation.viewers_changed", { conversationId, viewers: [...byUser.values()] });
}
