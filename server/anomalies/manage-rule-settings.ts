// Settings → 异常规则: every rule with its settings; supervisors and admins change them. A changed
// threshold or switch makes the next pass a full one, so the new settings apply to every subject.
import type { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { SessionUser } from "../auth/sessions";
import { db, getDatabase } from "../db/db";
import type { AnomalyType } from "../generated/prisma/enums";
import { OUTREACH_DEFAULTS } from "./outreach/outreach-texts";
import { RULE_DEFAULTS, readRuleSettings, type ruleSettingsInputSchema } from "./rule-settings";

export async function listRuleSettings() {
  const settings = await readRuleSettings(getDatabase().sql);
  return [...settings.entries()].map(([type, rule]) => ({
    type,
    enabled: rule.enabled,
    severity: rule.severity,
    thresholdHours: rule.thresholdHours,
    carrierHours: rule.carrierHours,
    /** Whether the rule has hours at all (the others fire on a status or a stock level). */
    hasThreshold: RULE_DEFAULTS[type].thresholdHours !== null,
    lastPassAt: rule.scannedUntil?.toISOString() ?? null,
    outreachText: rule.outreachText ?? OUTREACH_DEFAULTS[type] ?? null,
    /** Anomalies about a customer can be followed by outreach; stock and regional ones cannot. */
    hasOutreach: OUTREACH_DEFAULTS[type] !== undefined,
  }));
}

export async function updateRuleSetting(
  user: SessionUser,
  type: AnomalyType,
  input: z.infer<typeof ruleSettingsInputSchema>,
  ip: string | null,
) {
  const defaults = RULE_DEFAULTS[type];
  // Hours only for the rules that have them; carriers only for stalled parcels.
  const thresholdHours = defaults.thresholdHours === null ? undefined : input.thresholdHours;
  const carrierHours = type === "LOGISTICS_STALLED" ? input.carrierHours : undefined;
  const data = {
    outreachText: OUTREACH_DEFAULTS[type] === undefined ? undefined : input.outreachText,
    enabled: input.enabled,
    severity: input.severity,
    thresholdHours,
    carrierHours,
    // What fires changed: the next pass looks at every subject again.
    ...(input.enabled !== undefined || thresholdHours !== undefined || carrierHours !== undefined
      ? { scannedUntil: null, fullScanAt: null }
      : {}),
  };
  await db().$transaction(async (tx) => {
    await tx.anomalyRuleSetting.upsert({
      where: { type },
      create: { ...data, type, severity: input.severity ?? defaults.severity },
      update: data,
    });
    await recordAudit(
      {
        action: "anomaly.rules_changed",
        actorId: user.id,
        subjectType: "anomaly_rule",
        subjectId: type,
        ip,
        details: { enabled: input.enabled, severity: input.severity, thresholdHours, carrierHours },
      },
      tx,
    );
  });
  return (await listRuleSettings()).find((rule) => rule.type === type);
}
