// The detection rules' settings (Settings → 异常规则): on or off, severity, hours before each fires,
// per-carrier hours for stalled parcels. A rule without a stored row runs on these defaults.
import { z } from "zod";
import type { SqlConnection } from "../db/sql-connection";
import type { AnomalySeverity, AnomalyType } from "../generated/prisma/enums";
import type { RuleSettings } from "./rules/rule";

export const RULE_DEFAULTS: Record<AnomalyType, RuleSettings> = {
  PAID_NOT_SHIPPED: { enabled: true, severity: "MEDIUM", thresholdHours: 24, carrierHours: {}, params: {} },
  LOGISTICS_STALLED: { enabled: true, severity: "MEDIUM", thresholdHours: 48, carrierHours: {}, params: {} },
  DELIVERY_FAILED: { enabled: true, severity: "HIGH", thresholdHours: null, carrierHours: {}, params: {} },
  RETURNED: { enabled: true, severity: "MEDIUM", thresholdHours: null, carrierHours: {}, params: {} },
  REFUSED: { enabled: true, severity: "HIGH", thresholdHours: null, carrierHours: {}, params: {} },
  REFUND_STUCK: { enabled: true, severity: "HIGH", thresholdHours: 72, carrierHours: {}, params: {} },
  PAYMENT_MISMATCH: { enabled: true, severity: "HIGH", thresholdHours: null, carrierHours: {}, params: {} },
  LOW_STOCK: { enabled: true, severity: "LOW", thresholdHours: null, carrierHours: {}, params: {} },
  REGIONAL_SPIKE: { enabled: true, severity: "MEDIUM", thresholdHours: null, carrierHours: {}, params: {} },
};

export type StoredRuleSettings = RuleSettings & {
  scannedUntil: Date | null;
  fullScanAt: Date | null;
  /** The brand's own outreach text; null for the default. */
  outreachText: string | null;
};

const carrierHoursSchema = z.record(
  z.string().regex(/^[a-z0-9]{1,32}$/),
  z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
);

type Row = {
  type: AnomalyType;
  enabled: boolean;
  severity: AnomalySeverity;
  thresholdHours: number | null;
  carrierHours: unknown;
  params: unknown;
  scannedUntil: Date | null;
  fullScanAt: Date | null;
  outreachText: string | null;
};

/** Every rule's settings, stored or default, with where its scan got to. */
export async function readRuleSettings(tx: SqlConnection): Promise<Map<AnomalyType, StoredRuleSettings>> {
  const { rows } = await tx.query<Row>(
    `SELECT type, enabled, severity, "thresholdHours", "carrierHours", "scannedUntil", "fullScanAt", "outreachText",
       params
     FROM "AnomalyRuleSetting"`,
  );
  const stored = new Map(rows.map((row) => [row.type, row]));
  return new Map(
    (Object.keys(RULE_DEFAULTS) as AnomalyType[]).map((type) => {
      const row = stored.get(type);
      const defaults = RULE_DEFAULTS[type];
      const carrierHours = carrierHoursSchema.safeParse(row?.carrierHours ?? {});
      return [
        type,
        {
          enabled: row?.enabled ?? defaults.enabled,
          severity: row?.severity ?? defaults.severity,
          thresholdHours: row?.thresholdHours ?? defaults.thresholdHours,
          carrierHours: carrierHours.success ? carrierHours.data : {},
          params: row?.params && typeof row.params === "object" ? (row.params as Record<string, unknown>) : {},
          scannedUntil: row?.scannedUntil ?? null,
          fullScanAt: row?.fullScanAt ?? null,
          outreachText: row?.outreachText ?? null,
        },
      ];
    }),
  );
}

export const ruleSettingsInputSchema = z
  .object({
    enabled: z.boolean().optional(),
    severity: z.enum(["LOW", "MEDIUM", "HIGH", "CRITICAL"]).optional(),
    thresholdHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .optional(),
    carrierHours: carrierHoursSchema.optional(),
    /** What one click sends the customer; null goes back to the default text. */
    outreachText: z.string().trim().min(1).max(600).nullable().optional(),
  })
  .strict();
