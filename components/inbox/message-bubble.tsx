"use client";

import type { MessageDto } from "@/server/conversations/message-dto";
import { useI18n } from "../i18n/i18n-provider";

/** Media is served by LoopDesk from the platform's media API (never from a URL in a payload). */
function MessageBody({ message }: { message: MessageDto }) {
  const media = `/api/messages/${message.id}/media`;
  switch (message.content.type) {
    case "IMAGE":
      return (
        <a href={media} target="_blank" rel="noreferrer">
          {/* biome-ignore lint/performance/noImgElement: a private, same-origin media route; next/image adds nothing here. */}
          <img className="bubble-image" src={media} alt={message.text ?? ""} loading="lazy" />
        </a>
      );
    case "VOICE":
    case "VIDEO":
    case "FILE":
      return (
        <a className="bubble-text" href={media} data-testid="message-text">
          {message.text}
        </a>
      );
    default:
      return (
        <p className="bubble-text" data-testid="message-text">
          {message.text}
        </p>
      );
  }
}

/** Customer content is untrusted: it is only ever rendered as text (React escapes it). */
export function MessageBubble({ message }: { message: MessageDto }) {
  const { t, locale } = useI18n();
  const mine = message.direction === "OUTBOUND";
  if (message.content.type === "EVENT") {
    return (
      <div className="timeline-event" data-testid="message">
        {message.text}
      </div>
    );
  }
  return (
    <div className={mine ? "bubble-row bubble-row-mine" : "bubble-row"} data-testid="message">
      <div className={mine ? "bubble bubble-mine" : "bubble"}>
        <MessageBody message={message} />
        <span className="bubble-meta">
          {new Date(message.sentAt).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" })}
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
