// DELETE /api/canned-replies/:id – my own reply (supervisors: team replies too)
import { deleteCannedReply } from "@/server/canned-replies/canned-replies";
import { param, withUser } from "@/server/http/route";

export const DELETE = withUser("console.use", async (_req, context) => {
  await deleteCannedReply(context.user, param(context, "replyId"));
  return new Response(null, { status: 204 });
});
