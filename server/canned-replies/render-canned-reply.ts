// Variables in text an agent or an admin writes once and LoopDesk fills in per customer: canned
// replies ({{customer.name}}, {{agent.name}}, {{order.no}}), rendered into the composer where the
// agent can still edit, and the queue notice ({{customer.name}}, {{queue.position}}). Unknown
// variables stay as written so a typo is visible rather than silently blank.

export type CannedReplyContext = { customerName: string; agentName: string; orderNo: string | null };

const VARIABLE = /\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/gi;

/** Replaces each `{{group.name}}` found in `values` (names compared case-insensitively). */
export function renderVariables(body: string, values: Record<string, string | null>): string {
  return body.replace(VARIABLE, (whole, name: string) => {
    const value = values[name.toLowerCase()];
    return value === undefined ? whole : (value ?? "");
  });
}

export function renderCannedReply(body: string, context: CannedReplyContext): string {
  return renderVariables(body, {
    "customer.name": context.customerName,
    "agent.name": context.agentName,
    "order.no": context.orderNo,
  });
}
