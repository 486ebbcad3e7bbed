"use client";

import Link from "next/link";
import type { OrderDto } from "@/server/commerce/orders/order-dto";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { yuan } from "./money";
import { OrderRefunds } from "./order-refunds";
import { SendCardButton } from "./send-card-button";

/** One order: its items, payment, refunds (with the refund action) and parcels with their timelines. */
export function OrderCard({
  order,
  showCustomer = false,
  conversationId,
}: {
  order: OrderDto;
  showCustomer?: boolean;
  /** Beside a conversation: the order and its parcels can be sent into it as cards. */
  conversationId?: string;
}) {
  const { t, locale } = useI18n();
  const when = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: "short", timeStyle: "short" });
  return (
    <li className="order-card" data-testid="customer-order" data-status={order.status}>
      <div className="order-head">
        <Link href={`/orders/${encodeURIComponent(order.orderNo)}`} title={t("order.open")}>
          <strong>{order.orderNo}</strong>
        </Link>
        {showCustomer && <span className="muted small">{order.customer.name}</span>}
        <span className={`badge order-${order.status.toLowerCase()}`}>
          {t(`order.status.${order.status}` as MessageKey)}
        </span>
      </div>
      <div className="muted small">
        {yuan(order.totalFen)}
        {order.refundedFen > 0 && ` · ${t("order.refunded", { amount: yuan(order.refundedFen) })}`}
        {" · "}
        {order.paidAt
          ? t("order.paidAt", { at: when(order.paidAt) })
          : t("order.createdAt", { at: when(order.createdAt) })}
      </div>
      <ul className="order-items">
        {order.items.map((item) => (
          <li key={`${item.sku}-${item.name}`}>
            {item.imageUrl && (
              // biome-ignore lint/performance/noImgElement: product pictures come from the shop's own CDN.
              <img src={item.imageUrl} alt="" className="order-item-image" referrerPolicy="no-referrer" />
            )}
            <span>
              {item.name} × {item.quantity}
            </span>
          </li>
        ))}
      </ul>
      {conversationId && (
        <div className="inline-actions small">
          <SendCardButton conversationId={conversationId} orderNo={order.orderNo} kind="order" label="card.sendOrder" />
        </div>
      )}
      <OrderRefunds order={order} {...(conversationId ? { conversationId } : {})} />
      {order.shipments.map((shipment) => (
        <div key={`${shipment.carrier}-${shipment.trackingNo}`} className="shipment">
          <div className="small">
            <span className={`badge shipment-${shipment.status.toLowerCase()}`} data-testid="shipment-status">
              {t(`shipment.status.${shipment.status}` as MessageKey)}
            </span>{" "}
            {locale.startsWith("zh") ? shipment.carrierName.zh : shipment.carrierName.en} {shipment.trackingNo}{" "}
            <button
              type="button"
              className="button-link"
              onClick={() => void navigator.clipboard?.writeText(shipment.trackingNo)}
            >
              {t("order.copy")}
            </button>
            {conversationId && (
              <SendCardButton
                conversationId={conversationId}
                orderNo={order.orderNo}
                kind="tracking"
                trackingNo={shipment.trackingNo}
                label="card.sendTracking"
              />
            )}
          </div>
          {shipment.events.length > 0 ? (
            <ol className="timeline small">
              {[...shipment.events].reverse().map((event) => (
                <li key={`${event.at}-${event.state}-${event.text}`}>
                  <span className="muted">{when(event.at)}</span> {event.text}
                </li>
              ))}
            </ol>
          ) : (
            shipment.lastEventAt &&
            shipment.lastEventText && (
              <p className="small">
                <span className="muted">{when(shipment.lastEventAt)}</span> {shipment.lastEventText}
              </p>
            )
          )}
        </div>
      ))}
    </li>
  );
}
