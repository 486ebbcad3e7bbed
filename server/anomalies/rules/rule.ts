// The detection port: each rule (one file each in this folder) says in SQL which subjects its cause
// holds for and which of its open anomalies no longer have it. Rules never loop over orders in
// JavaScript: a pass is one INSERT … SELECT and one UPDATE … FROM per rule, whatever the volume.
import type { SqlConnection } from "../../db/sql-connection";
import type { AnomalySeverity, AnomalyType } from "../../generated/prisma/enums";
import type { WebhookEvent } from "../../webhooks/webhook-events";

/** What a rule is evaluated for: a periodic pass, or the subjects an event just changed. */
export type Scope =
  | {
      kind: "scan";
      now: Date;
      /**
       * The previous pass's time: only subjects that crossed the threshold since then are looked
       * at. Null for a full pass.
       */
      since: Date | null;
    }
  | { kind: "subjects"; now: Date; subjects: Subjects };

/** What an event changed: an order (with its payments, parcels and refunds) or a product's stock. */
export type Subjects = { orderIds: string[]; productIds: string[] };

export type RuleSettings = {
  enabled: boolean;
  severity: AnomalySeverity;
  thresholdHours: number | null;
  /** Per carrier (Kuaidi100 code), for the stalled-parcel rule. */
  carrierHours: Record<string, number>;
  /** The rule's own parameters as stored (replenishment's lead time, the spike's windows); rules default them. */
  params: Record<string, unknown>;
};

/**
 * A candidate row a rule selects: the columns of `Anomaly` it fills. `details` is jsonb shown on the
 * anomaly (order number, carrier, the hours it crossed…).
 */
export const CANDIDATE_COLUMNS = `"subjectType", "subjectId", "orderId", "shipmentId", "refundId", "productId", "customerId", details`;

export type Statement = { sql: string; params: unknown[] };

export type AnomalyRule = {
  type: AnomalyType;
  /**
   * Subjects whose cause holds now, as SELECT … AS <CANDIDATE_COLUMNS>; null when scope has none. A
   * rule that needs to read first (a statistical test) may use `tx`.
   */
  candidates(scope: Scope, settings: RuleSettings, tx: SqlConnection): Statement | null | Promise<Statement | null>;
  /**
   * The cause clears with time alone (a spike's window moves on), not only with a change to its
   * subject: such a rule's clearing runs in every pass. Other rules' causes clear with a change
   * (a scan, a payment, a restock), which evaluates them at once; the periodic pass re-checks their
   * clearing only when it is full, as a safety net.
   */
  clearsWithTime?: boolean;
  /** What the brand's systems hear when this rule opens anomalies, besides anomaly.opened. */
  onOpened?(tx: SqlConnection, opened: ChangedAnomaly[], settings: RuleSettings, now: Date): Promise<WebhookEvent[]>;
  /**
   * Open anomalies of this type whose cause has cleared, as an UPDATE of "Anomaly" a … FROM … WHERE
   * that sets `RESOLVED_BY_ITSELF` and a resolution code (see resolveStatement); null when none.
   */
  cleared(scope: Scope, settings: RuleSettings): Statement | null;
};

export type ChangedAnomaly = {
  id: string;
  type: AnomalyType;
  severity: AnomalySeverity;
  subjectType: string;
  subjectId: string;
  orderId: string | null;
  customerId: string | null;
  conversationId: string | null;
  details: unknown;
  resolution: string | null;
};

/** The columns RETURNING gives for a ChangedAnomaly, from the row `alias`. */
export const changedColumns = (alias: string) =>
  [
    "id",
    "type",
    "severity",
    '"subjectType"',
    '"subjectId"',
    '"orderId"',
    '"customerId"',
    '"conversationId"',
    "details",
    "resolution",
  ]
    .map((column) => `${alias}.${column}`)
    .join(", ");

/** Placeholders from $<from> on, for a statement whose first parameters are someone else's. */
export function placeholders(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `$${from + i}`);
}

/** Opens one anomaly per candidate that has none open (the open key is unique); returns the new ones. */
export async function openAnomalies(
  tx: SqlConnection,
  type: AnomalyType,
  severity: AnomalySeverity,
  candidates: Statement,
  now: Date,
): Promise<ChangedAnomaly[]> {
  const [typeParam, severityParam, nowParam] = placeholders(candidates.params.length + 1, 3);
  const { rows } = await tx.query<ChangedAnomaly>(
    `INSERT INTO "Anomaly" (id, type, severity, status, "subjectType", "subjectId", "openKey", details, "orderId",
       "shipmentId", "refundId", "productId", "customerId", "conversationId", "detectedAt", "createdAt", "updatedAt")
     SELECT gen_random_uuid()::text, ${typeParam}::text::"AnomalyType", ${severityParam}::text::"AnomalySeverity", 'OPEN',
       c."subjectType", c."subjectId", ${typeParam}::text || ':' || c."subjectType" || ':' || c."subjectId", c.details,
       c."orderId", c."shipmentId", c."refundId", c."productId", c."customerId",
       (SELECT v.id FROM "Conversation" v WHERE v."customerId" = c."customerId"
        ORDER BY v."lastActivityAt" DESC LIMIT 1),
       ${nowParam}::timestamp, ${nowParam}::timestamp, ${nowParam}::timestamp
     FROM (${candidates.sql}) AS c(${CANDIDATE_COLUMNS})
     -- A full pass finds mostly subjects already open: skipped here, before the conversation lookup and
     -- the insertion attempt, rather than by the conflict.
     WHERE NOT EXISTS (SELECT 1 FROM "Anomaly" x
                       WHERE x."openKey" = ${typeParam}::text || ':' || c."subjectType" || ':' || c."subjectId")
     ON CONFLICT ("openKey") DO NOTHING
     RETURNING ${changedColumns('"Anomaly"')}`,
    [...candidates.params, type, severity, now.toISOString()],
  );
  return rows;
}

/**
 * An UPDATE resolving open anomalies of `type` joined to `from` where `condition` holds, with the
 * resolution `reason` (an SQL expression: a code such as 'auto:parcel_moved'). `params` are the
 * statement's own, from $3 on ($1 is the time, $2 the type).
 */
export function resolveStatement(options: {
  type: AnomalyType;
  now: Date;
  from: string;
  condition: string;
  reason: string;
  params?: unknown[];
}): Statement {
  return {
    sql: `UPDATE "Anomaly" a SET status = 'RESOLVED', "openKey" = NULL, "resolvedAt" = $1::timestamp,
            "updatedAt" = $1::timestamp, resolution = ${options.reason}
          FROM ${options.from}
          WHERE a.type = $2::text::"AnomalyType" AND a."openKey" IS NOT NULL AND (${options.condition})
          RETURNING ${changedColumns("a")}`,
    params: [options.now.toISOString(), options.type, ...(options.params ?? [])],
  };
}

/** The subjects of a scope restricted to one kind, as an SQL condition on `column` from $<at>. */
export function inSubjects(scope: Scope, ids: (subjects: Subjects) => string[], column: string, at: number) {
  if (scope.kind === "scan") return { condition: "true", params: [] as unknown[] };
  return { condition: `${column} = ANY($${at}::text[])`, params: [ids(scope.subjects)] as unknown[] };
}

/**
 * The condition that narrows a rule's candidates: in an incremental pass, to subjects whose
 * `timeColumn` crossed the threshold since the last pass (`crossedAfter(since)`); for an event, to
 * its subjects (`subjectColumn`); nothing in a full pass. Pushes its one parameter onto `params`.
 */
export function narrowing(
  scope: Scope,
  params: unknown[],
  options: {
    timeColumn: string;
    crossedAfter: (since: Date) => Date;
    subjectColumn: string;
    subjects: (subjects: Subjects) => string[];
  },
): string {
  if (scope.kind === "scan") {
    if (!scope.since) return "";
    params.push(options.crossedAfter(scope.since).toISOString());
    return `AND ${options.timeColumn} > $${params.length}::timestamp`;
  }
  params.push(options.subjects(scope.subjects));
  return `AND ${options.subjectColumn} = ANY($${params.length}::text[])`;
}

/** True when a subjects scope holds no subject of this kind: the rule has nothing to look at. */
export const noSubjects = (scope: Scope, ids: (subjects: Subjects) => string[]) =>
  scope.kind === "subjects" && ids(scope.subjects).length === 0;

export const hoursBefore = (at: Date, hours: number) => new Date(at.getTime() - hours * 3_600_000);
