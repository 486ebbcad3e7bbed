import { hashPassword } from "../auth/password";
import { db } from "../db/db";
import { createLogger } from "../logger";
import { DEMO_CANNED_REPLIES, DEMO_PASSWORD, DEMO_TEAMS, DEMO_USERS } from "./demo-users";

const log = createLogger("demo");

/** Creates the demo teams and users once; later runs keep whatever was changed since. */
export async function seedDemo(): Promise<void> {
  const teamIds = new Map<string, string>();
  for (const team of DEMO_TEAMS) {
    const row = await db().team.upsert({
      where: { name: team.name },
      create: { name: team.name, skills: [...team.skills] },
      update: {},
    });
    teamIds.set(team.name, row.id);
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const user of DEMO_USERS) {
    const exists = await db().user.findUnique({ where: { email: user.email }, select: { id: true } });
    if (exists) continue;
    await db().user.create({
      data: {
        email: user.email,
        name: user.name,
        role: user.role,
        passwordHash,
        teams: { create: user.teams.map((name) => ({ teamId: teamIds.get(name) as string })) },
      },
    });
  }
  if ((await db().cannedReply.count()) === 0) {
    await db().cannedReply.createMany({ data: DEMO_CANNED_REPLIES.map((reply) => ({ ...reply })) });
  }
  log.info({ users: DEMO_USERS.map((user) => user.email), password: DEMO_PASSWORD }, "demo users ready");
}
