import type { Server } from "socket.io";
import type { SessionUser } from "../auth/sessions";
import type { ClientToServerEvents, ServerToClientEvents } from "./events";

export type SocketData = {
  user: SessionUser;
  /** The conversation this socket's agent is typing in, for collision detection. */
  typingIn?: string;
};
// biome-ignore lint/complexity/noBannedTypes: socket.io's slot for server-to-server events, which we do not use.
type InterServerEvents = {};
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

// Shared through globalThis: Next.js route handlers live in a separate module graph of this process.
const KEY = Symbol.for("loopdesk.io");
const SHARED_ROOMS = Symbol.for("loopdesk.io.shared-rooms");
type Holder = { [KEY]?: RealtimeServer; [SHARED_ROOMS]?: boolean };

/** `sharedRooms`: other instances' sockets are in the same rooms (the Redis adapter). */
export function setIo(io: RealtimeServer | undefined, options: { sharedRooms?: boolean } = {}): void {
  (globalThis as Holder)[KEY] = io;
  (globalThis as Holder)[SHARED_ROOMS] = options.sharedRooms ?? false;
}

/** Whether this process's rooms are all there is: without Redis, a room with no local socket is empty. */
export function roomsAreLocal(): boolean {
  return !(globalThis as Holder)[SHARED_ROOMS];
}

/** The socket.io server, or undefined in a worker-only process. */
export function findIo(): RealtimeServer | undefined {
  return (globalThis as Holder)[KEY];
}
