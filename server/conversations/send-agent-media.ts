// An agent's picture or file: recognised by its bytes (not its name), checked against what the
// channel can carry (WeCom kf: JPG/PNG pictures and any file; Official Accounts and mini programs:
// pictures only), refused early if the window is closed, uploaded as the platform's temporary
// media, then stored and delivered like any reply, by media id.
import { z } from "zod";
import type { SessionUser } from "../auth/sessions";
import { getChannelConnection } from "../channels/accounts/get-callback-account";
import type { MediaKind } from "../channels/channel-adapter";
import { detectImageType } from "../channels/media-type";
import { channelAdapters } from "../channels/registry";
import { AppError, type LocalizedText, localized } from "../errors";
import { assertReplyAllowed, clientMsgIdSchema, sendAgentOutbound } from "./send-agent-reply";

const MB = 1024 * 1024;
/** The platforms' limits for temporary media. */
export const MAX_IMAGE_BYTES = 10 * MB;
export const MAX_FILE_BYTES = 20 * MB;

export const sendMediaSchema = z.object({
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(128)
    // A name is shown to the customer and the agent: no paths, no control characters.
    .transform((name) => name.replace(/[\\/\p{Cc}]/gu, "_")),
  clientMsgId: clientMsgIdSchema,
});
export type SendMediaInput = z.infer<typeof sendMediaSchema> & { bytes: Buffer };

function unsupported(message: LocalizedText): AppError {
  return new AppError("UNSUPPORTED_MEDIA", message);
}

export function sendAgentMedia(user: SessionUser, conversationId: string, input: SendMediaInput) {
  return sendAgentOutbound(user, conversationId, {
    clientMsgId: input.clientMsgId,
    async compose(conversation) {
      const { connection, kind } = await getChannelConnection(conversation.channelAccountId);
      const adapter = channelAdapters[kind];
      const imageType = detectImageType(input.bytes);
      const asImage = imageType !== null && adapter.imageTypes.includes(imageType);
      const mediaKind: MediaKind | null = asImage ? "IMAGE" : adapter.mediaKinds.includes("FILE") ? "FILE" : null;
      if (!mediaKind) {
        throw unsupported(localized("error.picturesOnly"));
      }
      if (input.bytes.length < 5) throw unsupported(localized("error.emptyFile"));
      const limit = mediaKind === "IMAGE" ? MAX_IMAGE_BYTES : MAX_FILE_BYTES;
      if (input.bytes.length > limit) {
        throw unsupported(localized("error.fileTooLarge", { mb: limit / MB }));
      }
      await assertReplyAllowed(conversation.id, new Date());
      const mediaId = await adapter.uploadMedia(connection, mediaKind, {
        bytes: input.bytes,
        fileName: input.fileName,
        contentType: imageType ?? "application/octet-stream",
      });
      return mediaKind === "IMAGE"
        ? { content: { type: "IMAGE", mediaId, fileName: input.fileName }, text: "[图片]" }
        : {
            content: { type: "FILE", mediaId, fileName: input.fileName, size: input.bytes.length },
            text: `[文件] ${input.fileName}`,
          };
    },
  });
}
