// What a message says, whatever channel carried it. Stored in Message.body; Message.text holds the
// plain text used for previews and search. Customer content is untrusted: rendered as text only.
import { z } from "zod";

export const messageContentSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("TEXT"), text: z.string(), menuId: z.string().optional() }),
  z.object({ type: z.literal("IMAGE"), mediaId: z.string(), picUrl: z.string().optional() }),
  z.object({
    type: z.literal("VOICE"),
    mediaId: z.string(),
    format: z.string().optional(),
    recognition: z.string().optional(),
  }),
  z.object({ type: z.literal("VIDEO"), mediaId: z.string(), thumbMediaId: z.string().optional() }),
  z.object({ type: z.literal("FILE"), mediaId: z.string() }),
  z.object({
    type: z.literal("LOCATION"),
    latitude: z.number(),
    longitude: z.number(),
    name: z.string().optional(),
    address: z.string().optional(),
  }),
  z.object({
    type: z.literal("LINK"),
    title: z.string(),
    description: z.string().optional(),
    url: z.string(),
    picUrl: z.string().optional(),
  }),
  z.object({
    type: z.literal("MINIPROGRAM"),
    title: z.string(),
    appId: z.string(),
    pagePath: z.string(),
    thumbMediaId: z.string().optional(),
  }),
  /** The customer tapped a menu item (OA CLICK, kf msgmenu click). */
  z.object({ type: z.literal("MENU"), menuId: z.string(), text: z.string() }),
  z.object({ type: z.literal("BUSINESS_CARD"), userId: z.string() }),
  /** Something happened that is shown in the timeline: subscribed, entered the session, recalled… */
  z.object({ type: z.literal("EVENT"), event: z.string(), detail: z.string().optional() }),
]);

export type MessageContent = z.infer<typeof messageContentSchema>;

/** One line for previews, search and notifications. */
export function describeContent(content: MessageContent): string {
  switch (content.type) {
    case "TEXT":
    case "MENU":
      return content.text;
    case "IMAGE":
      return "[图片]";
    case "VOICE":
      return content.recognition ? `[语音] ${content.recognition}` : "[语音]";
    case "VIDEO":
      return "[视频]";
    case "FILE":
      return "[文件]";
    case "LOCATION":
      return `[位置] ${content.name ?? ""} ${content.address ?? ""}`.trim();
    case "LINK":
      return `[链接] ${content.title}`;
    case "MINIPROGRAM":
      return `[小程序] ${content.title}`;
    case "BUSINESS_CARD":
      return "[名片]";
    case "EVENT":
      return content.detail ? `[${content.event}] ${content.detail}` : `[${content.event}]`;
  }
}
