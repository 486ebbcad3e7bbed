"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { type ChangeEvent, type FormEvent, useState } from "react";
import type { OrderDto } from "@/server/commerce/orders/order-dto";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { orderKeys } from "../query/query-keys";
import { RemedyApprovals } from "../remedies/remedy-approvals";
import { useViewer } from "../shell/viewer";
import { OrderCard } from "./order-card";

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

const PAYMENTS = ["UNPAID", "PAID", "PARTIALLY_REFUNDED", "REFUNDED", "CLOSED"] as const;
const PARCELS = [
  "CREATED",
  "PICKED_UP",
  "IN_TRANSIT",
  "OUT_FOR_DELIVERY",
  "DELIVERED",
  "FAILED_DELIVERY",
  "RETURNING",
  "RETURNED",
  "REFUSED",
  "EXCEPTION",
] as const;
const CHANNELS = ["mini-program", "official-account", "wecom", "web", "app", "other"] as const;
const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], MessageKey> = {
  "mini-program": "channel.MINI_PROGRAM",
  "official-account": "channel.OFFICIAL_ACCOUNT",
  wecom: "channel.WECOM_KF",
  web: "orders.channel.web",
  app: "orders.channel.app",
  other: "orders.channel.other",
};

type OrdersPage = { orders: OrderDto[]; next: string | null };

/** 订单: every order this user may see, newest first; found by number, transaction, parcel or customer. */
export function OrdersScreen() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { permissions } = useViewer();
  const [filters, setFilters] = useState({ status: "", payment: "", parcel: "", channel: "", from: "", to: "" });
  const [q, setQ] = useState("");
  const query = new URLSearchParams(
    Object.entries({ ...filters, q }).filter((entry): entry is [string, string] => entry[1] !== ""),
  ).toString();
  const set = (name: keyof typeof filters) => (event: ChangeEvent<HTMLSelectElement | HTMLInputElement>) =>
    setFilters((current) => ({ ...current, [name]: event.target.value }));
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
      {permissions.includes("remedies.approve") && <RemedyApprovals />}
      <div className="form-inline card">
        <select aria-label={t("orders.status")} value={filters.status} onChange={set("status")}>
          <option value="">{t("orders.allStatuses")}</option>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(`order.status.${value}` as MessageKey)}
            </option>
          ))}
        </select>
        <select aria-label={t("orders.allPayments")} value={filters.payment} onChange={set("payment")}>
          <option value="">{t("orders.allPayments")}</option>
          {PAYMENTS.map((value) => (
            <option key={value} value={value}>
              {value === "UNPAID" ? t("orders.unpaid") : t(`payment.status.${value}` as MessageKey)}
            </option>
          ))}
        </select>
        <select aria-label={t("orders.allParcels")} value={filters.parcel} onChange={set("parcel")}>
          <option value="">{t("orders.allParcels")}</option>
          {PARCELS.map((value) => (
            <option key={value} value={value}>
              {t(`shipment.status.${value}` as MessageKey)}
            </option>
          ))}
        </select>
        <select aria-label={t("orders.allChannels")} value={filters.channel} onChange={set("channel")}>
          <option value="">{t("orders.allChannels")}</option>
          {CHANNELS.map((value) => (
            <option key={value} value={value}>
              {t(CHANNEL_LABELS[value])}
            </option>
          ))}
        </select>
        <label className="small">
          {t("orders.from")} <input type="date" value={filters.from} onChange={set("from")} />
        </label>
        <label className="small">
          {t("orders.to")} <input type="date" value={filters.to} onChange={set("to")} />
        </label>
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
