// GET /api/messages/:messageId/media – a message's image, voice, video or file, from the platform
import { getMessageMedia } from "@/server/conversations/get-message-media";
import { param, withUser } from "@/server/http/route";

export const GET = withUser("console.use", async (_req, context) => {
  const media = await getMessageMedia(context.user, param(context, "messageId"));
  const name = encodeURIComponent(media.fileName ?? "media");
  return new Response(new Uint8Array(media.bytes), {
    headers: {
      "content-type": media.contentType,
      "content-disposition": `${media.inline ? "inline" : "attachment"}; filename*=UTF-8''${name}`,
      "cache-control": "private, max-age=86400",
      "x-content-type-options": "nosniff",
    },
  });
});
