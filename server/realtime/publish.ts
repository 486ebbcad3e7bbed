// The only way domain code talks to browsers. Call it after the transaction that made the fact true
// has committed, never inside it. With REDIS_URL set, the adapter fans events out to every instance.
import { createLogger } from "../logger";
import {
  type BatchedServerEvent,
  isBatchedEvent,
  rooms,
  type ServerEventName,
  type ServerEventPayload,
} from "./events";
import { findIo, roomsAreLocal } from "./io";

const log = createLogger("publish");

/**
 * The high-rate facts wait at least this long for company. An event after a quiet spell leaves at the
 * next turn of the event loop; under load, what arrives within the gap shares one frame per socket.
 */
const MIN_GAP_MS = 10;
/**
 * Broadcasting may take at most this share of the event loop: a flush writes to every socket in the
 * audience, so with many agents the gap widens and frames get fuller (docs/performance.md, "Socket
 * frames").
 */
const FLUSH_BUDGET = 0.2;
/** However costly the flushes, an event waits no longer than this for company. */
const MAX_GAP_MS = 100;
/** Weight of the latest flush in the average cost: about the last five flushes count. */
const COST_SMOOTHING = 0.2;

/** The gap after a flush, given what a flush has been costing lately (ms). */
export function flushGapMs(flushCostMs: number): number {
  return Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, flushCostMs / FLUSH_BUDGET));
}

type Outgoing = { rooms: string[]; except: string[]; events: BatchedServerEvent[] };

type Outbox = {
  groups: Map<string, Outgoing>;
  flushScheduled: boolean;
  lastFlushAt: number;
  /** A moving average: one flush descheduled by the OS must not widen the gap on its own. */
  flushCostMs: number;
};

// One outbox per process, shared through globalThis: Next.js route handlers load their own copy of
// this module, and an agent's action must not overtake (or be overtaken by) a webhook's facts.
const KEY = Symbol.for("loopdesk.publish-outbox");
const holder = globalThis as { [KEY]?: Outbox };
holder[KEY] ??= { groups: new Map(), flushScheduled: false, lastFlushAt: Number.NEGATIVE_INFINITY, flushCostMs: 0 };
const outbox: Outbox = holder[KEY];

/** Sends everything waiting in the outbox, one frame per audience; order is kept within an audience. */
export function flushPublished(): void {
  const began = performance.now();
  outbox.flushScheduled = false;
  outbox.lastFlushAt = began;
  if (outbox.groups.size === 0) return;
  const io = findIo();
  const groups = [...outbox.groups.values()];
  // A new map, not clear(): a cleared Map in the old generation gets its new table there too, and the
  // dead one keeps every group alive until a full collection (docs/performance.md, "A still old generation").
  outbox.groups = new Map();
  if (!io) return;
  const local = roomsAreLocal() ? io.of("/").adapter.rooms : undefined;
  for (const group of groups) {
    // socket.io encodes a frame even for a room nobody is in, and most conversations are open in no
    // tab: their message.created would be JSON and WebSocket frames made for no one.
    if (local && !group.rooms.some((room) => (local.get(room)?.size ?? 0) > 0)) continue;
    const target = group.except.length > 0 ? io.to(group.rooms).except(group.except) : io.to(group.rooms);
    target.emit("events.batched", group.events);
  }
  outbox.flushCostMs += (performance.now() - began - outbox.flushCostMs) * COST_SMOOTHING;
}

function scheduleFlush(): void {
  if (outbox.flushScheduled) return;
  outbox.flushScheduled = true;
  const wait = outbox.lastFlushAt + flushGapMs(outbox.flushCostMs) - performance.now();
  if (wait <= 0) setImmediate(flushPublished);
  // Whole milliseconds: Node 20 keeps a timer list per distinct delay, fractions included.
  else setTimeout(flushPublished, Math.ceil(wait));
}

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
  if (isBatchedEvent(event)) {
    const roomList = typeof room === "string" ? [room] : room;
    const key = `${roomList.join(" ")}|${except.join(" ")}`;
    const group = outbox.groups.get(key) ?? { rooms: roomList, except, events: [] };
    outbox.groups.set(key, group);
    group.events.push([event, payload] as BatchedServerEvent);
    scheduleFlush();
    return;
  }
  // Whatever was published before this fact leaves before it: a removal must not overtake an update.
  flushPublished();
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
