// GET /api/canned-replies[?conversationId=] – my and my teams' saved replies, rendered for a conversation
// POST /api/canned-replies – save a personal reply (or a team one, supervisors)
import { z } from "zod";
import { createCannedReply, createCannedReplySchema, listCannedReplies } from "@/server/canned-replies/canned-replies";
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";

const querySchema = z.object({ conversationId: z.string().min(1).max(64).optional() });

export const GET = withUser("console.use", async (req, { user }) => {
  const { conversationId } = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ replies: await listCannedReplies(user, conversationId) });
});

export const POST = withUser("console.use", async (req, { user, bodyLimitBytes }) => {
  const input = await readJson(req, createCannedReplySchema, bodyLimitBytes);
  return Response.json({ reply: await createCannedReply(user, input) }, { status: 201 });
});
