// Template messages (Official Account) and subscription messages (mini program), set up per channel
// by admins: once WeChat's 48-hour customer-service window has closed, they are the only way an
// agent can still reach the customer. WeCom kf has no equivalent.
import { z } from "zod";
import { recordAudit } from "../../audit/record-audit";
import type { SessionUser } from "../../auth/sessions";
import { renderCannedReply } from "../../canned-replies/render-canned-reply";
import { db } from "../../db/db";
import { AppError, localized } from "../../errors";
import { forgetParcelTemplates } from "../../logistics/parcel-notices/note-parcel-notices";
import { channelAdapters } from "../registry";

const fieldSchema = z.object({
  /** The template's data key, as WeChat names it: first, keyword1, thing1, character_string2… */
  key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, "a WeChat data key such as keyword1 or thing1"),
  label: z.string().trim().min(1).max(20),
  /** The default, which may use {{customer.name}}, {{order.no}}, {{agent.name}}. */
  value: z.string().trim().max(200).default(""),
});

export const createMessageTemplateSchema = z.object({
  templateId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "the template_id from the WeChat backend"),
  title: z.string().trim().min(1).max(40),
  fields: z
    .array(fieldSchema)
    .min(1)
    .max(20)
    .refine((fields) => new Set(fields.map((field) => field.key)).size === fields.length, "each key once"),
  link: z.string().trim().min(1).max(512).optional(),
  /** Anomaly outreach sends this template once the window has closed; its fields may use {{outreach.text}}. */
  forOutreach: z.boolean().optional(),
  /** Parcel milestones are told with it; its fields may use {{parcel.status}} and the parcel's variables. */
  forParcelUpdates: z.boolean().optional(),
});
export type CreateMessageTemplateInput = z.infer<typeof createMessageTemplateSchema>;

export type TemplateField = z.infer<typeof fieldSchema>;
export type MessageTemplateDto = {
  id: string;
  channelAccountId: string;
  templateId: string;
  title: string;
  fields: TemplateField[];
  link: string | null;
  forOutreach: boolean;
  forParcelUpdates: boolean;
};

export const templateFieldsSchema = z.array(fieldSchema);

function toDto(row: {
  id: string;
  channelAccountId: string;
  templateId: string;
  title: string;
  fields: unknown;
  link: string | null;
  forOutreach: boolean;
  forParcelUpdates: boolean;
}): MessageTemplateDto {
  return { ...row, fields: templateFieldsSchema.parse(row.fields) };
}

export async function listMessageTemplates(channelAccountId: string): Promise<MessageTemplateDto[]> {
  const rows = await db().messageTemplate.findMany({ where: { channelAccountId }, orderBy: { title: "asc" } });
  return rows.map(toDto);
}

export async function createMessageTemplate(
  actor: SessionUser,
  channelAccountId: string,
  input: CreateMessageTemplateInput,
  ip: string | null,
): Promise<MessageTemplateDto> {
  const channel = await db().channelAccount.findUnique({ where: { id: channelAccountId }, select: { kind: true } });
  if (!channel) throw new AppError("NOT_FOUND", localized("error.channelNotFound"));
  if (!channelAdapters[channel.kind].supportsTemplates) {
    throw new AppError("INVALID_INPUT", localized("error.kfHasNoTemplates"));
  }
  if (input.link && channel.kind === "OFFICIAL_ACCOUNT" && !/^https:\/\//.test(input.link)) {
    throw new AppError("INVALID_INPUT", localized("error.templateLinkHttps"));
  }
  const exists = await db().messageTemplate.findUnique({
    where: { channelAccountId_templateId: { channelAccountId, templateId: input.templateId } },
    select: { id: true },
  });
  if (exists) throw new AppError("CONFLICT", localized("error.templateExists"));
  const template = await db().messageTemplate.create({
    data: {
      channelAccountId,
      templateId: input.templateId,
      title: input.title,
      fields: input.fields,
      link: input.link,
      forOutreach: input.forOutreach ?? false,
      forParcelUpdates: input.forParcelUpdates ?? false,
    },
  });
  forgetParcelTemplates();
  await recordAudit({
    action: "channel.template_created",
    actorId: actor.id,
    subjectType: "channel",
    subjectId: channelAccountId,
    ip,
    details: { templateId: input.templateId },
  });
  return toDto(template);
}

export async function deleteMessageTemplate(
  actor: SessionUser,
  channelAccountId: string,
  id: string,
  ip: string | null,
) {
  const { count } = await db().messageTemplate.deleteMany({ where: { id, channelAccountId } });
  if (count === 0) throw new AppError("NOT_FOUND", localized("error.templateNotFound"));
  forgetParcelTemplates();
  await recordAudit({
    action: "channel.template_deleted",
    actorId: actor.id,
    subjectType: "channel",
    subjectId: channelAccountId,
    ip,
    details: { id },
  });
}

/** A channel's templates with their defaults filled in for one conversation's customer. */
export async function renderTemplatesFor(
  channelAccountId: string,
  context: Parameters<typeof renderCannedReply>[1],
): Promise<MessageTemplateDto[]> {
  const templates = await listMessageTemplates(channelAccountId);
  return templates.map((template) => ({
    ...template,
    fields: template.fields.map((field) => ({ ...field, value: renderCannedReply(field.value, context) })),
  }));
}
