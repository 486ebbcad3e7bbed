import { randomFillSync } from "node:crypto";

// Several ids are made per inbound message: drawing their randomness from a pool refilled 4 KB at
// a time costs a fraction of one randomBytes call each.
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString("hex", offset, offset + bytes);
  offset += bytes;
  return hex;
}

/**
 * Ids for rows written with SQL rather than the Prisma client (which makes cuids itself): lowercase
 * base-36 time prefix plus randomness, so they sort roughly by creation like cuids and fit the
 * same [a-z0-9] cursor format.
 */
export function newId(): string {
  return `c${Date.now().toString(36)}${randomHex(9)}`;
}
