import type { BatchedEventHandlers, BatchedServerEvent } from "@/server/realtime/events";

/** Hands each fact of an `events.batched` frame to its handler, in the order they were published. */
export function dispatchBatchedEvents(events: BatchedServerEvent[], handlers: BatchedEventHandlers): void {
  for (const [name, payload] of events) {
    // The tuple type ties each name to its payload; TypeScript cannot follow it through the index.
    (handlers[name] as ((payload: unknown) => void) | undefined)?.(payload);
  }
}
