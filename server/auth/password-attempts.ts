// Throttles password guesses (sign-in and password change share it). Only failures count: a
// reservation is taken before the password is checked, so parallel guesses cannot slip past the
// limit, and it is given back when the password was right. The limits are per address and account
// pair, per address, and per account over a day; the last one only stops guesses from addresses the
// account never signed in from, so an attacker who spreads guesses cannot lock the real user out.
import { createHash } from "node:crypto";
import { db } from "../db/db";
import { AppError, localized } from "../errors";
import { consumeRateLimit, refundRateLimit } from "../rate-limit/consume-rate-limit";

const MINUTE = 60_000;
/** One address guessing one account (a forgotten password, or a targeted guesser). */
const PAIR = { limit: 10, windowMs: 15 * MINUTE };
/** One address guessing many accounts (an office behind one NAT address fails far less often). */
const ADDRESS = { limit: 100, windowMs: 15 * MINUTE };
/** Many addresses guessing one account: at 10 per pair, this takes 20 addresses or more. */
const ACCOUNT = { limit: 200, windowMs: 24 * 60 * MINUTE };
/** An address the account signed in from this recently is trusted past the account limit. */
const KNOWN_ADDRESS_MS = 30 * 24 * 60 * MINUTE;

export type PasswordAttempt = {
  /** The password was right: the attempt does not count. */
  succeeded(): Promise<void>;
};

const hash = (value: string) => createHash("sha256").update(value).digest("hex").slice(0, 32);

async function signedInFrom(userId: string, ip: string): Promise<boolean> {
  const seen = await db().auditLog.findFirst({
    where: {
      actorId: userId,
      action: "auth.signed_in",
      ip,
      createdAt: { gt: new Date(Date.now() - KNOWN_ADDRESS_MS) },
    },
    select: { id: true },
  });
  return seen !== null;
}

/**
 * Reserves one password check for `email` from `ip`; throws RATE_LIMITED when a limit is spent.
 * `userId` (when the account exists) lets addresses it signed in from before pass the account limit.
 */
export async function beginPasswordAttempt(who: {
  email: string;
  ip: string | null;
  userId?: string;
}): Promise<PasswordAttempt> {
  const ip = who.ip ?? "unknown";
  const keys = {
    pair: `password:pair:${hash(`${who.email}\u0000${ip}`)}`,
    address: `password:ip:${ip}`,
    account: `password:account:${hash(who.email)}`,
  };
  const [pair, address, account] = await Promise.all([
    consumeRateLimit(keys.pair, PAIR.limit, PAIR.windowMs),
    consumeRateLimit(keys.address, ADDRESS.limit, ADDRESS.windowMs),
    consumeRateLimit(keys.account, ACCOUNT.limit, ACCOUNT.windowMs),
  ]);
  const refund = () => Promise.all(Object.values(keys).map(refundRateLimit)).then(() => undefined);
  const accountBlocked = !account.allowed && !(who.userId && who.ip && (await signedInFrom(who.userId, who.ip)));
  const blocked = [!pair.allowed && pair, !address.allowed && address, accountBlocked && account].filter(
    (result) => result !== false,
  );
  if (blocked.length > 0) {
    // A refused attempt checks no password, so it is no failure either.
    await refund();
    throw new AppError("RATE_LIMITED", localized("error.tooManyAttempts"), {
      headers: { "Retry-After": String(Math.max(...blocked.map((result) => result.retryAfterSeconds))) },
    });
  }
  return { succeeded: refund };
}
