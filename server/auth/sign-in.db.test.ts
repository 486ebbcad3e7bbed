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

  it("is throttled per email after 10 attempts, whether or not the email exists", async () => {
    for (const email of ["ghost@loopdesk.test", (await seedUser()).email]) {
      const codes: string[] = [];
      for (let i = 0; i < 11; i += 1) codes.push(await codeOf(attempt(email, "wrong password", `10.1.0.${i}`)));
      expect(codes.slice(0, 10).every((code) => code === "INVALID_CREDENTIALS")).toBe(true);
      expect(codes[10]).toBe("RATE_LIMITED");
    }
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

  it("refuses a password change with the wrong current password", async () => {
    const { sessionUser } = await seedSignedInUser();
    expect(
      await codeOf(
        changePassword(sessionUser, { currentPassword: "wrong one!!", newPassword: "new password 1" }, null),
      ),
    ).toBe("INVALID_CREDENTIALS");
  });
});
