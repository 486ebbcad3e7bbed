// The periodic pass (job anomalies.scan, every minute; a pass runs when the last one is older than
// ANOMALY_SCAN_INTERVAL_SECONDS). Incremental: each rule looks only at subjects that crossed its
// threshold since its previous pass, through the indexes on what it scans; once an hour each rule's
// pass is full, catching what a window cannot see (a payment found by the query hours after it was
// made, a threshold changed in Settings), a few rules per pass within a time budget. One scanner at a time across instances: a transaction-scoped
// advisory lock, so a second instance's pass skips instead of waiting.
import { getDatabase } from "../db/db";
import { getConfig } from "../env";
import { recordAnomalyChanges } from "./anomaly-events";
import { type AnomalyChanges, evaluateRule } from "./evaluate-rules";
import { publishAnomalyChanges } from "./publish-anomalies";
import { RULE_DEFAULTS, readRuleSettings } from "./rule-settings";
import { ANOMALY_RULES } from "./rules/all-rules";

/** pg advisory lock key of the scanner: "LDAN" in ASCII. */
const SCANNER_LOCK = 0x4c44414e;
const FULL_PASS_EVERY_MS = 3_600_000;
/**
 * A scheduled pass spends about this much on the full passes that are due (at least one); rules still
 * due after it pass incrementally and have their turn in the next pass, so the hour's full passes
 * spread over a few passes instead of stacking into one long one.
 */
const FULL_PASS_BUDGET_MS = 1_000;

export type ScanResult = {
  ran: boolean;
  full: string[];
  opened: number;
  resolved: number;
  /** What each rule's part of the pass took: where a slow pass spends its time. */
  msByRule: Record<string, number>;
};

/**
 * One pass, if the interval has passed since the last. `force` passes anyway; `full` looks at every
 * subject (Settings' "scan everything now", and tests that seed subjects already past a threshold).
 */
export async function scanAnomalies(
  now = new Date(),
  options: { force?: boolean; full?: boolean } = {},
): Promise<ScanResult> {
  const intervalMs = getConfig().anomalyScanIntervalMs;
  const result = await getDatabase().transaction(async (tx): Promise<ScanResult & { changes?: AnomalyChanges }> => {
    const { rows } = await tx.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
      SCANNER_LOCK,
    ]);
    if (!rows[0]?.locked) return { ran: false, full: [], opened: 0, resolved: 0, msByRule: {} };
    const settings = await readRuleSettings(tx);
    const lastPass = Math.min(...[...settings.values()].map((s) => s.scannedUntil?.getTime() ?? 0));
    if (!options.force && !options.full && now.getTime() - lastPass < intervalMs)
      return { ran: false, full: [], opened: 0, resolved: 0, msByRule: {} };
    const changes: AnomalyChanges = { opened: [], resolved: [] };
    const full: string[] = [];
    const msByRule: Record<string, number> = {};
    const fullDueSince = (rule: (typeof ANOMALY_RULES)[number]) => {
      const ruleSettings = settings.get(rule.type);
      if (!ruleSettings?.scannedUntil || !ruleSettings.fullScanAt) return 0;
      const due = now.getTime() - ruleSettings.fullScanAt.getTime() >= FULL_PASS_EVERY_MS;
      return due ? ruleSettings.fullScanAt.getTime() : Number.POSITIVE_INFINITY;
    };
    // Rules not due first (cheap), then the due ones, most overdue first, while the budget lasts.
    const ordered = [...ANOMALY_RULES].sort((a, b) => {
      const [dueA, dueB] = [fullDueSince(a), fullDueSince(b)];
      if (dueA === dueB) return 0;
      if (dueA === Number.POSITIVE_INFINITY) return -1;
      if (dueB === Number.POSITIVE_INFINITY) return 1;
      return dueA - dueB;
    });
    const passBegan = performance.now();
    let fullsThisPass = 0;
    for (const rule of ordered) {
      const ruleSettings = settings.get(rule.type);
      if (!ruleSettings?.enabled) continue;
      const neverScanned = !ruleSettings.scannedUntil;
      const due = fullDueSince(rule) !== Number.POSITIVE_INFINITY;
      const isFull =
        options.full ||
        neverScanned ||
        (due && (fullsThisPass === 0 || performance.now() - passBegan < FULL_PASS_BUDGET_MS));
      if (isFull) {
        full.push(rule.type);
        fullsThisPass += 1;
      }
      const began = performance.now();
      await evaluateRule(
        tx,
        rule,
        { kind: "scan", now, since: isFull ? null : ruleSettings.scannedUntil },
        ruleSettings,
        changes,
      );
      await tx.query(
        `INSERT INTO "AnomalyRuleSetting" (type, severity, "scannedUntil", "fullScanAt", "updatedAt")
         VALUES ($1::text::"AnomalyType", $2::text::"AnomalySeverity", $3::timestamp, $4::timestamp, $3::timestamp)
         ON CONFLICT (type) DO UPDATE SET "scannedUntil" = EXCLUDED."scannedUntil", "fullScanAt" = EXCLUDED."fullScanAt"`,
        [
          rule.type,
          RULE_DEFAULTS[rule.type].severity,
          now.toISOString(),
          (isFull ? now : ruleSettings.fullScanAt)?.toISOString() ?? null,
        ],
      );
      msByRule[rule.type] = Math.round(performance.now() - began);
    }
    const began = performance.now();
    await recordAnomalyChanges(tx, changes);
    msByRule.recorded = Math.round(performance.now() - began);
    return { ran: true, full, opened: changes.opened.length, resolved: changes.resolved.length, msByRule, changes };
  });
  if (result.changes) publishAnomalyChanges(result.changes);
  const { changes: _changes, ...answer } = result;
  return answer;
}
