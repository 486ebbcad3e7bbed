import { rooms } from "./events";
import { findIo } from "./io";

/** Tells the browsers of ended sessions, then drops their sockets (on every instance). */
export function disconnectSessions(sessionIds: string[]): void {
  const io = findIo();
  if (!io || sessionIds.length === 0) return;
  const sessionRooms = sessionIds.map(rooms.session);
  io.to(sessionRooms).emit("session.revoked", { reason: "session_ended" });
  io.in(sessionRooms).disconnectSockets(true);
}
