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

let lastMs = 0;
let sequence = 0;

/**
 * Ids for rows written with SQL rather than the Prisma client (which makes cuids itself): lowercase
 * base-36 time prefix, a sequence within the millisecond, then randomness, so they fit the same
 * [a-z0-9] cursor format as cuids and sort in the order this process made them. Messages are listed
 * by sentAt, then id, and the platforms give sentAt in whole seconds: a customer's "在吗" and the
 * question right after it must not swap places.
 */
export function newId(): string {
  const ms = Date.now();
  // A clock stepping back keeps the last time and counts on: the order still holds.
  if (ms > lastMs) {
    lastMs = ms;
    sequence = 0;
  } else sequence += 1;
  return `c${lastMs.toString(36)}${sequence.toString(36).padStart(4, "0")}${randomHex(7)}`;
}
