// POST /api/anomalies/:id/conversation – the conversation shown beside the anomaly, opened for the
// customer when they have none (nothing is sent)
import { openAnomalyConversation } from "@/server/anomalies/queue/anomaly-conversation";
import { param, withUser } from "@/server/http/route";

export const POST = withUser("console.use", async (_req, context) =>
  Response.json(await openAnomalyConversation(context.user, param(context, "anomalyId"))),
);
