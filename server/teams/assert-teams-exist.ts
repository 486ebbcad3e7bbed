import { db } from "../db/db";
import { AppError, localized } from "../errors";

/** Refuses ids of teams that do not exist as a 422 naming the field, before a write trips the foreign key. */
export async function assertTeamsExist(teamIds: readonly (string | null | undefined)[], field: string): Promise<void> {
  const wanted = [...new Set(teamIds.filter((id): id is string => typeof id === "string"))];
  if (wanted.length === 0) return;
  const found = await db().team.findMany({ where: { id: { in: wanted } }, select: { id: true } });
  const known = new Set(found.map((team) => team.id));
  const missing = wanted.filter((id) => !known.has(id));
  if (missing.length === 0) return;
  throw new AppError("INVALID_INPUT", localized("error.noSuchTeam"), {
    issues: [{ path: field, message: `no team ${missing.join(", ")}` }],
  });
}
