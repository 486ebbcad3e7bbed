"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { CustomerProfile } from "@/server/customers/get-customer-profile";
import { CustomerAnomalies } from "../anomalies/customer-anomalies";
import { useI18n } from "../i18n/i18n-provider";
import { yuan } from "../orders/money";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { customerKeys } from "../query/query-keys";
import { RemedyAction } from "../remedies/remedy-form";
import { useViewer } from "../shell/viewer";
import { CustomerOrders } from "./customer-orders";
import { RecommendationsPanel } from "./recommendations-panel";

function PhoneLine({ profile }: { profile: CustomerProfile }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { permissions } = useViewer();
  const reveal = useMutation({
    mutationFn: () => apiFetch<{ phone: string }>(`/api/customers/${profile.id}/phone`, { method: "POST" }),
  });
  if (!profile.phoneMasked) return <dd className="muted">{t("customer.noPhone")}</dd>;
  return (
    <dd data-testid="customer-phone">
      {reveal.data?.phone ?? profile.phoneMasked}
      {!reveal.data && profile.hasPhone && permissions.includes("customers.reveal_phone") && (
        <button
          type="button"
          className="button-link"
          onClick={() => reveal.mutate()}
          title={t("customer.revealAudited")}
        >
          {t("customer.reveal")}
        </button>
      )}
      {reveal.error && <span className="form-error">{errorText(reveal.error)}</span>}
    </dd>
  );
}

/** Everything about the customer beside the conversation: who they are, their orders and parcels. */
export function CustomerSidebar(props: {
  customerId: string;
  /** The conversation open beside the sidebar: order and parcel cards go into it. */
  conversationId: string;
  onOpenConversation(id: string): void;
}) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const { permissions } = useViewer();
  const queryClient = useQueryClient();
  const key = customerKeys.profile(props.customerId);
  const profile = useQuery({
    queryKey: key,
    queryFn: () => apiFetch<CustomerProfile>(`/api/customers/${props.customerId}`),
  });
  const update = useMutation({
    mutationFn: (body: { tags?: string[]; note?: string | null }) =>
      apiFetch<CustomerProfile>(`/api/customers/${props.customerId}`, { method: "PATCH", body }),
    onSuccess: (next) => queryClient.setQueryData(key, next),
  });
  const split = useMutation({
    mutationFn: (identityId: string) =>
      apiFetch(`/api/customers/${props.customerId}/split`, { method: "POST", body: { identityId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: customerKeys.all }),
  });
  const [tagDraft, setTagDraft] = useState("");
  if (profile.isPending) return <aside className="customer-sidebar muted pad">{t("common.loading")}</aside>;
  if (profile.isError) return <aside className="customer-sidebar form-error pad">{errorText(profile.error)}</aside>;
  const customer = profile.data;
  const canMerge = permissions.includes("customers.merge");
  return (
    <aside className="customer-sidebar" data-testid="customer-sidebar">
      <div className="customer-head">
        {customer.avatarUrl ? (
          // biome-ignore lint/performance/noImgElement: WeChat avatar URLs are external and small.
          <img className="avatar" src={customer.avatarUrl} alt="" referrerPolicy="no-referrer" />
        ) : (
          <span className="avatar avatar-placeholder">{customer.name.slice(0, 1)}</span>
        )}
        <div>
          <strong data-testid="customer-name">{customer.name}</strong>
          {customer.isVip && <span className="badge priority-high">VIP</span>}
        </div>
      </div>
      <dl className="facts">
        <dt>{t("customer.phone")}</dt>
        <PhoneLine profile={customer} />
        <dt>{t("customer.lifetimeValue")}</dt>
        <dd>
          {yuan(customer.lifetimeValueFen)} · {t("customer.orders", { count: customer.orderCount })}
        </dd>
        <dt>{t("customer.since")}</dt>
        <dd>{new Date(customer.createdAt).toLocaleDateString(locale)}</dd>
      </dl>
      <h3>{t("customer.ordersTitle")}</h3>
      <CustomerAnomalies customerId={customer.id} />
      <CustomerOrders customerId={customer.id} conversationId={props.conversationId} />
      <RemedyAction customerId={customer.id} conversationId={props.conversationId} />
      <RecommendationsPanel customerId={customer.id} conversationId={props.conversationId} />
      <h3>{t("customer.identities")}</h3>
      <ul className="identities" data-testid="customer-identities">
        {customer.identities.map((identity) => (
          <li key={identity.id}>
            <span className={`channel-badge channel-${identity.channelAccount.kind.toLowerCase()}`}>
              {t(`channel.${identity.channelAccount.kind}`)}
            </span>{" "}
            {identity.nickname ?? identity.externalId}
            {identity.unionId && <span className="muted small"> · unionid</span>}
            {canMerge && customer.identities.length > 1 && (
              <button type="button" className="button-link" onClick={() => split.mutate(identity.id)}>
                {t("customer.split")}
              </button>
            )}
          </li>
        ))}
      </ul>
      {split.error && <p className="form-error">{errorText(split.error)}</p>}
      <h3>{t("customer.tags")}</h3>
      <div className="tags">
        {customer.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
            <button
              type="button"
              aria-label={t("conversation.removeTag", { tag })}
              onClick={() => update.mutate({ tags: customer.tags.filter((other) => other !== tag) })}
            >
              ×
            </button>
          </span>
        ))}
        <input
          className="tag-input"
          value={tagDraft}
          placeholder={t("conversation.addTag")}
          maxLength={20}
          onChange={(event) => setTagDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key !== "Enter" || !tagDraft.trim()) return;
            update.mutate({ tags: [...customer.tags, tagDraft.trim()] });
            setTagDraft("");
          }}
        />
      </div>
      <h3>{t("customer.note")}</h3>
      <textarea
        key={customer.note ?? ""}
        defaultValue={customer.note ?? ""}
        rows={3}
        maxLength={2000}
        onBlur={(event) => {
          if (event.target.value !== (customer.note ?? "")) update.mutate({ note: event.target.value || null });
        }}
        aria-label={t("customer.note")}
      />
      <h3>{t("customer.pastConversations")}</h3>
      <ul className="past-conversations">
        {customer.conversations.map((conversation) => (
          <li key={conversation.id}>
            <button type="button" className="button-link" onClick={() => props.onOpenConversation(conversation.id)}>
              {new Date(conversation.lastActivityAt).toLocaleDateString(locale)} · {t(`status.${conversation.status}`)}
            </button>
            <span className="muted small"> {conversation.lastMessagePreview}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
