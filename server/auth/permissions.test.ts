import { describe, expect, it } from "vitest";
import { can, canManageRole } from "./permissions";

describe("roles", () => {
  it("keeps agents out of settings and the roster; supervisors and admins get in", () => {
    expect(can("AGENT", "settings.view")).toBe(false);
    expect(can("AGENT", "users.view")).toBe(false);
    expect(can("AGENT", "console.use")).toBe(true);
    expect(can("SUPERVISOR", "settings.view")).toBe(true);
    expect(can("ADMIN", "channels.manage")).toBe(true);
    expect(can("SUPERVISOR", "channels.manage")).toBe(false);
  });

  it("lets supervisors manage agents only, and admins everyone", () => {
    expect(canManageRole("SUPERVISOR", "AGENT")).toBe(true);
    expect(canManageRole("SUPERVISOR", "SUPERVISOR")).toBe(false);
    expect(canManageRole("SUPERVISOR", "ADMIN")).toBe(false);
    expect(canManageRole("ADMIN", "ADMIN")).toBe(true);
    expect(canManageRole("AGENT", "AGENT")).toBe(false);
  });
});
