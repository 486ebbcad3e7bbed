// POST /api/conversations/:id/notes – an internal note (never sent to the customer)
import { addNote, addNoteSchema } from "@/server/conversations/add-note";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";

export const POST = withUser("console.use", async (req, context) => {
  const input = await readJson(req, addNoteSchema, context.bodyLimitBytes);
  const message = await addNote(context.user, param(context, "conversationId"), input);
  return Response.json({ message }, { status: 201 });
});
