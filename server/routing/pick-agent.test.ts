import { describe, expect, it } from "vitest";
import { pickAgent, type RoutingCandidate } from "./pick-agent";

const agent = (id: string, overrides: Partial<RoutingCandidate> = {}): RoutingCandidate => ({
  id,
  name: id,
  capacity: 3,
  skills: [],
  teamIds: ["sales"],
  load: 0,
  lastAssignedAt: null,
  ...overrides,
});
const waiting = { id: "c1", teamId: "sales", skill: null };

describe("choosing who takes a waiting conversation", () => {
  it("gives it to the least loaded agent of its team", () => {
    const picked = pickAgent(waiting, [agent("a", { load: 2 }), agent("b", { load: 1 }), agent("c", { teamIds: [] })]);
    expect(picked?.id).toBe("b");
  });

  it("skips agents at capacity and leaves it queued when everyone is full", () => {
    expect(pickAgent(waiting, [agent("a", { load: 3 }), agent("b", { load: 1, capacity: 1 })])).toBeUndefined();
  });

  it("needs the conversation's skill", () => {
    const picked = pickAgent({ ...waiting, skill: "refunds" }, [agent("a"), agent("b", { skills: ["refunds"] })]);
    expect(picked?.id).toBe("b");
  });

  it("lets equal agents take turns: the one assigned longest ago goes first", () => {
    const picked = pickAgent(waiting, [
      agent("a", { lastAssignedAt: new Date("2026-01-01T10:00:00Z") }),
      agent("b", { lastAssignedAt: new Date("2026-01-01T09:00:00Z") }),
    ]);
    expect(picked?.id).toBe("b");
  });

  it("sends a conversation without a team to anyone", () => {
    expect(pickAgent({ ...waiting, teamId: null }, [agent("a", { teamIds: [] })])?.id).toBe("a");
  });
});
