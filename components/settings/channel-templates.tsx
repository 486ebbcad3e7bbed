"use client";
// Settings: a channel's template (Official Account) or subscription (mini program) messages, the
// composer's way to reach a customer after the reply window has closed.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import type { ChannelAccountDto } from "@/server/channels/accounts/channel-account-dto";
import type { MessageTemplateDto } from "@/server/channels/templates/message-templates";
import { useI18n } from "../i18n/i18n-provider";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { channelKeys } from "../query/query-keys";
import { Field } from "../ui/field";
import { useCreateForm } from "./use-create-form";

/** "keyword1|订单号|{{order.no}}" per line → the template's fields. */
function parseFields(text: string) {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [key = "", label = "", ...rest] = line.split("|").map((part) => part.trim());
      return { key, label: label || key, value: rest.join("|") };
    });
}

export function ChannelTemplates({ channel, canManage }: { channel: ChannelAccountDto; canManage: boolean }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const listKey = channelKeys.templates(channel.id);
  const templates = useQuery({
    queryKey: listKey,
    queryFn: async () =>
      (await apiFetch<{ templates: MessageTemplateDto[] }>(`/api/channels/${channel.id}/templates`)).templates,
  });
  const { formKey, create } = useCreateForm<Record<string, unknown>>(`/api/channels/${channel.id}/templates`, listKey);
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/channels/${channel.id}/templates/${id}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: listKey }),
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const link = String(form.get("link") ?? "").trim();
    create.mutate({
      templateId: String(form.get("templateId") ?? "").trim(),
      title: form.get("title"),
      fields: parseFields(String(form.get("fields") ?? "")),
      ...(link ? { link } : {}),
      forOutreach: form.get("forOutreach") === "on",
      forParcelUpdates: form.get("forParcelUpdates") === "on",
    });
  };
  return (
    <div className="card" data-testid={`templates-${channel.id}`}>
      <h2>
        {t("settings.templates")} · {channel.name}
      </h2>
      <p className="muted small">{t("settings.templatesHint")}</p>
      {templates.data?.length === 0 && <p className="muted">{t("settings.templatesNone")}</p>}
      <ul className="plain-list">
        {templates.data?.map((template) => (
          <li key={template.id}>
            <strong>{template.title}</strong> <code>{template.templateId}</code>{" "}
            <span className="muted small">{template.fields.map((field) => field.label).join(" · ")}</span>
            {template.forOutreach && <span className="badge">{t("settings.templateForOutreach")}</span>}
            {template.forParcelUpdates && <span className="badge">{t("settings.templateForParcels")}</span>}
            {canManage && (
              <button type="button" className="button-ghost" onClick={() => remove.mutate(template.id)}>
                {t("settings.templateDelete")}
              </button>
            )}
          </li>
        ))}
      </ul>
      {canManage && (
        <form key={formKey} className="form-grid" onSubmit={onSubmit}>
          <Field label={t("settings.templateId")}>
            <input name="templateId" required maxLength={128} autoComplete="off" />
          </Field>
          <Field label={t("settings.templateTitle")}>
            <input name="title" required maxLength={40} />
          </Field>
          <Field label={t("settings.templateFields")}>
            <textarea
              name="fields"
              required
              rows={4}
              placeholder={"first|标题|{{customer.name}}，您好\nkeyword1|订单号|{{order.no}}"}
            />
          </Field>
          <Field label={t("settings.templateLink")}>
            <input name="link" maxLength={512} />
          </Field>
          <label className="checkbox" title={t("settings.templateForOutreachHint")}>
            <input type="checkbox" name="forOutreach" /> {t("settings.templateForOutreach")}
          </label>
          <label className="checkbox" title={t("settings.templateForParcelsHint")}>
            <input type="checkbox" name="forParcelUpdates" /> {t("settings.templateForParcels")}
          </label>
          {create.isError && (
            <p className="form-error" role="alert">
              {errorText(create.error)}
            </p>
          )}
          <button type="submit" className="button-primary" disabled={create.isPending}>
            {t("settings.templateAdd")}
          </button>
        </form>
      )}
    </div>
  );
}
