import { describe, expect, it } from "vitest";
import { db } from "../db/db";
import { AppError } from "../errors";
import { seedSignedInUser, seedUser, TEST_PASSWORD } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { changePassword } from "./change-password";
import { findSessionUser } from "./sessions";
import { signIn } from "./sign-in";
import { signOut } from "./sign-out";

setupTestDatabase();

const attempt = (email: string, password: string, ip = "10.0.0.1") =>
  signIn({ email, password, ip, userAgent: "vitest", sessionTtlMs: 3600_000 });

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

describe("signing in", () => {
  it("an agent with the right password gets a session that identifies them", async () => {
    const user = await seedUser();
    const result = await attempt(user.email, TEST_PASSWORD);
    const sessionUser = await findSessionUser(result.token);
    expect(sessionUser).toMatchObject({ id: user.id, role: "AGENT" });
    const stored = await db().session.findUniqueOrThrow({ where: { id: result.sessionId } });
    expect(stored.tokenHash).not.toBe(result.token);
  });

  it("a wrong password and an unknown email get the same answer", async () => {
    const user = await seedUser();
    const answer = (email: string) =>
      attempt(email, "not the password").then(
        () => "signed in",
        (error: AppError) => `${error.code}: ${error.message}`,
      );
    const wrong = await answer(user.email);
    expect(wrong).toMatch(/^INVALID_CREDENTIALS/);
    expect(await answer("nobody@loopdesk.test")).toBe(wrong);
  });

  it("one address guessing one account is stopped after 10 wrong passwords, whether or not the email exists", async () => {
    for (const email of ["ghost@loopdesk.test", (await seedUser()).email]) {
      const codes: string[] = [];
      for (let i = 0; i < 11; i += 1) codes.push(await codeOf(attempt(email, "wrong password", "10.1.0.1")));
      expect(codes.slice(0, 10).every((code) => code === "INVALID_CREDENTIALS")).toBe(true);
      expect(codes[10]).toBe("RATE_LIMITED");
    }
  });

  it("a whole office signs in behind one address: successful sign-ins never count", async () => {
    const agents = await Promise.all(Array.from({ length: 4 }, () => seedUser()));
    const codes: string[] = [];
    for (let round = 0; round < 15; round += 1) {
      for (const agent of agents) codes.push(await codeOf(attempt(agent.email, TEST_PASSWORD, "10.2.0.1")));
    }
    expect(codes.filter((code) => code !== "OK")).toEqual([]);
    expect(codes.length).toBeGreaterThan(50);
  });

  it("a guesser cannot lock the owner out: the owner still signs in from their own address", async () => {
    const owner = await seedUser();
    await attempt(owner.email, TEST_PASSWORD, "10.3.0.1");
    // Ten wrong passwords from each of twenty addresses: the pair limits and the account's day limit.
    for (let chunk = 0; chunk < 20; chunk += 5) {
      await Promise.all(
        Array.from({ length: 5 }, async (_, offset) => {
          for (let i = 0; i < 10; i += 1)
            await codeOf(attempt(owner.email, "wrong password", `10.4.0.${chunk + offset}`));
        }),
      );
    }
    expect(await codeOf(attempt(owner.email, "wrong password", "10.4.0.1"))).toBe("RATE_LIMITED");
    // A new address meets the account limit; the address the owner used before does not.
    expect(await codeOf(attempt(owner.email, TEST_PASSWORD, "10.5.0.1"))).toBe("RATE_LIMITED");
    expect(await codeOf(attempt(owner.email, TEST_PASSWORD, "10.3.0.1"))).toBe("OK");
    // An admin is no different: ten wrong passwords from elsewhere do not stop them.
    const admin = await seedUser({ role: "ADMIN" });
    for (let i = 0; i < 10; i += 1) await codeOf(attempt(admin.email, "wrong password", "10.6.0.1"));
    expect(await codeOf(attempt(admin.email, TEST_PASSWORD, "10.7.0.1"))).toBe("OK");
  });

  it("parallel guesses cannot slip past the limit", async () => {
    const user = await seedUser();
    const codes = await Promise.all(
      Array.from({ length: 16 }, () => codeOf(attempt(user.email, "wrong password", "10.8.0.1"))),
    );
    expect(codes.filter((code) => code === "INVALID_CREDENTIALS").length).toBe(10);
    expect(codes.filter((code) => code === "RATE_LIMITED").length).toBe(6);
  });

  it("a disabled user cannot sign in, and their existing session stops working", async () => {
    const { user, token } = await seedSignedInUser();
    await db().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await codeOf(attempt(user.email, TEST_PASSWORD))).toBe("INVALID_CREDENTIALS");
    expect(await findSessionUser(token)).toBeNull();
  });
});

describe("ending sessions", () => {
  it("signing out ends only this session", async () => {
    const user = await seedUser();
    const laptop = await attempt(user.email, TEST_PASSWORD);
    const phone = await attempt(user.email, TEST_PASSWORD);
    const current = await findSessionUser(laptop.token);
    if (!current) throw new Error("expected a session");
    await signOut(current, null);
    expect(await findSessionUser(laptop.token)).toBeNull();
    expect(await findSessionUser(phone.token)).not.toBeNull();
  });

  it("changing the password ends every other session and the old password stops working", async () => {
    const user = await seedUser();
    const here = await attempt(user.email, TEST_PASSWORD);
    const elsewhere = await attempt(user.email, TEST_PASSWORD);
    const current = await findSessionUser(here.token);
    if (!current) throw new Error("expected a session");
    expect(
      await changePassword(current, { currentPassword: TEST_PASSWORD, newPassword: "a much better one" }, null),
    ).toEqual({ endedSessions: 1 });
    expect(await findSessionUser(here.token)).not.toBeNull();
    expect(await findSessionUser(elsewhere.token)).toBeNull();
    expect(await codeOf(attempt(user.email, TEST_PASSWORD))).toBe("INVALID_CREDENTIALS");
    expect(await codeOf(attempt(user.email, "a much better one"))).toBe("OK");
    const audit = await db().auditLog.findFirst({ where: { subjectId: user.id, action: "auth.password_changed" } });
    expect(audit).not.toBeNull();
  });

  it("checking the current password shares sign-in's limit", async () => {
    const { sessionUser } = await seedSignedInUser();
    const change = (currentPassword: string) =>
      codeOf(changePassword(sessionUser, { currentPassword, newPassword: "new password 1" }, "10.9.0.1"));
    const codes: string[] = [];
    for (let i = 0; i < 11; i += 1) codes.push(await change("wrong one!!"));
    expect(codes.slice(0, 10).every((code) => code === "INVALID_CREDENTIALS")).toBe(true);
    expect(codes[10]).toBe("RATE_LIMITED");
    expect(await codeOf(attempt(sessionUser.email, TEST_PASSWORD, "10.9.0.1"))).toBe("RATE_LIMITED");
  });

  it("refuses a password change with the wrong current password", async () => {
    const { sessionUser } = await seedSignedInUser();
    expect(
      await codeOf(
        changePassword(sessionUser, { currentPassword: "wrong one!!", newPassword: "new password 1" }, null),
      ),
    ).toBe("INVALID_CREDENTIALS");
  });
});
