// The only way domain code talks to browsers. Call it after the transaction that made the fact true
// has committed, never inside it. With REDIS_URL set, the adapter fans events out to every instance.
import { createLogger } from "../logger";
import { rooms, type ServerEventName, type ServerEventPayload } from "./events";
import { findIo } from "./io";

const log = createLogger("publish");

function emit<E extends ServerEventName>(
  room: string | string[],
  event: E,
  payload: ServerEventPayload<E>,
  except: string[] = [],
): void {
  const io = findIo();
  if (!io) {
    log.debug({ event }, "no realtime server in this process; event not published");
    return;
  }
  const target = except.length > 0 ? io.to(room).except(except) : io.to(room);
  // socket.io's typed emit cannot relate a generic event name to its payload; the signature above does.
  (target.emit as (event: string, payload: unknown) => boolean)(event, payload);
}

export const publish = {
  toRooms: <E extends ServerEventName>(roomNames: string[], event: E, payload: ServerEventPayload<E>) =>
    roomNames.length > 0 && emit(roomNames, event, payload),
  /** Everyone in `roomNames` who is in none of `exceptRooms`. */
  toRoomsExcept: <E extends ServerEventName>(
    roomNames: string[],
    exceptRooms: string[],
    event: E,
    payload: ServerEventPayload<E>,
  ) => roomNames.length > 0 && emit(roomNames, event, payload, exceptRooms),
  toAgent: <E extends ServerEventName>(userId: string, event: E, payload: ServerEventPayload<E>) =>
    emit(rooms.agent(userId), event, payload),
  toTeams: <E extends ServerEventName>(teamIds: string[], event: E, payload: ServerEventPayload<E>) =>
    teamIds.length > 0 && emit(teamIds.map(rooms.team), event, payload),
  toConversation: <E extends ServerEventName>(conversationId: string, event: E, payload: ServerEventPayload<E>) =>
    emit(rooms.conversation(conversationId), event, payload),
  toSupervisors: <E extends ServerEventName>(event: E, payload: ServerEventPayload<E>) =>
    emit(rooms.supervisors, event, payload),
  /** Supervisors and the given teams in one emit, so nobody in both receives it twice. */
  toSupervisorsAndTeams: <E extends ServerEventName>(teamIds: string[], event: E, payload: ServerEventPayload<E>) =>
    emit([rooms.supervisors, ...teamIds.map(rooms.team)], event, payload),
};
