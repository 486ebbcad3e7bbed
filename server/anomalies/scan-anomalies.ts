// The periodic pass (job anomalies.scan, every minute; a pass runs when the last one is older than
// ANOMALY_SCAN_INTERVAL_SECONDS). Incremental: each rule looks only at subjects that crossed its
// threshold since its previous pass, through the indexes on what it scans; once an hour a full pass
// catches what a window cannot see (a payment found by the query hours after it was made, a
// threshold changed in Settings). One scanner at a time across instances: a transaction-scoped
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

export type ScanResult = { ran: boolean; full: string[]; opened: number; resolved: number };

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
    if (!rows[0]?.locked) return { ran: false, full: [], opened: 0, resolved: 0 };
    const settings = await readRuleSettings(tx);
    const lastPass = Math.min(...[...settings.values()].map((s) => s.scannedUntil?.getTime() ?? 0));
    if (!options.force && !options.full && now.getTime() - lastPass < intervalMs)
      return { ran: false, full: [], opened: 0, resolved: 0 };
    const changes: AnomalyChanges = { opened: [], resolved: [] };
    const full: string[] = [];
    for (const rule of ANOMALY_RULES) {
      const ruleSettings = settings.get(rule.type);
      if (!ruleSettings?.enabled) continue;
      const isFull =
        options.full ||
        !ruleSettings.scannedUntil ||
        !ruleSettings.fullScanAt ||
        now.getTime() - ruleSettings.fullScanAt.getTime() >= FULL_PASS_EVERY_MS;
      if (isFull) full.push(rule.type);
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
    }
    await recordAnomalyChanges(tx, changes);
    return { ran: true, full, opened: changes.opened.length, resolved: changes.resolved.length, changes };
  });
  if (result.changes) publishAnomalyChanges(result.changes);
  return { ran: result.ran, full: result.full, opened: result.opened, resolved: result.resolved };
}
