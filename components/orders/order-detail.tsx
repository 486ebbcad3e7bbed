"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { OrderStory } from "@/server/commerce/orders/order-story";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { orderKeys } from "../query/query-keys";
import { yuan } from "./money";
import { OrderCard } from "./order-card";

/** One order's whole story: the order, its payments, and the customer's conversations to open. */
export function OrderDetail({ orderNo }: { orderNo: string }) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const story = useQuery({
    queryKey: orderKeys.story(orderNo),
    queryFn: () => apiFetch<OrderStory>(`/api/orders/${encodeURIComponent(orderNo)}`),
  });
  const when = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(locale, { dateStyle: "short", timeStyle: "short" }) : "—";
  return (
    <section className="page" data-testid="order-detail">
      <p>
        <Link href="/orders">← {t("nav.orders")}</Link>
      </p>
      <h1>{orderNo}</h1>
      {story.isPending && <p className="muted">{t("common.loading")}</p>}
      {story.isError && <p className="form-error">{errorText(story.error)}</p>}
      {story.data && (
        <div className="order-story">
          <ul className="orders">
            <OrderCard order={story.data.order} showCustomer />
          </ul>
          <div className="stack">
            <section className="card">
              <h2>{t("orderPage.payments")}</h2>
              {story.data.order.payments.length === 0 && <p className="muted small">{t("orderPage.noPayment")}</p>}
              <table className="table">
                <tbody>
                  {story.data.order.payments.map((payment) => (
                    <tr key={payment.transactionId ?? payment.paidAt}>
                      <td>
                        <code>{payment.transactionId}</code>
                      </td>
                      <td>{yuan(payment.amountFen)}</td>
                      <td>{t(`payment.status.${payment.status}` as MessageKey)}</td>
                      <td>{when(payment.paidAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            {story.data.order.receiver && (
              <section className="card" data-testid="order-receiver">
                <h2>{t("orderPage.receiver")}</h2>
                <p>
                  {story.data.order.receiver.name} {story.data.order.receiver.phoneMasked}
                </p>
                <p className="muted small">
                  {story.data.order.receiver.province} {story.data.order.receiver.city}{" "}
                  {story.data.order.receiver.district} {story.data.order.receiver.address}
                </p>
              </section>
            )}
            <section className="card" data-testid="order-conversations">
              <h2>{t("orderPage.conversations")}</h2>
              {story.data.conversations.length === 0 && <p className="muted small">{t("orderPage.noConversation")}</p>}
              <ul className="plain-list">
                {story.data.conversations.map((conversation) => (
                  <li key={conversation.id}>
                    <Link href={`/inbox?view=all&c=${conversation.id}`}>
                      {t(`channel.${conversation.channel.kind}` as MessageKey)} · {conversation.channel.name}
                    </Link>{" "}
                    <span className="badge">{t(`status.${conversation.status}` as MessageKey)}</span>{" "}
                    <span className="muted small">
                      {when(conversation.lastActivityAt)} {conversation.preview}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          </div>
        </div>
      )}
    </section>
  );
}
