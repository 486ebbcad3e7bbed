import { db } from "../db/db";

/** Everyone an agent works with: names for the timeline, @mentions and transfer targets. No emails. */
export async function listColleagues() {
  const users = await db().user.findMany({
    where: { disabledAt: null },
    select: { id: true, name: true, role: true, presence: true, teams: { select: { teamId: true } } },
    orderBy: { name: "asc" },
  });
  return users.map((user) => ({
    id: user.id,
    name: user.name,
    role: user.role,
    presence: user.presence,
    teamIds: user.teams.map((membership) => membership.teamId),
  }));
}

export type Colleague = Awaited<ReturnType<typeof listColleagues>>[number];
