// GET /api/conversations/counts – the numbers on the inbox tabs
import { countConversations } from "@/server/conversations/list-conversations";
import { withUser } from "@/server/http/route";

export const GET = withUser("console.use", async (_req, { user }) => Response.json(await countConversations(user)));
