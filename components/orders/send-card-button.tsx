"use client";

import { useMutation } from "@tanstack/react-query";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";

/** Sends an order or parcel card into the open conversation; the message appears like any reply. */
export function SendCardButton(props: {
  conversationId: string;
  orderNo: string;
  kind: "order" | "tracking";
  trackingNo?: string;
  label: MessageKey;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const send = useMutation({
    mutationFn: () =>
      apiFetch(`/api/conversations/${props.conversationId}/cards`, {
        method: "POST",
        body: {
          orderNo: props.orderNo,
          kind: props.kind,
          ...(props.trackingNo ? { trackingNo: props.trackingNo } : {}),
        },
      }),
  });
  return (
    <>
      <button
        type="button"
        className="button-link"
        disabled={send.isPending}
        onClick={() => send.mutate()}
        data-testid={`send-${props.kind}-card`}
      >
        {send.isSuccess ? t("card.sent") : t(props.label)}
      </button>
      {send.isError && <span className="form-error small">{errorText(send.error)}</span>}
    </>
  );
}
