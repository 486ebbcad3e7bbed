"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import type { ChannelAccountDto } from "@/server/channels/accounts/channel-account-dto";
import { useI18n } from "../i18n/i18n-provider";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { channelKeys } from "../query/query-keys";
import { Field } from "../ui/field";
import { ChannelQueueNotices } from "./channel-queue-notice";
import { ChannelTemplates } from "./channel-templates";
import { useCreateForm } from "./use-create-form";

const KINDS = ["WECOM_KF", "OFFICIAL_ACCOUNT", "MINI_PROGRAM"] as const;

function AddChannelForm() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { formKey, create } = useCreateForm<Record<string, unknown>>("/api/channels", channelKeys.all);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const aesKey = String(form.get("aesKey") ?? "").trim();
    create.mutate({
      kind: form.get("kind"),
      name: form.get("name"),
      appId: String(form.get("appId") ?? "").trim(),
      secret: form.get("secret"),
      token: String(form.get("token") ?? "").trim(),
      ...(aesKey ? { aesKey } : {}),
    });
  };
  return (
    <form key={formKey} className="card form-grid" onSubmit={onSubmit} data-testid="add-channel-form">
      <h2>{t("channels.add")}</h2>
      <Field label={t("channels.kind")}>
        <select name="kind" defaultValue="WECOM_KF">
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`channel.${kind}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("channels.name")}>
        <input name="name" required maxLength={60} />
      </Field>
      <Field label={t("channels.appId")}>
        <input name="appId" required maxLength={64} autoComplete="off" />
      </Field>
      <Field label={t("channels.secret")}>
        <input name="secret" type="password" required autoComplete="off" />
      </Field>
      <Field label={t("channels.token")}>
        <input name="token" required maxLength={64} autoComplete="off" />
      </Field>
      <Field label={t("channels.aesKey")}>
        <input name="aesKey" type="password" minLength={43} maxLength={43} autoComplete="off" />
      </Field>
      <p className="muted">{t("channels.secretsNote")}</p>
      {create.isError && (
        <p className="form-error" role="alert">
          {errorText(create.error)}
        </p>
      )}
      <button type="submit" className="button-primary" disabled={create.isPending}>
        {t("settings.create")}
      </button>
    </form>
  );
}

export function ChannelsPanel({ canManage }: { canManage: boolean }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const channels = useQuery({
    queryKey: channelKeys.list(),
    queryFn: () => apiFetch<{ channels: ChannelAccountDto[] }>("/api/channels").then((data) => data.channels),
  });
  const toggle = useMutation({
    mutationFn: (channel: ChannelAccountDto) =>
      apiFetch(`/api/channels/${channel.id}`, { method: "PATCH", body: { enabled: !channel.enabled } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys.all }),
  });
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <div className="stack">
      <div className="card">
        {channels.isPending && <p className="muted">{t("common.loading")}</p>}
        {channels.data?.length === 0 && <p className="muted">{t("channels.empty")}</p>}
        {channels.data && channels.data.length > 0 && (
          <table className="table" data-testid="channels-table">
            <thead>
              <tr>
                <th>{t("channels.kind")}</th>
                <th>{t("channels.name")}</th>
                <th>{t("channels.appId")}</th>
                <th>{t("channels.webhook")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {channels.data.map((channel) => (
                <tr key={channel.id} className={channel.enabled ? undefined : "row-disabled"}>
                  <td>
                    <span className={`channel-badge channel-${channel.kind.toLowerCase()}`}>
                      {channel.openKfId ? t("channels.kfAccount") : t(`channel.${channel.kind}`)}
                    </span>
                  </td>
                  <td>
                    {channel.name} {channel.fromEnv && <span className="badge">{t("channels.fromEnv")}</span>}
                  </td>
                  <td>{channel.openKfId ?? channel.appId}</td>
                  <td>{channel.webhookPath && <code>{`${origin}${channel.webhookPath}`}</code>}</td>
                  <td>
                    {canManage && !channel.fromEnv ? (
                      <button type="button" className="button-ghost" onClick={() => toggle.mutate(channel)}>
                        {channel.enabled ? t("channels.disable") : t("channels.enable")}
                      </button>
                    ) : (
                      <span className="muted">{channel.enabled ? t("channels.enabled") : t("channels.disabled")}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {channels.data && <ChannelQueueNotices channels={channels.data} canManage={canManage} />}
      {channels.data
        ?.filter((channel) => channel.supportsTemplates)
        .map((channel) => (
          <ChannelTemplates key={channel.id} channel={channel} canManage={canManage} />
        ))}
      {canManage && <AddChannelForm />}
    </div>
  );
}
