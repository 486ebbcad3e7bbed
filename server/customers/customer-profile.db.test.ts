import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { secretBox } from "../crypto/secret-box";
import { db } from "../db/db";
import { seedSignedInUser, seedTeam } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { getCustomerProfile } from "./get-customer-profile";
import { revealPhone } from "./reveal-phone";

setupTestDatabase();

const unique = () => randomBytes(4).toString("hex");

async function seedCustomerWithPhone(teamId: string | null) {
  const channel = await db().channelAccount.create({
    data: { kind: "OFFICIAL_ACCOUNT", name: `OA ${unique()}`, appId: `wx${unique()}` },
  });
  const customer = await db().customer.create({
    data: { name: `客户 ${unique()}`, phoneMasked: "138****5678", phoneEnc: secretBox().seal("13812345678") },
  });
  await db().conversation.create({
    data: { customerId: customer.id, channelAccountId: channel.id, teamId, status: "QUEUED" },
  });
  return customer;
}

describe("a customer's phone number", () => {
  it("the profile shows only the masked number; a supervisor's reveal returns it and is written to the audit log", async () => {
    const customer = await seedCustomerWithPhone(null);
    const { sessionUser } = await seedSignedInUser({ role: "SUPERVISOR" });

    const profile = await getCustomerProfile(sessionUser, customer.id);
    expect(profile).toMatchObject({ phoneMasked: "138****5678", hasPhone: true });
    expect(JSON.stringify(profile)).not.toContain("13812345678");
    expect(JSON.stringify(profile)).not.toContain(customer.phoneEnc ?? "no cipher text");

    expect(await revealPhone(sessionUser, customer.id, "203.0.113.7")).toBe("13812345678");
    expect(
      await db().auditLog.findMany({
        where: { action: "customer.phone_revealed", subjectId: customer.id },
        select: { actorId: true, ip: true },
      }),
    ).toEqual([{ actorId: sessionUser.id, ip: "203.0.113.7" }]);
  });

  it("a customer seen only in a private team stays hidden from outsiders: no profile, no reveal, nothing audited", async () => {
    const team = await seedTeam({ isPrivate: true });
    const customer = await seedCustomerWithPhone(team.id);
    const { sessionUser: outsider } = await seedSignedInUser({ role: "AGENT" });

    await expect(getCustomerProfile(outsider, customer.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revealPhone(outsider, customer.id, null)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().auditLog.count({ where: { subjectId: customer.id } })).toBe(0);
  });
});
