import { randomBytes } from "node:crypto";

/**
 * Ids for rows written with SQL rather than the Prisma client (which makes cuids itself): lowercase
 * base-36 time prefix plus randomness, so they sort roughly by creation like cuids and fit the
 * same [a-z0-9] cursor format.
 */
export function newId(): string {
  return `c${Date.now().toString(36)}${randomBytes(9).toString("hex")}`;
}
