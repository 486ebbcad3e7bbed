"use client";

import { useQuery } from "@tanstack/react-query";
import type { OrderDto } from "@/server/commerce/orders/order-dto";
import { useI18n } from "../i18n/i18n-provider";
import { OrderCard } from "../orders/order-card";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { customerKeys } from "../query/query-keys";

/** The customer's latest orders in the sidebar; a payment, refund or order change refreshes them live. */
export function CustomerOrders({ customerId, conversationId }: { customerId: string; conversationId: string }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const orders = useQuery({
    queryKey: customerKeys.orders(customerId),
    queryFn: () =>
      apiFetch<{ orders: OrderDto[] }>(`/api/customers/${customerId}/orders`).then((answer) => answer.orders),
  });
  if (orders.isPending) return <p className="muted small">{t("common.loading")}</p>;
  if (orders.isError) return <p className="form-error">{errorText(orders.error)}</p>;
  if (orders.data.length === 0) return <p className="muted small">{t("order.none")}</p>;
  return (
    <ul className="orders" data-testid="customer-orders">
      {orders.data.map((order) => (
        <OrderCard key={order.orderNo} order={order} conversationId={conversationId} />
      ))}
    </ul>
  );
}
