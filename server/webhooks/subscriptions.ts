// Webhook subscriptions: made by an admin in Settings or by the brand's system with an API key
// (scope webhooks:write); the secret is generated unless given, sealed, and shown once.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { secretBox } from "../crypto/secret-box";
import { db } from "../db/db";
import { AppError, localized } from "../errors";
import { forgetPendingSubscriptions } from "./deliver-webhooks";
import { assertPublicDestination, RefusedDestination } from "./destination-guard";
import { WEBHOOK_EVENT_TYPES } from "./webhook-events";

export const createSubscriptionSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2_000),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES))
    .min(1)
    .max(WEBHOOK_EVENT_TYPES.length)
    .transform((events) => [...new Set(events)]),
  secret: z.string().min(16).max(200).optional(),
});

const subscriptionSelect = {
  id: true,
  url: true,
  events: true,
  active: true,
  createdAt: true,
  createdBy: true,
} as const;

export type WebhookSubscriptionDto = {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: string;
  createdBy: string;
};

const toDto = (row: {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: Date;
  createdBy: string;
}) => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
});

/** Who asks: an admin (audited as the user) or an API key (audited with its name). */
export type SubscriptionActor = { userId: string; name: string } | { keyId: string; name: string };

export async function createSubscription(
  actor: SubscriptionActor,
  input: z.infer<typeof createSubscriptionSchema>,
  ip: string | null,
) {
  try {
    await assertPublicDestination(input.url);
  } catch (error) {
    if (error instanceof RefusedDestination) {
      throw new AppError("INVALID_INPUT", localized("error.webhookDestinationRefused", { reason: error.message }));
    }
    throw error;
  }
  const secret = input.secret ?? `whsec_${randomBytes(32).toString("base64url")}`;
  const row = await db().webhookSubscription.create({
    data: { url: input.url, events: input.events, secretSealed: secretBox().seal(secret), createdBy: actor.name },
    select: subscriptionSelect,
  });
  forgetPendingSubscriptions();
  await recordAudit({
    action: "webhook.subscribed",
    actorId: "userId" in actor ? actor.userId : null,
    subjectType: "webhook_subscription",
    subjectId: row.id,
    ip,
    details: { url: input.url, events: input.events, by: actor.name },
  });
  return { subscription: toDto(row), secret };
}

export async function listSubscriptions(): Promise<WebhookSubscriptionDto[]> {
  const rows = await db().webhookSubscription.findMany({ orderBy: { createdAt: "desc" }, select: subscriptionSelect });
  return rows.map(toDto);
}

export async function deleteSubscription(actor: SubscriptionActor, id: string, ip: string | null) {
  const { count } = await db().webhookSubscription.deleteMany({ where: { id } });
  forgetPendingSubscriptions();
  if (count === 0) throw new AppError("NOT_FOUND", localized("error.webhookNotFound"));
  await recordAudit({
    action: "webhook.unsubscribed",
    actorId: "userId" in actor ? actor.userId : null,
    subjectType: "webhook_subscription",
    subjectId: id,
    ip,
    details: { by: actor.name },
  });
}

/** The delivery log, newest first: what was sent, how often, and what the receiver answered. */
export async function listDeliveries(subscriptionId: string, limit = 100) {
  const rows = await db().webhookDelivery.findMany({
    where: { subscriptionId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      eventId: true,
      type: true,
      status: true,
      attempts: true,
      lastStatus: true,
      lastError: true,
      createdAt: true,
      deliveredAt: true,
      nextAttemptAt: true,
    },
  });
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
  }));
}

/** Sends a delivery again, same event id and body (the receiver deduplicates by id). */
export async function replayDelivery(userId: string, deliveryId: string, ip: string | null) {
  const { count } = await db().webhookDelivery.updateMany({
    where: { id: deliveryId },
    data: { status: "PENDING", nextAttemptAt: new Date() },
  });
  if (count === 0) throw new AppError("NOT_FOUND", localized("error.webhookNotFound"));
  await recordAudit({
    action: "webhook.replayed",
    actorId: userId,
    subjectType: "webhook_delivery",
    subjectId: deliveryId,
    ip,
  });
}
