"use client";
// Once WeChat's window has closed (or its replies are used up), the composer offers the channel's
// template / subscription messages: the only way left to reach the customer first.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import type { MessageTemplateDto } from "@/server/channels/templates/message-templates";
import type { ConversationListItem } from "@/server/conversations/conversation-dto";
import type { MessageDto } from "@/server/conversations/message-dto";
import { useI18n } from "../i18n/i18n-provider";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { templateKeys } from "../query/query-keys";
import { Field } from "../ui/field";
import { newClientMsgId } from "./client-msg-id";
import { patchMessage } from "./inbox-cache";

export function TemplateFallback({ conversation }: { conversation: ConversationListItem }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const templates = useQuery({
    queryKey: templateKeys.forConversation(conversation.id),
    queryFn: async () =>
      (await apiFetch<{ templates: MessageTemplateDto[] }>(`/api/conversations/${conversation.id}/templates`))
        .templates,
    staleTime: 60_000,
  });
  const [chosenId, setChosenId] = useState<string | null>(null);
  const chosen = templates.data?.find((template) => template.id === chosenId) ?? templates.data?.[0];
  const [values, setValues] = useState<Record<string, string>>({});
  // A newly chosen template starts from its defaults, filled in for this customer.
  useEffect(() => {
    setValues(Object.fromEntries((chosen?.fields ?? []).map((field) => [field.key, field.value])));
  }, [chosen]);

  const send = useMutation({
    mutationFn: (body: { templateId: string; values: Record<string, string>; clientMsgId: string }) =>
      apiFetch<{ message: MessageDto }>(`/api/conversations/${conversation.id}/templates`, { method: "POST", body }),
    onSuccess: ({ message }) => patchMessage(queryClient, message),
  });

  // A channel without templates (WeCom kf has none at all) has no way left to reach the customer.
  if (templates.isSuccess && !chosen) {
    return <p className="muted small">{t("composer.fallbackNone")}</p>;
  }
  if (!chosen) return null;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate({ templateId: chosen.id, values, clientMsgId: newClientMsgId() });
  };
  return (
    // Folded by default: the conversation keeps its room until the agent decides to write first.
    <details className="template-fallback" data-testid="template-fallback">
      <summary className="small">{t("composer.fallbackOffer")}</summary>
      <form className="template-fields" onSubmit={onSubmit}>
        <Field label={t("composer.templatePick")}>
          <select value={chosen.id} onChange={(event) => setChosenId(event.target.value)}>
            {templates.data?.map((template) => (
              <option key={template.id} value={template.id}>
                {template.title}
              </option>
            ))}
          </select>
        </Field>
        {chosen.fields.map((field) => (
          <Field key={field.key} label={field.label}>
            <input
              value={values[field.key] ?? ""}
              maxLength={200}
              required
              onChange={(event) => setValues((current) => ({ ...current, [field.key]: event.target.value }))}
            />
          </Field>
        ))}
        {send.error && (
          <p className="form-error" role="alert">
            {errorText(send.error)}
          </p>
        )}
        <button type="submit" className="button-primary" disabled={send.isPending} data-testid="template-send">
          {t("composer.templateSend")}
        </button>
      </form>
    </details>
  );
}
