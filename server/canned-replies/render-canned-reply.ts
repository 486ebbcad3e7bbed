// Canned-reply variables: {{customer.name}}, {{agent.name}}, {{order.no}}. Rendered on the server,
// into the composer, where the agent can still edit before sending. Unknown variables stay as
// written so a typo is visible rather than silently blank.

export type CannedReplyContext = { customerName: string; agentName: string; orderNo: string | null };

const VARIABLE = /\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/gi;

export function renderCannedReply(body: string, context: CannedReplyContext): string {
  return body.replace(VARIABLE, (whole, name: string) => {
    switch (name.toLowerCase()) {
      case "customer.name":
        return context.customerName;
      case "agent.name":
        return context.agentName;
      case "order.no":
        return context.orderNo ?? "";
      default:
        return whole;
    }
  });
}
