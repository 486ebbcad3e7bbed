import { db } from "../db/db";

export async function listTeams() {
  const teams = await db().team.findMany({
    orderBy: { name: "asc" },
    select: { id: true, name: true, isPrivate: true, skills: true, _count: { select: { members: true } } },
  });
  return teams.map(({ _count, ...team }) => ({ ...team, memberCount: _count.members }));
}
