// One evaluation of every enabled rule for a scope (a pass or an event's subjects), inside the
// caller's transaction: what cleared is resolved first, then what holds is opened, so a cause that
// came back after clearing is a new anomaly.
import type { SqlConnection } from "../db/sql-connection";
import type { AnomalyType } from "../generated/prisma/enums";
import { emitWebhookEvents } from "../webhooks/webhook-events";
import { recordAnomalyChanges } from "./anomaly-events";
import type { StoredRuleSettings } from "./rule-settings";
import { ANOMALY_RULES } from "./rules/all-rules";
import { type AnomalyRule, type ChangedAnomaly, openAnomalies, type Scope } from "./rules/rule";

/** What changed: opened and resolved by the rules; updated (claimed, assigned, snoozed) by people. */
export type AnomalyChanges = { opened: ChangedAnomaly[]; resolved: ChangedAnomaly[]; updated?: ChangedAnomaly[] };

export async function evaluateRule(
  tx: SqlConnection,
  rule: AnomalyRule,
  scope: Scope,
  settings: StoredRuleSettings,
  changes: AnomalyChanges,
): Promise<void> {
  const incremental = scope.kind === "scan" && scope.since !== null;
  const cleared = incremental && !rule.clearsWithTime ? null : rule.cleared(scope, settings);
  if (cleared) changes.resolved.push(...(await tx.query<ChangedAnomaly>(cleared.sql, cleared.params)).rows);
  const candidates = await rule.candidates(scope, settings, tx);
  if (!candidates) return;
  const opened = await openAnomalies(tx, rule.type, settings.severity, candidates, scope.now);
  changes.opened.push(...opened);
  if (opened.length > 0 && rule.onOpened) {
    await emitWebhookEvents(tx, await rule.onOpened(tx, opened, settings, scope.now), scope.now);
  }
}

export async function evaluateRules(
  tx: SqlConnection,
  scope: Scope,
  settings: Map<AnomalyType, StoredRuleSettings>,
): Promise<AnomalyChanges> {
  const changes: AnomalyChanges = { opened: [], resolved: [] };
  for (const rule of ANOMALY_RULES) {
    const ruleSettings = settings.get(rule.type);
    if (ruleSettings?.enabled) await evaluateRule(tx, rule, scope, ruleSettings, changes);
  }
  await recordAnomalyChanges(tx, changes);
  return changes;
}
