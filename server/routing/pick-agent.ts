// Who gets a waiting conversation: an online agent in its team (any team if it has none) with the
// skill it needs and room under their capacity; the least loaded, then the one who waited longest
// since their last assignment, so equal agents take turns.

export type RoutingCandidate = {
  id: string;
  name: string;
  capacity: number;
  skills: string[];
  teamIds: string[];
  load: number;
  lastAssignedAt: Date | null;
};

export type WaitingConversation = { id: string; teamId: string | null; skill: string | null };

function eligible(agent: RoutingCandidate, conversation: WaitingConversation): boolean {
  if (agent.load >= agent.capacity) return false;
  if (conversation.teamId && !agent.teamIds.includes(conversation.teamId)) return false;
  if (conversation.skill && !agent.skills.includes(conversation.skill)) return false;
  return true;
}

function before(a: RoutingCandidate, b: RoutingCandidate): boolean {
  if (a.load !== b.load) return a.load < b.load;
  const aAt = a.lastAssignedAt?.getTime() ?? 0;
  const bAt = b.lastAssignedAt?.getTime() ?? 0;
  if (aAt !== bAt) return aAt < bAt;
  return a.id < b.id;
}

export function pickAgent(
  conversation: WaitingConversation,
  candidates: RoutingCandidate[],
): RoutingCandidate | undefined {
  let best: RoutingCandidate | undefined;
  for (const agent of candidates) {
    if (eligible(agent, conversation) && (!best || before(agent, best))) best = agent;
  }
  return best;
}
