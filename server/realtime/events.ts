// The realtime contract, imported by the server and by the browser. Server→client events are facts
// named `<entity>.<past_tense>`; client→server events are requests with an ack, never data mutations.
import { z } from "zod";
import type { ConversationListItem } from "../conversations/conversation-dto";
import type { MessageDto } from "../conversations/message-dto";

export type PresenceValue = "ONLINE" | "BUSY" | "AWAY" | "OFFLINE";

export type AgentPresenceChangedEvent = { userId: string; presence: PresenceValue; changedAt: string };
export type SessionRevokedEvent = { reason: "session_ended" };

export interface ServerToClientEvents {
  "agent.presence_changed": (event: AgentPresenceChangedEvent) => void;
  "session.revoked": (event: SessionRevokedEvent) => void;
  /** A message was stored in a conversation the socket has subscribed to. */
  "message.created": (event: MessageDto) => void;
  /** A message's delivery status changed (sent, failed with the platform's reason). */
  "message.updated": (event: MessageDto) => void;
  /** A conversation's inbox row changed (new message, status, assignment, window). */
  "conversation.updated": (event: ConversationListItem) => void;
  /** The conversation left this user's sight (moved to a private team they are not in). */
  "conversation.removed": (event: { id: string }) => void;
  /** One of the customer's orders changed (paid, refunded, shipped): their sidebar reads its orders again. */
  "order.updated": (event: OrderUpdatedEvent) => void;
  /** A remedy was given, requested, decided or failed: approval lists, sidebars and anomalies read again. */
  "remedies.changed": (event: { customerId: string; anomalyId: string | null }) => void;
  /** Anomalies opened or resolved: the queue, the customers' sidebars and the inbox badges read again. */
  "anomalies.changed": (event: AnomalyChangedEvent) => void;
  /** Who else has a conversation open, and who is typing in it (collision detection). */
  "conversation.viewers_changed": (event: ConversationViewersEvent) => void;
  /**
   * The high-rate facts (`BATCHED_EVENTS`) published to the same rooms within a few milliseconds, in
   * order, as one frame: each frame is a write per socket, and 50 agents times hundreds of messages
   * a second in single frames spent a third of the server's CPU in `writev`.
   */
  "events.batched": (events: BatchedServerEvent[]) => void;
}

export type OrderUpdatedEvent = { customerId: string; orderNo: string; status: string };

export type AnomalyChange = { id: string; type: string; customerId: string | null; conversationId: string | null };
export type AnomalyChangedEvent = { opened: AnomalyChange[]; resolved: AnomalyChange[]; updated: AnomalyChange[] };

export type ConversationViewer = { userId: string; name: string; typing: boolean };
export type ConversationViewersEvent = { conversationId: string; viewers: ConversationViewer[] };

export type AckResult = { ok: true } | { ok: false; error: { code: string; message: string } };

/** Conversation ids are cuids (letters and digits); anything else names no conversation. */
const conversationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const conversationRoomSchema = z.object({ conversationId: conversationIdSchema });
export const typingSchema = z.object({ conversationId: conversationIdSchema, typing: z.boolean() });

export interface ClientToServerEvents {
  "conversation.subscribe": (payload: z.infer<typeof conversationRoomSchema>, ack: (result: AckResult) => void) => void;
  "conversation.unsubscribe": (
    payload: z.infer<typeof conversationRoomSchema>,
    ack: (result: AckResult) => void,
  ) => void;
  /** The agent started or stopped typing in a conversation they have open. */
  "conversation.typing": (payload: z.infer<typeof typingSchema>, ack: (result: AckResult) => void) => void;
}

export type ServerEventName = keyof ServerToClientEvents;
export type ServerEventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

export const BATCHED_EVENTS = ["conversation.updated", "message.created", "message.updated"] as const;
export type BatchedEventName = (typeof BATCHED_EVENTS)[number];
export type BatchedServerEvent = { [E in BatchedEventName]: [E, ServerEventPayload<E>] }[BatchedEventName];
export type BatchedEventHandlers = { [E in BatchedEventName]?: (payload: ServerEventPayload<E>) => void };

export function isBatchedEvent(event: ServerEventName): event is BatchedEventName {
  return (BATCHED_EVENTS as readonly string[]).includes(event);
}

export const rooms = {
  agent: (userId: string) => `agent:${userId}`,
  session: (sessionId: string) => `session:${sessionId}`,
  team: (teamId: string) => `team:${teamId}`,
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  supervisors: "supervisors",
  /** Every console user: conversations that are not in a private team. */
  inbox: "inbox",
} as const;
