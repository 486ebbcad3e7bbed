"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";
import type { AnomalyDto } from "@/server/anomalies/queue/list-anomalies";
import type { OrderStory } from "@/server/commerce/orders/order-story";
import type { ConversationListItem } from "@/server/conversations/conversation-dto";
import { useI18n } from "../i18n/i18n-provider";
import { ConversationView } from "../inbox/conversation-view";
import { useConversationActions } from "../inbox/use-conversation-actions";
import { OrderCard } from "../orders/order-card";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { anomalyKeys, conversationKeys, orderKeys } from "../query/query-keys";
import { AnomalyItem } from "./anomaly-item";

function AnomalyConversation({ conversationId }: { conversationId: string }) {
  const errorText = useErrorText();
  const conversation = useQuery({
    queryKey: conversationKeys.one(conversationId),
    queryFn: () => apiFetch<ConversationListItem>(`/api/conversations/${conversationId}`),
  });
  const actions = useConversationActions(conversationId);
  if (conversation.isError) return <p className="form-error pad">{errorText(conversation.error)}</p>;
  if (!conversation.data) return null;
  return <ConversationView conversation={conversation.data} actions={actions} />;
}

/**
 * One anomaly with everything needed to act on it: what can be done, the order with its parcels'
 * timelines, and the customer's conversation beside them (opened for the customer if they had none).
 */
export function AnomalyDetail({ anomalyId }: { anomalyId: string }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const anomaly = useQuery({
    queryKey: [...anomalyKeys.all, "one", anomalyId],
    queryFn: () => apiFetch<{ anomaly: AnomalyDto }>(`/api/anomalies/${anomalyId}`).then((answer) => answer.anomaly),
  });
  const orderNo = anomaly.data?.order?.orderNo ?? null;
  const story = useQuery({
    queryKey: orderKeys.story(orderNo ?? ""),
    queryFn: () => apiFetch<OrderStory>(`/api/orders/${encodeURIComponent(orderNo ?? "")}`),
    enabled: orderNo !== null,
  });
  const open = useMutation({
    mutationFn: () =>
      apiFetch<{ conversationId: string }>(`/api/anomalies/${anomalyId}/conversation`, { method: "POST", body: {} }),
  });
  const hasCustomer = Boolean(anomaly.data?.customer);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per anomaly, when it is known to have a customer.
  useEffect(() => {
    if (hasCustomer && open.isIdle) open.mutate();
  }, [hasCustomer]);
  const conversationId = open.data?.conversationId ?? null;
  return (
    <section className="anomaly-detail" data-testid="anomaly-detail">
      <div className="anomaly-detail-side stack">
        <p>
          <Link href="/anomalies">← {t("nav.anomalies")}</Link>
        </p>
        {anomaly.isError && <p className="form-error">{errorText(anomaly.error)}</p>}
        {anomaly.data && (
          <ul className="orders">
            <AnomalyItem anomaly={anomaly.data} />
          </ul>
        )}
        {story.data && (
          <ul className="orders">
            <OrderCard order={story.data.order} {...(conversationId ? { conversationId } : {})} />
          </ul>
        )}
      </div>
      <div className="anomaly-detail-chat">
        {conversationId && <AnomalyConversation conversationId={conversationId} />}
        {open.isError && <p className="form-error pad">{errorText(open.error)}</p>}
        {anomaly.data && !hasCustomer && <p className="muted pad">{t("anomalies.noCustomer")}</p>}
      </div>
    </section>
  );
}
