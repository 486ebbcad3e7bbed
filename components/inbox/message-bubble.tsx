"use client";

import type { EventContent } from "@/server/conversations/message-content";
import type { MessageDto } from "@/server/conversations/message-dto";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { useColleagueName } from "../people/use-colleagues";

/** Only http(s) links are clickable; anything else (javascript:, data:) is shown as text. */
function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Media is served by LoopDesk from the platform's media API (never from a URL in a payload). */
function MessageBody({ message }: { message: MessageDto }) {
  const { t } = useI18n();
  const media = `/api/messages/${message.id}/media`;
  const content = message.content;
  switch (content.type) {
    case "IMAGE":
      return (
        <a href={media} target="_blank" rel="noreferrer">
          {/* biome-ignore lint/performance/noImgElement: a private, same-origin media route; next/image adds nothing here. */}
          <img className="bubble-image" src={media} alt={message.text ?? ""} loading="lazy" />
        </a>
      );
    case "VOICE":
      return (
        <div className="bubble-text" data-testid="message-text">
          {/* biome-ignore lint/a11y/useMediaCaption: customer voice notes have no captions; the recognition text is shown below. */}
          <audio controls preload="none" src={media} />
          {content.recognition && <p>{content.recognition}</p>}
        </div>
      );
    case "VIDEO":
    case "FILE":
      return (
        <a className="bubble-text" href={media} data-testid="message-text">
          {message.text}
        </a>
      );
    case "LOCATION":
      return (
        <div className="bubble-card" data-testid="message-text">
          <strong>📍 {content.name || t("message.location")}</strong>
          {content.address && <span>{content.address}</span>}
          <span className="muted small">
            {content.latitude.toFixed(5)}, {content.longitude.toFixed(5)}
          </span>
        </div>
      );
    case "LINK": {
      const href = safeHref(content.url);
      return (
        <div className="bubble-card" data-testid="message-text">
          {href ? (
            <a href={href} target="_blank" rel="noopener noreferrer nofollow">
              {content.title}
            </a>
          ) : (
            <strong>{content.title}</strong>
          )}
          {content.description && <span className="muted small">{content.description}</span>}
        </div>
      );
    }
    case "MINIPROGRAM":
      return (
        <div className="bubble-card" data-testid="message-text">
          <strong>{t("message.miniprogram")}</strong>
          <span>{content.title}</span>
          <span className="muted small">{content.pagePath}</span>
        </div>
      );
    case "ORDER_CARD":
    case "TRACKING_CARD":
    case "PRODUCT_CARD":
      return (
        <div className="bubble-card order-bubble" data-testid="message-card" data-card={content.type}>
          <strong>{content.title}</strong>
          <span className="muted small">{content.description}</span>
          {(content.miniProgram || content.url) && (
            <span className="muted small">{content.miniProgram ? t("message.miniprogram") : t("message.webPage")}</span>
          )}
        </div>
      );
    case "TEMPLATE":
      return (
        <div className="bubble-card" data-testid="message-text">
          <strong>
            {t("message.template")} · {content.title}
          </strong>
          {content.fields.map((field) => (
            <span key={field.key}>
              <span className="muted small">{field.label}</span> {field.value}
            </span>
          ))}
        </div>
      );
    default:
      return (
        <p className="bubble-text" data-testid="message-text">
          {message.text}
        </p>
      );
  }
}

function EventLine({ content, fallback }: { content: EventContent; fallback: string | null }) {
  const { t, locale } = useI18n();
  const actor = content.actor?.name ?? t("event.system");
  const target = content.target?.name ?? "";
  switch (content.event) {
    case "assigned":
      return <>{t("event.assigned", { target })}</>;
    case "claimed":
      return <>{t("event.claimed", { actor })}</>;
    case "transferred":
      return (
        <>
          {t("event.transferred", { actor, target })}
          {content.note && <q className="event-note">{content.note}</q>}
        </>
      );
    case "requeued":
      return <>{t("event.requeued", { actor })}</>;
    case "resolved":
      return <>{t("event.resolved", { actor })}</>;
    case "reopened":
      return <>{content.actor ? t("event.reopened", { actor }) : t("event.reopenedByCustomer")}</>;
    case "snoozed":
      return (
        <>
          {t("event.snoozed", {
            actor,
            until: content.detail ? new Date(content.detail).toLocaleString(locale) : "",
          })}
        </>
      );
    case "woke":
      return <>{t("event.woke")}</>;
    case "bot_handoff":
      return <>{t("event.botHandoff", { reason: t(`handoff.${content.detail ?? "unsure"}` as MessageKey) })}</>;
    case "order_paid":
      return (
        <>
          {t("event.orderPaid", {
            orderNo: content.order?.orderNo ?? "",
            amount: `¥${((content.order?.totalFen ?? 0) / 100).toFixed(2)}`,
          })}
        </>
      );
    case "coupon_issued":
      return (
        <>
          {t("event.couponIssued", {
            name: content.detail ?? "",
            amount: `¥${((content.coupon?.amountFen ?? 0) / 100).toFixed(2)}`,
          })}
        </>
      );
    default:
      return <>{fallback}</>;
  }
}

/** Customer content is untrusted: it is only ever rendered as text (React escapes it). */
export function MessageBubble({ message }: { message: MessageDto }) {
  const { t, locale } = useI18n();
  const nameOf = useColleagueName();
  const time = new Date(message.sentAt).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
  if (message.content.type === "EVENT") {
    return (
      <div className="timeline-event" data-testid="message" data-kind="event">
        <EventLine content={message.content} fallback={message.text} /> · {time}
      </div>
    );
  }
  if (message.senderKind === "NOTE") {
    return (
      <div className="bubble-row bubble-row-mine" data-testid="message" data-kind="note">
        <div className="bubble bubble-note">
          <span className="bubble-sender">
            {t("message.note")} · {nameOf(message.senderUserId) ?? ""}
          </span>
          <p className="bubble-text" data-testid="message-text">
            {message.text}
          </p>
          <span className="bubble-meta">{time}</span>
        </div>
      </div>
    );
  }
  const mine = message.direction === "OUTBOUND";
  const sender = mine ? (nameOf(message.senderUserId) ?? t(`sender.${message.senderKind}`)) : null;
  return (
    <div className={mine ? "bubble-row bubble-row-mine" : "bubble-row"} data-testid="message">
      <div className={mine ? "bubble bubble-mine" : "bubble"}>
        {sender && <span className="bubble-sender">{sender}</span>}
        <MessageBody message={message} />
        <span className="bubble-meta">
          {time}
          {mine && message.deliveryStatus && (
            <span className={`delivery delivery-${message.deliveryStatus.toLowerCase()}`} data-testid="delivery-status">
              {" · "}
              {t(`delivery.${message.deliveryStatus}`)}
              {message.failureReason ? `：${message.failureReason}` : ""}
            </span>
          )}
        </span>
      </div>
    </div>
  );
}
