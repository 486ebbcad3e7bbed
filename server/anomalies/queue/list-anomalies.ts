// The 异常 queue: anomalies with their order, parcel, refund or product and their customer, filtered
// and sorted as the page asks, a page at a time, with the open ones counted per type.
import { z } from "zod";
import type { SessionUser } from "../../auth/sessions";
import { db } from "../../db/db";
import type { Prisma } from "../../generated/prisma/client";
import { AnomalySeverity, AnomalyType } from "../../generated/prisma/enums";
import { remedySummarySelect, toRemedySummary } from "../../remedies/remedy-summary";
import { visibleAnomaliesFilter } from "./visible-anomalies";

const TYPES = Object.values(AnomalyType) as [AnomalyType, ...AnomalyType[]];
const SEVERITIES = Object.values(AnomalySeverity) as [AnomalySeverity, ...AnomalySeverity[]];
const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((text) => text.split(",").filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length));

export const listAnomaliesSchema = z.object({
  /** open: not resolved and not snoozed; snoozed; resolved; all. */
  status: z.enum(["open", "snoozed", "resolved", "all"]).default("open"),
  type: list(TYPES).optional(),
  severity: list(SEVERITIES).optional(),
  carrier: z
    .string()
    .regex(/^[a-z0-9]{1,32}$/)
    .optional(),
  /** Detected at least this many hours ago. */
  minAgeHours: z.coerce
    .number()
    .min(0)
    .max(24 * 365)
    .optional(),
  /** "me", "none" or a user's id. */
  assignee: z.string().min(1).max(64).optional(),
  customerId: z.string().min(1).max(64).optional(),
  sort: z.enum(["age", "severity"]).default("age"),
  after: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const anomalySelect = {
  id: true,
  type: true,
  severity: true,
  status: true,
  details: true,
  detectedAt: true,
  acknowledgedAt: true,
  firstContactAt: true,
  snoozedUntil: true,
  resolvedAt: true,
  resolution: true,
  remedyCostFen: true,
  contactedBeforeComplaint: true,
  conversationId: true,
  customer: { select: { id: true, name: true } },
  assignee: { select: { id: true, name: true } },
  resolvedBy: { select: { id: true, name: true } },
  order: { select: { orderNo: true, status: true, totalFen: true, paidAt: true } },
  shipment: {
    select: { carrier: true, trackingNo: true, status: true, lastEventAt: true, lastEventText: true },
  },
  refund: { select: { outRefundNo: true, status: true, amountFen: true, createdAt: true } },
  product: { select: { sku: true, name: true, stock: true, lowStockThreshold: true } },
  remedies: { orderBy: { createdAt: "asc" }, take: 10, select: remedySummarySelect },
} as const satisfies Prisma.AnomalySelect;

type AnomalyRow = Prisma.AnomalyGetPayload<{ select: typeof anomalySelect }>;

export function toAnomalyDto(row: AnomalyRow) {
  return {
    ...row,
    detectedAt: row.detectedAt.toISOString(),
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    firstContactAt: row.firstContactAt?.toISOString() ?? null,
    snoozedUntil: row.snoozedUntil?.toISOString() ?? null,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    order: row.order ? { ...row.order, paidAt: row.order.paidAt?.toISOString() ?? null } : null,
    shipment: row.shipment ? { ...row.shipment, lastEventAt: row.shipment.lastEventAt?.toISOString() ?? null } : null,
    refund: row.refund ? { ...row.refund, createdAt: row.refund.createdAt.toISOString() } : null,
    remedies: row.remedies.map(toRemedySummary),
  };
}

export type AnomalyDto = ReturnType<typeof toAnomalyDto>;

function statusFilter(status: z.infer<typeof listAnomaliesSchema>["status"], now: Date): Prisma.AnomalyWhereInput {
  // One status value, so the (status, detectedAt, id) index hands the page over in order.
  const unresolved: Prisma.AnomalyWhereInput = { status: "OPEN" };
  if (status === "open") return { ...unresolved, OR: [{ snoozedUntil: null }, { snoozedUntil: { lte: now } }] };
  if (status === "snoozed") return { ...unresolved, snoozedUntil: { gt: now } };
  if (status === "resolved") return { status: "RESOLVED" };
  return {};
}

export async function listAnomalies(user: SessionUser, input: z.infer<typeof listAnomaliesSchema>) {
  const now = new Date();
  const filters: Prisma.AnomalyWhereInput[] = [visibleAnomaliesFilter(user), statusFilter(input.status, now)];
  if (input.type?.length) filters.push({ type: { in: input.type } });
  if (input.severity?.length) filters.push({ severity: { in: input.severity } });
  if (input.carrier) filters.push({ shipment: { carrier: input.carrier } });
  if (input.minAgeHours !== undefined)
    filters.push({ detectedAt: { lte: new Date(now.getTime() - input.minAgeHours * 3_600_000) } });
  if (input.assignee === "me") filters.push({ assigneeId: user.id });
  else if (input.assignee === "none") filters.push({ assigneeId: null });
  else if (input.assignee) filters.push({ assigneeId: input.assignee });
  if (input.customerId) filters.push({ customerId: input.customerId });
  const where: Prisma.AnomalyWhereInput = { AND: filters };
  const orderBy: Prisma.AnomalyOrderByWithRelationInput[] =
    input.sort === "severity"
      ? [{ severity: "desc" }, { detectedAt: "asc" }, { id: "asc" }]
      : [{ detectedAt: "asc" }, { id: "asc" }];
  const [rows, openByType] = await Promise.all([
    db().anomaly.findMany({
      where,
      orderBy,
      take: input.limit + 1,
      ...(input.after ? { cursor: { id: input.after }, skip: 1 } : {}),
      select: anomalySelect,
    }),
    // The counts head the first page only; later pages are the same queue further down.
    input.after ? Promise.resolve(null) : openCounts(user, now),
  ]);
  const page = rows.slice(0, input.limit);
  return {
    items: page.map(toAnomalyDto),
    next: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
    openByType,
  };
}

/** How many are open per type, as this user sees them; counted at most every few seconds per audience. */
const COUNTS_FOR_MS = 5_000;
const countsCache = new Map<string, { at: number; counts: Promise<Record<string, number>> }>();

/** Anomalies opened or resolved in this process: the next first page counts again. */
export function forgetOpenCounts(): void {
  countsCache.clear();
}

function openCounts(user: SessionUser, now: Date): Promise<Record<string, number>> {
  const filter = visibleAnomaliesFilter(user);
  // Supervisors all see the same counts; an agent's depend on their teams.
  const audience = Object.keys(filter).length === 0 ? "all" : `${user.id}:${user.teamIds.join(",")}`;
  const cached = countsCache.get(audience);
  if (cached && now.getTime() - cached.at < COUNTS_FOR_MS) return cached.counts;
  const counts = db()
    .anomaly.groupBy({ by: ["type"], where: { AND: [filter, statusFilter("open", now)] }, _count: { _all: true } })
    .then((rows) => Object.fromEntries(rows.map((row) => [row.type, row._count._all])));
  if (countsCache.size > 1_000) countsCache.clear();
  countsCache.set(audience, { at: now.getTime(), counts });
  counts.catch(() => countsCache.delete(audience));
  return counts;
}

export async function getAnomaly(user: SessionUser, id: string) {
  const row = await db().anomaly.findFirst({
    where: { AND: [{ id }, visibleAnomaliesFilter(user)] },
    select: anomalySelect,
  });
  return row ? toAnomalyDto(row) : null;
}
