// How WeChat counts what a brand may send to one customer: after each customer message, 5 messages
// within 48 h; after an Official Account menu click / subscribe / scan, 3 within a minute.
const HOUR = 3600_000;

export type LedgerGrant = { quota: number; ttlMs: number };
export const MESSAGE_GRANT: LedgerGrant = { quota: 5, ttlMs: 48 * HOUR };
export const EVENT_GRANT: LedgerGrant = { quota: 3, ttlMs: 60_000 };

export type SpendResult = "ok" | "no_window" | "quota_exhausted";

export class ReplyLedger {
  private readonly windows = new Map<string, { expiresAt: number; remaining: number }>();

  grant(key: string, grant: LedgerGrant, at = Date.now()): void {
    const current = this.windows.get(key);
    // A menu click does not shrink an open message window.
    if (current && current.expiresAt > at && current.remaining > 0 && grant.ttlMs < MESSAGE_GRANT.ttlMs) return;
    this.windows.set(key, { expiresAt: at + grant.ttlMs, remaining: grant.quota });
  }

  spend(key: string, at = Date.now()): SpendResult {
    const window = this.windows.get(key);
    if (!window || window.expiresAt <= at) return "no_window";
    if (window.remaining <= 0) return "quota_exhausted";
    window.remaining -= 1;
    return "ok";
  }
}
