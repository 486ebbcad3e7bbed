// POST /api/conversations/:id/attachments – an agent sends a picture or a file (multipart: `file`,
// optional `clientMsgId`), uploaded to the channel as temporary media and sent like a reply

import { sendAgentMedia, sendMediaSchema } from "@/server/conversations/send-agent-media";
import { AppError } from "@/server/errors";
import { readForm, UPLOAD_BODY_LIMIT_BYTES } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";

export const POST = withUser("console.use", async (req, context) => {
  const form = await readForm(req, UPLOAD_BODY_LIMIT_BYTES);
  const file = form.get("file");
  if (!(file instanceof File)) throw new AppError("INVALID_INPUT", "缺少文件 / No file");
  const input = sendMediaSchema.parse({ fileName: file.name, clientMsgId: form.get("clientMsgId") ?? undefined });
  const bytes = Buffer.from(await file.arrayBuffer());
  const message = await sendAgentMedia(context.user, param(context, "conversationId"), { ...input, bytes });
  return Response.json({ message }, { status: 201 });
});
