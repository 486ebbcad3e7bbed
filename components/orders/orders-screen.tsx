"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { OrderDto } from "@/server/commerce/orders/order-dto";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { orderKeys } from "../query/query-keys";
import { useViewer } from "../shell/viewer";
import { OrderCard } from "./order-card";
import { RefundApprovals } from "./refund-approvals";

const STATUSES = [
  "PENDING_PAYMENT",
  "PAID",
  "SHIPPED",
  "DELIVERED",
  "COMPLETED",
  "CANCELLED",
  "REFUNDING",
  "REFUNDED",
] as const;

type OrdersPage = { orders: OrderDto[]; next: string | null };

/** 订单: every order this user may see, newest first; found by number, transaction, parcel or customer. */
export function OrdersScreen() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { permissions } = useViewer();
  const [status, setStatus] = useState("");
  const [q, setQ] = useState("");
  const query = new URLSearchParams({ ...(status ? { status } : {}), ...(q ? { q } : {}) }).toString();
  const orders = useInfiniteQuery({
    queryKey: orderKeys.list(query),
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      apiFetch<OrdersPage>(`/api/orders?${query}${pageParam ? `&after=${encodeURIComponent(pageParam)}` : ""}`),
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setQ(String(new FormData(event.currentTarget).get("q") ?? "").trim());
  };
  const rows = orders.data?.pages.flatMap((page) => page.orders) ?? [];
  return (
    <section className="page" data-testid="orders">
      <h1>{t("nav.orders")}</h1>
      {permissions.includes("refunds.approve") && <RefundApprovals />}
      <div className="form-inline card">
        <select aria-label={t("orders.status")} value={status} onChange={(event) => setStatus(event.target.value)}>
          <option value="">{t("orders.allStatuses")}</option>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(`order.status.${value}` as MessageKey)}
            </option>
          ))}
        </select>
        <form onSubmit={onSearch} className="form-inline">
          <input name="q" placeholder={t("orders.search")} aria-label={t("orders.search")} maxLength={64} />
          <button type="submit" className="button-primary">
            {t("orders.find")}
          </button>
        </form>
      </div>
      {orders.isError && <p className="form-error">{errorText(orders.error)}</p>}
      {orders.isPending && <p className="muted">{t("common.loading")}</p>}
      {!orders.isPending && rows.length === 0 && <p className="muted">{t("order.none")}</p>}
      <ul className="orders orders-page">
        {rows.map((order) => (
          <OrderCard key={order.orderNo} order={order} showCustomer />
        ))}
      </ul>
      {orders.hasNextPage && (
        <button
          type="button"
          className="button-ghost"
          disabled={orders.isFetchingNextPage}
          onClick={() => void orders.fetchNextPage()}
        >
          {t("orders.more")}
        </button>
      )}
    </section>
  );
}
