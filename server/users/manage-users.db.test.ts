import { describe, expect, it } from "vitest";
import { findSessionUser } from "../auth/sessions";
import { db } from "../db/db";
import { AppError } from "../errors";
import { seedSignedInUser, seedTeam } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { createUser } from "./create-user";
import { updateUser } from "./update-user";

setupTestDatabase();

const newUser = (role: "AGENT" | "SUPERVISOR" | "ADMIN", teamIds: string[] = []) => ({
  email: `new-${Math.random().toString(36).slice(2)}@loopdesk.test`,
  name: "新同事",
  role,
  password: "a fine password",
  capacity: 4,
  teamIds,
});

describe("managing people", () => {
  it("a supervisor adds an agent to a team; the password is stored only as a hash", async () => {
    const { sessionUser } = await seedSignedInUser({ role: "SUPERVISOR" });
    const team = await seedTeam();
    const created = await createUser(sessionUser, newUser("AGENT", [team.id]), null);
    expect(created.teams).toEqual([{ id: team.id, name: team.name }]);
    expect(JSON.stringify(created)).not.toContain("password");
    const row = await db().user.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("a supervisor cannot create or promote to supervisor or admin", async () => {
    const { sessionUser } = await seedSignedInUser({ role: "SUPERVISOR" });
    await expect(createUser(sessionUser, newUser("ADMIN"), null)).rejects.toThrow(AppError);
    const agent = await createUser(sessionUser, newUser("AGENT"), null);
    await expect(updateUser(sessionUser, agent.id, { role: "SUPERVISOR" }, null)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("disabling a user or changing their role signs them out everywhere", async () => {
    const admin = await seedSignedInUser({ role: "ADMIN" });
    const agent = await seedSignedInUser();
    await updateUser(admin.sessionUser, agent.user.id, { role: "SUPERVISOR" }, null);
    expect(await findSessionUser(agent.token)).toBeNull();
    const other = await seedSignedInUser();
    await updateUser(admin.sessionUser, other.user.id, { capacity: 8 }, null);
    expect(await findSessionUser(other.token)).not.toBeNull();
    await updateUser(admin.sessionUser, other.user.id, { disabled: true }, null);
    expect(await findSessionUser(other.token)).toBeNull();
  });

  it("nobody can change their own role or disable themselves", async () => {
    const admin = await seedSignedInUser({ role: "ADMIN" });
    await expect(updateUser(admin.sessionUser, admin.user.id, { disabled: true }, null)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
