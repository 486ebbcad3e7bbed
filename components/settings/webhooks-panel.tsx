"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { listDeliveries, WebhookSubscriptionDto } from "@/server/webhooks/subscriptions";
import { useI18n } from "../i18n/i18n-provider";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { webhookKeys } from "../query/query-keys";
import { SecretShownOnce } from "./secret-shown-once";
import { useCreateForm } from "./use-create-form";

type Delivery = Awaited<ReturnType<typeof listDeliveries>>[number];

/** A subscription's delivery log, newest first, with a replay for each (same event id and body). */
function DeliveryLog({ subscriptionId }: { subscriptionId: string }) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const deliveries = useQuery({
    queryKey: webhookKeys.deliveries(subscriptionId),
    queryFn: () =>
      apiFetch<{ deliveries: Delivery[] }>(`/api/webhook-subscriptions/${subscriptionId}/deliveries`).then(
        (answer) => answer.deliveries,
      ),
    refetchInterval: 5_000,
  });
  const replay = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/webhook-deliveries/${id}/replay`, { method: "POST" }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(subscriptionId) }),
  });
  if (!deliveries.data) return deliveries.isError ? <p className="form-error">{errorText(deliveries.error)}</p> : null;
  if (deliveries.data.length === 0) return <p className="muted small">{t("webhooks.noDeliveries")}</p>;
  return (
    <table className="table small" data-testid="webhook-deliveries">
      <tbody>
        {deliveries.data.map((delivery) => (
          <tr key={delivery.id}>
            <td>{new Date(delivery.createdAt).toLocaleString(locale)}</td>
            <td>{delivery.type}</td>
            <td>
              <code>{delivery.eventId}</code>
            </td>
            <td>{t(`webhooks.status.${delivery.status}`)}</td>
            <td>{t("webhooks.attempts", { count: delivery.attempts })}</td>
            <td>{delivery.lastError ?? delivery.lastStatus ?? ""}</td>
            <td>
              <button type="button" className="button-ghost" onClick={() => replay.mutate(delivery.id)}>
                {t("webhooks.replay")}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Settings → Webhooks (admins): where LoopDesk's events go, signed; the secret is shown once. */
export function WebhooksPanel() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const subscriptions = useQuery({
    queryKey: webhookKeys.list(),
    queryFn: () =>
      apiFetch<{ subscriptions: WebhookSubscriptionDto[]; eventTypes: string[] }>("/api/webhook-subscriptions"),
  });
  const eventTypes = subscriptions.data?.eventTypes ?? [];
  const { formKey, create } = useCreateForm<
    { url: string; events: string[] },
    { subscription: WebhookSubscriptionDto; secret: string }
  >("/api/webhook-subscriptions", webhookKeys.all);
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/webhook-subscriptions/${id}`, { method: "DELETE" }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      url: String(form.get("url") ?? "").trim(),
      events: eventTypes.filter((type) => form.get(type) === "on"),
    });
  };
  return (
    <div className="stack" data-testid="webhooks">
      <p className="muted small">{t("webhooks.explain")}</p>
      {create.data && (
        <SecretShownOnce
          testId="webhook-secret-shown"
          explanation={t("webhooks.secretOnce")}
          secret={create.data.secret}
          onDismiss={() => create.reset()}
        />
      )}
      <div className="card stack">
        {subscriptions.data?.subscriptions.map((subscription) => (
          <div key={subscription.id} className="stack" data-testid="webhook-subscription">
            <div className="row">
              <code>{subscription.url}</code>
              <span className="muted small">{subscription.events.join(", ")}</span>
              <span className="muted small">{subscription.createdBy}</span>
              <button
                type="button"
                className="button-ghost"
                onClick={() => setOpen(open === subscription.id ? null : subscription.id)}
              >
                {t("webhooks.log")}
              </button>
              <button type="button" className="button-ghost" onClick={() => remove.mutate(subscription.id)}>
                {t("webhooks.delete")}
              </button>
            </div>
            {open === subscription.id && <DeliveryLog subscriptionId={subscription.id} />}
          </div>
        ))}
        {subscriptions.data?.subscriptions.length === 0 && <p className="muted small">{t("webhooks.none")}</p>}
        {subscriptions.isError && <p className="form-error">{errorText(subscriptions.error)}</p>}
        {remove.isError && <p className="form-error">{errorText(remove.error)}</p>}
      </div>
      <form key={formKey} className="card stack" onSubmit={onSubmit} data-testid="add-webhook-form">
        <h2>{t("webhooks.add")}</h2>
        <input
          name="url"
          type="url"
          required
          maxLength={2000}
          placeholder="https://erp.example.com/loopdesk"
          aria-label={t("webhooks.url")}
        />
        <div className="row">
          {eventTypes.map((type) => (
            <label key={type} className="checkbox">
              <input type="checkbox" name={type} defaultChecked /> {type}
            </label>
          ))}
        </div>
        {create.isError && <p className="form-error">{errorText(create.error)}</p>}
        <button type="submit" className="button-primary" disabled={create.isPending}>
          {t("settings.create")}
        </button>
      </form>
    </div>
  );
}
