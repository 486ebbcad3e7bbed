"use client";
// Settings: whether a channel's new conversations start with the bot (server/ai/bot/bot-turn.ts), and
// what it tells customers left waiting in the queue (server/routing/queue-notice.ts).

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { ChannelAccountDto } from "@/server/channels/accounts/channel-account-dto";
import { useI18n } from "../i18n/i18n-provider";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { channelKeys } from "../query/query-keys";
import { Field } from "../ui/field";

function QueueNoticeForm({ channel, canManage }: { channel: ChannelAccountDto; canManage: boolean }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (queueNotice: string) =>
      apiFetch(`/api/channels/${channel.id}`, { method: "PATCH", body: { queueNotice } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys.all }),
  });
  // Shown switched at once; put back if the server refuses.
  const [startsWithBot, setStartsWithBot] = useState(channel.startsWithBot);
  const bot = useMutation({
    mutationFn: (startsWithBot: boolean) =>
      apiFetch(`/api/channels/${channel.id}`, { method: "PATCH", body: { startsWithBot } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys.all }),
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate(String(new FormData(event.currentTarget).get("queueNotice") ?? ""));
  };
  return (
    <form className="form-grid" onSubmit={onSubmit} data-testid={`queue-notice-${channel.id}`}>
      <Field label={`${channel.name} · ${t(`channel.${channel.kind}`)}`}>
        <textarea
          name="queueNotice"
          rows={2}
          maxLength={200}
          defaultValue={channel.queueNotice ?? ""}
          placeholder={t("settings.queueNoticePlaceholder")}
          readOnly={!canManage}
          // "Saved" describes the text as saved: editing it again clears that.
          onChange={() => save.isSuccess && save.reset()}
        />
      </Field>
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid={`starts-with-bot-${channel.id}`}
          checked={startsWithBot}
          disabled={!canManage}
          onChange={(event) => {
            const on = event.currentTarget.checked;
            setStartsWithBot(on);
            bot.mutate(on, { onError: () => setStartsWithBot(!on) });
          }}
        />
        {t("settings.startsWithBot")}
      </label>
      {(save.isError || bot.isError) && (
        <p className="form-error" role="alert">
          {errorText(save.error ?? bot.error)}
        </p>
      )}
      {canManage && (
        <button type="submit" className="button-ghost" disabled={save.isPending}>
          {save.isSuccess ? t("settings.saved") : t("settings.save")}
        </button>
      )}
    </form>
  );
}

export function ChannelQueueNotices({ channels, canManage }: { channels: ChannelAccountDto[]; canManage: boolean }) {
  const { t } = useI18n();
  const receiving = channels.filter((channel) => channel.hasConversations);
  if (receiving.length === 0) return null;
  return (
    <div className="card stack" data-testid="queue-notices">
      <h2>{t("settings.queueNotice")}</h2>
      <p className="muted small">{t("settings.queueNoticeHint")}</p>
      {receiving.map((channel) => (
        <QueueNoticeForm key={channel.id} channel={channel} canManage={canManage} />
      ))}
    </div>
  );
}
