import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConversationListItem } from "../conversations/conversation-dto";
import { type RealtimeServer, setIo } from "./io";
import { flushGapMs, flushPublished, publish } from "./publish";

describe("the pace of broadcasts", () => {
  it("flushes every 10 ms while a flush is cheap, as with a few dozen agents", () => {
    expect(flushGapMs(0)).toBe(10);
    expect(flushGapMs(1.5)).toBe(10);
  });

  it("spaces flushes out so that broadcasting takes a fifth of the event loop when many agents make each flush dear", () => {
    expect(flushGapMs(5)).toBe(25);
    expect(flushGapMs(12)).toBe(60);
  });

  it("never holds an event back longer than 100 ms, however dear the flushes", () => {
    expect(flushGapMs(40)).toBe(100);
  });
});

type Frame = { at: number; rooms: string[]; except: string[]; event: string; payload: unknown };

describe("what the agents' sockets receive", () => {
  let frames: Frame[] = [];

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "setImmediate", "performance"] });
    frames = [];
    // Just what publish() uses of socket.io: to(rooms)[.except(rooms)].emit(event, payload). Rooms
    // are shared (as with Redis), so every audience counts as present.
    const target = (rooms: string[], except: string[] = []) => ({
      except: (more: string[]) => target(rooms, [...except, ...more]),
      emit: (event: string, payload: unknown) => {
        frames.push({ at: performance.now(), rooms, except, event, payload });
        return true;
      },
    });
    const io = { to: (rooms: string | string[]) => target(typeof rooms === "string" ? [rooms] : rooms) };
    setIo(io as unknown as RealtimeServer, { sharedRooms: true });
    // A quiet spell before each story: nothing waits, the last flush is long past.
    flushPublished();
    vi.advanceTimersByTime(1000);
  });

  afterEach(() => {
    setIo(undefined);
    vi.useRealTimers();
  });

  // The broadcaster never looks inside a payload: an id is enough to follow it.
  const row = (id: string) => ({ id }) as unknown as ConversationListItem;
  const ids = (frame: Frame | undefined) =>
    ((frame?.payload ?? []) as [string, { id: string }][]).map(([, payload]) => payload.id);

  it("facts published together reach each audience as one frame, in the order they happened", () => {
    publish.toTeams(["t1"], "conversation.updated", row("a"));
    publish.toTeams(["t1"], "conversation.updated", row("b"));
    publish.toSupervisors("conversation.updated", row("c"));
    expect(frames).toHaveLength(0);
    vi.advanceTimersByTime(0);
    expect(frames.map((frame) => [frame.rooms, frame.event])).toEqual([
      [["team:t1"], "events.batched"],
      [["supervisors"], "events.batched"],
    ]);
    expect(ids(frames[0])).toEqual(["a", "b"]);
    expect(ids(frames[1])).toEqual(["c"]);
  });

  it("a fact after a quiet spell leaves at once; one right behind it waits out the gap with whatever else comes", () => {
    publish.toTeams(["t1"], "conversation.updated", row("first"));
    vi.advanceTimersByTime(0);
    expect(frames.map((frame) => frame.at)).toEqual([performance.now()]);
    const firstAt = performance.now();

    vi.advanceTimersByTime(2);
    publish.toTeams(["t1"], "conversation.updated", row("second"));
    vi.advanceTimersByTime(3);
    publish.toTeams(["t1"], "conversation.updated", row("third"));
    vi.advanceTimersByTime(4);
    expect(frames).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(frames).toHaveLength(2);
    expect(frames[1]?.at).toBe(firstAt + 10);
    expect(ids(frames[1])).toEqual(["second", "third"]);
  });

  it("a removal never overtakes the updates published before it", () => {
    publish.toTeams(["t1"], "conversation.updated", row("a"));
    publish.toRoomsExcept(["team:t1"], ["team:t2"], "conversation.removed", { id: "a" });
    expect(frames.map((frame) => frame.event)).toEqual(["events.batched", "conversation.removed"]);
    expect(frames[1]?.except).toEqual(["team:t2"]);
    vi.advanceTimersByTime(100);
    expect(frames).toHaveLength(2);
  });
});
