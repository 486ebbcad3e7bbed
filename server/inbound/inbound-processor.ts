// The inbound port: what every source of webhooks and pulled events implements, the way
// ChannelAdapter is the outbound port. Storing, acknowledging, queueing and retrying are the same
// for every source (this folder); what an event means is the processor's business.
import type { InboundSource } from "../generated/prisma/enums";

/** An inbound event as stored: the verified, decrypted payload and the account it came to. */
export type StoredInboundEvent = {
  id: string;
  source: InboundSource;
  /** Null when the account was removed after the event arrived. */
  channelAccountId: string | null;
  dedupeKey: string;
  payload: string;
  receivedAt: Date;
};

/**
 * "marked": the processor marked the event processed itself, in the transaction that applied it;
 * "applied": the caller marks it. A failure is thrown (the sweep retries it).
 */
export type InboundOutcome = "marked" | "applied";

export type InboundProcessor<Parsed = unknown> = {
  /**
   * "queue": runs in the bounded post-acknowledgement queue. "direct": runs beside it, because it
   * queues work of its own there and waits for it (a kf pull), which inside a slot could deadlock.
   */
  lane: "queue" | "direct";
  /** The stored payload as the processor reads it; throws on a payload it cannot read. */
  parse(payload: string): Parsed;
  /** Applies the event; idempotent, since a crash or the sweep may apply it again. */
  apply(event: StoredInboundEvent, parsed: Parsed): Promise<InboundOutcome>;
};
