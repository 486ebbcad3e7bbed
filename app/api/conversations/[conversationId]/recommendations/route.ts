// GET /api/conversations/:id/recommendations – products and coupons for this customer, each with its reason
import { param, withUser } from "@/server/http/route";
import { recommendForConversation } from "@/server/recommendations/recommend";

export const GET = withUser("console.use", async (_req, context) =>
  Response.json(await recommendForConversation(context.user, param(context, "conversationId"))),
);
