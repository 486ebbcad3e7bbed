// A webhook acknowledged just before a crash: stored, never processed in memory, old enough for the
// sweep job to take it. Tests use it to check the path that recovers events after a restart.
import { db } from "../db/db";
import { type NewInboundEvent, storeInboundEvent } from "../inbound/store-inbound-event";
import { webhooksSweepInboundJob } from "../jobs/definitions/webhooks-sweep-inbound";
import { createLogger } from "../logger";

/** Stores the event as the acknowledgement would, a minute ago; returns its id. */
export async function acknowledgedBeforeACrash(event: NewInboundEvent): Promise<string> {
  const stored = await storeInboundEvent(event);
  if (!stored) throw new Error("the event was stored before");
  await db().inboundEvent.update({ where: { id: stored.id }, data: { receivedAt: new Date(Date.now() - 60_000) } });
  return stored.id;
}

/** Runs the sweep job once; answers whether the event is now marked processed. */
export async function sweepProcesses(eventId: string): Promise<boolean> {
  await webhooksSweepInboundJob.handler({}, { jobId: "test", log: createLogger("test") });
  return (await db().inboundEvent.findUniqueOrThrow({ where: { id: eventId } })).processedAt !== null;
}
