// After WeChat's 48-hour window has closed, an agent can still reach an Official Account follower
// with a template message, or a mini-program customer with a subscription message they accepted.
// Stored and delivered like any agent message (PENDING → SENT / FAILED with WeChat's reason), but
// it spends nothing from the window.
import { z } from "zod";
import type { SessionUser } from "../auth/sessions";
import { replyContextFor } from "../canned-replies/canned-replies";
import {
  listMessageTemplates,
  type MessageTemplateDto,
  renderTemplatesFor,
} from "../channels/templates/message-templates";
import { db } from "../db/db";
import { AppError, localized } from "../errors";
import { describeContent, type MessageContent } from "./message-content";
import { clientMsgIdSchema, sendAgentOutbound } from "./send-agent-reply";

export const sendTemplateSchema = z.object({
  /** LoopDesk's id of the channel's template. */
  templateId: z.string().min(1).max(64),
  values: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/), z.string().trim().max(200)),
  clientMsgId: clientMsgIdSchema,
});
export type SendTemplateInput = z.infer<typeof sendTemplateSchema>;

/** The templates of this conversation's channel, their defaults filled in for its customer. */
export async function listConversationTemplates(user: SessionUser, conversationId: string) {
  const context = await replyContextFor(user, conversationId);
  const { channelAccountId } = await db().conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: { channelAccountId: true },
  });
  return renderTemplatesFor(channelAccountId, context);
}

function templateContent(template: MessageTemplateDto, values: Record<string, string>): MessageContent {
  const missing = template.fields.filter((field) => !values[field.key]);
  if (missing.length > 0) {
    throw new AppError(
      "INVALID_INPUT",
      localized("error.templateFieldsMissing", { fields: missing.map((field) => field.label).join("、") }),
    );
  }
  return {
    type: "TEMPLATE",
    templateId: template.templateId,
    title: template.title,
    fields: template.fields.map((field) => ({ key: field.key, label: field.label, value: values[field.key] ?? "" })),
    ...(template.link ? { link: template.link } : {}),
  };
}

export function sendTemplateMessage(user: SessionUser, conversationId: string, input: SendTemplateInput) {
  return sendAgentOutbound(user, conversationId, {
    clientMsgId: input.clientMsgId,
    outsideWindow: true,
    compose: async (conversation) => {
      const template = (await listMessageTemplates(conversation.channelAccountId)).find(
        (candidate) => candidate.id === input.templateId,
      );
      if (!template) throw new AppError("NOT_FOUND", localized("error.channelHasNoSuchTemplate"));
      const content = templateContent(template, input.values);
      return { content, text: describeContent(content) };
    },
  });
}
