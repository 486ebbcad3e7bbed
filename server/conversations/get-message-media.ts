// A message's image, voice, video or file, fetched from the platform through its channel adapter
// when an agent opens it. Only the platform's own media API is ever called, with the media id the
// platform gave us: a URL from a payload (PicUrl…) is never fetched, so no one can make LoopDesk
// request an address of their choosing.
import type { SessionUser } from "../auth/sessions";
import { getChannelConnection } from "../channels/accounts/get-callback-account";
import { PlatformApiError } from "../channels/platform-client";
import { channelAdapters } from "../channels/registry";
import { db } from "../db/db";
import { AppError, localized } from "../errors";
import { getVisibleConversation } from "./get-visible-conversation";
import { messageContentSchema } from "./message-content";

/** WeCom's largest (file) limit; larger ones never reach us as media. */
export const MAX_MEDIA_BYTES = 20 * 1024 * 1024;

/** What the browser may be handed; anything else is served as a download. */
const INLINE_TYPES = /^(image\/(png|jpeg|gif|webp)|audio\/(amr|mpeg|mp3|silk|ogg)|video\/mp4)$/;

export async function getMessageMedia(user: SessionUser, messageId: string) {
  const message = await db().message.findUnique({
    where: { id: messageId },
    select: { conversationId: true, channelAccountId: true, body: true },
  });
  // A message in a conversation this user may not see is answered exactly like one that does not exist.
  const notFound = () => new AppError("NOT_FOUND", localized("error.messageNotFound"));
  if (!message) throw notFound();
  await getVisibleConversation(user, message.conversationId).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "NOT_FOUND" ? notFound() : error;
  });
  const content = messageContentSchema.safeParse(message.body);
  const mediaId = content.success && "mediaId" in content.data ? content.data.mediaId : undefined;
  if (!mediaId) throw new AppError("NOT_FOUND", localized("error.messageHasNoMedia"));

  const { connection, kind } = await getChannelConnection(message.channelAccountId);
  try {
    const media = await channelAdapters[kind].downloadMedia(connection, mediaId, MAX_MEDIA_BYTES);
    const type = media.contentType.split(";")[0]?.trim().toLowerCase() ?? "";
    return {
      bytes: media.bytes,
      contentType: INLINE_TYPES.test(type) ? type : "application/octet-stream",
      inline: INLINE_TYPES.test(type),
      fileName: media.fileName,
    };
  } catch (error) {
    if (error instanceof PlatformApiError) {
      // WeChat keeps media for 3 days (40007 invalid media_id once expired).
      throw new AppError("NOT_FOUND", localized("error.mediaExpired"), {
        meta: { errcode: error.errcode },
      });
    }
    throw error;
  }
}
