// POST /api/conversations/:id/recommendations/product {sku, reason, clientMsgId?} – a recommended product's card into the chat
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";
import { productCardSchema, sendProductCard } from "@/server/recommendations/give-recommendation";

export const POST = withUser("console.use", async (req, context) => {
  const input = await readJson(req, productCardSchema, context.bodyLimitBytes);
  const message = await sendProductCard(context.user, param(context, "conversationId"), input);
  return Response.json({ message }, { status: 201 });
});
