// GET /api/conversations – the inbox: conversations this user may see, latest activity first

import { listConversations, listConversationsSchema } from "@/server/conversations/list-conversations";
import { withUser } from "@/server/http/route";

export const GET = withUser("console.use", async (req, { user }) => {
  const input = listConversationsSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listConversations(user, input));
});
