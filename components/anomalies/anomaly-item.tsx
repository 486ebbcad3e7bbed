"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import type { AnomalyDto } from "@/server/anomalies/queue/list-anomalies";
import type { WorkAnomalyInput } from "@/server/anomalies/queue/work-anomaly";
import { useI18n } from "../i18n/i18n-provider";
import { isMessageKey, type MessageKey } from "../i18n/messages";
import { yuan } from "../orders/money";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { anomalyKeys } from "../query/query-keys";
import { RemedyAction } from "../remedies/remedy-form";
import { RemedyLine } from "../remedies/remedy-line";
import { useViewer } from "../shell/viewer";

const SNOOZE_MS = 2 * 3_600_000;
/** About stock or a region, not a customer: nobody to reach out to. */
const OUTREACH_LESS = new Set(["LOW_STOCK", "REGIONAL_SPIKE"]);

/** What the anomaly is about, in a line: the parcel and its last scan, the refund, the product, the payment. */
function Subject({ anomaly }: { anomaly: AnomalyDto }) {
  const { t, locale } = useI18n();
  const when = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: "short", timeStyle: "short" });
  const details = (anomaly.details ?? {}) as Record<string, unknown>;
  if (anomaly.shipment) {
    return (
      <p className="small">
        {anomaly.shipment.carrier} {anomaly.shipment.trackingNo} ·{" "}
        {t(`shipment.status.${anomaly.shipment.status}` as MessageKey)}
        {anomaly.shipment.lastEventAt && (
          <>
            {" "}
            ·{" "}
            {t("anomalies.lastEvent", {
              at: when(anomaly.shipment.lastEventAt),
              text: anomaly.shipment.lastEventText ?? "",
            })}
          </>
        )}
      </p>
    );
  }
  if (anomaly.refund) {
    return (
      <p className="small">
        {t("anomalies.refund", {
          amount: (anomaly.refund.amountFen / 100).toFixed(2),
          status: t(`refund.status.${anomaly.refund.status}` as MessageKey),
        })}
      </p>
    );
  }
  if (anomaly.type === "REGIONAL_SPIKE") {
    return (
      <p className="small">
        {t("anomalies.spike", {
          province: String(details.province ?? ""),
          sku: String(details.sku ?? ""),
          hours: Number(details.windowHours ?? 0),
          orders: Number(details.orders ?? 0),
          expected: Number(details.expectedOrders ?? 0),
          rise: Number(details.rise ?? 0),
          units: Number(details.preAllocateUnits ?? 0),
        })}
      </p>
    );
  }
  if (anomaly.product) {
    const replenishment = details.replenishment as
      | { suggestedQuantity: number; dailyDemand: number; safetyStock: number }
      | undefined;
    return (
      <p className="small">
        {anomaly.product.name} ({anomaly.product.sku}) ·{" "}
        {t("anomalies.stock", { stock: anomaly.product.stock, threshold: anomaly.product.lowStockThreshold })}
        {replenishment && (
          <>
            {" "}
            ·{" "}
            {t("anomalies.replenish", {
              quantity: replenishment.suggestedQuantity,
              daily: replenishment.dailyDemand,
              safety: replenishment.safetyStock,
            })}
          </>
        )}
      </p>
    );
  }
  if (typeof details.reason === "string") return <p className="small">{details.reason}</p>;
  return null;
}

const RESHIPPABLE = new Set(["PAID", "SHIPPED", "DELIVERED", "COMPLETED"]);

/** One anomaly with what can be done about it: claim, snooze, resolve with a note; links to the order and the chat. */
export function AnomalyItem({ anomaly }: { anomaly: AnomalyDto }) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const { user } = useViewer();
  const queryClient = useQueryClient();
  const [resolving, setResolving] = useState(false);
  const work = useMutation({
    mutationFn: (body: WorkAnomalyInput) => apiFetch(`/api/anomalies/${anomaly.id}`, { method: "PATCH", body }),
    onSuccess: () => {
      setResolving(false);
      void queryClient.invalidateQueries({ queryKey: anomalyKeys.all });
    },
  });
  const reachOut = useMutation({
    mutationFn: () => apiFetch<{ via: string }>(`/api/anomalies/${anomaly.id}/outreach`, { method: "POST", body: {} }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: anomalyKeys.all }),
  });
  const onResolve = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const resolution = String(new FormData(event.currentTarget).get("resolution") ?? "").trim();
    if (resolution) work.mutate({ action: "resolve", resolution });
  };
  const hours = Math.max(0, Math.floor((Date.now() - new Date(anomaly.detectedAt).getTime()) / 3_600_000));
  const resolution = anomaly.resolution?.startsWith("auto:") ? `anomalies.auto.${anomaly.resolution.slice(5)}` : null;
  const open = anomaly.status !== "RESOLVED";
  return (
    <li className="card stack anomaly" data-testid="anomaly" data-anomaly-type={anomaly.type}>
      <div className="row">
        <Link href={`/anomalies/${anomaly.id}`} data-testid="anomaly-open">
          <strong>{t(`anomaly.type.${anomaly.type}` as MessageKey)}</strong>
        </Link>
        <span className={`badge severity-${anomaly.severity.toLowerCase()}`}>
          {t(`anomaly.severity.${anomaly.severity}` as MessageKey)}
        </span>
        <span className="muted small">{t("anomalies.detectedAgo", { hours })}</span>
        {anomaly.assignee && (
          <span className="muted small">{t("anomalies.assignedTo", { name: anomaly.assignee.name })}</span>
        )}
      </div>
      <p className="small">
        {anomaly.customer?.name}
        {anomaly.order && (
          <>
            {" "}
            · {anomaly.order.orderNo} · {yuan(anomaly.order.totalFen)} ·{" "}
            {t(`order.status.${anomaly.order.status}` as MessageKey)}
          </>
        )}
      </p>
      <Subject anomaly={anomaly} />
      {!open && anomaly.resolution && (
        <p className="muted small">
          {t("anomalies.resolvedAs", {
            resolution: resolution && isMessageKey(resolution) ? t(resolution) : anomaly.resolution,
          })}
        </p>
      )}
      <div className="row">
        {anomaly.conversationId && (
          <Link href={`/inbox?view=all&c=${anomaly.conversationId}`}>{t("anomalies.openConversation")}</Link>
        )}
        {anomaly.order && <Link href={`/orders/${anomaly.order.orderNo}`}>{t("anomalies.openOrder")}</Link>}
        {open && anomaly.customer && !OUTREACH_LESS.has(anomaly.type) && (
          <button
            type="button"
            className="button-primary"
            disabled={reachOut.isPending}
            onClick={() => reachOut.mutate()}
            data-testid="anomaly-reach-out"
          >
            {t("anomalies.reachOut")}
          </button>
        )}
        {open && anomaly.assignee?.id !== user.id && (
          <button type="button" className="button-ghost" onClick={() => work.mutate({ action: "claim" })}>
            {t("anomalies.claim")}
          </button>
        )}
        {open && (
          <button
            type="button"
            className="button-ghost"
            onClick={() => work.mutate({ action: "snooze", until: new Date(Date.now() + SNOOZE_MS).toISOString() })}
          >
            {t("anomalies.snooze")}
          </button>
        )}
        {open && !resolving && (
          <button type="button" className="button-ghost" onClick={() => setResolving(true)}>
            {t("anomalies.resolve")}
          </button>
        )}
      </div>
      {resolving && (
        <form className="form-inline" onSubmit={onResolve}>
          <input
            name="resolution"
            aria-label={t("anomalies.resolution")}
            placeholder={t("anomalies.resolution")}
            maxLength={500}
            required
          />
          <button type="submit" className="button-primary" disabled={work.isPending}>
            {t("anomalies.resolve")}
          </button>
        </form>
      )}
      {anomaly.remedies.length > 0 && (
        <ul className="remedy-lines small" data-testid="anomaly-remedies">
          {anomaly.remedies.map((remedy) => (
            <RemedyLine key={remedy.id} remedy={remedy} />
          ))}
        </ul>
      )}
      {open && anomaly.customer && (
        <RemedyAction
          customerId={anomaly.customer.id}
          anomalyId={anomaly.id}
          {...(anomaly.order ? { orderNo: anomaly.order.orderNo } : {})}
          {...(anomaly.conversationId ? { conversationId: anomaly.conversationId } : {})}
          refundableFen={
            anomaly.order?.status === "PAID" ||
            anomaly.order?.status === "SHIPPED" ||
            anomaly.order?.status === "DELIVERED"
              ? anomaly.order.totalFen
              : null
          }
          canReship={anomaly.order !== null && RESHIPPABLE.has(anomaly.order.status)}
        />
      )}
      {anomaly.firstContactAt && (
        <p className="muted small">
          {t("anomalies.contactedAt", { at: new Date(anomaly.firstContactAt).toLocaleString(locale) })}
          {anomaly.contactedBeforeComplaint && ` · ${t("anomalies.beforeComplaint")}`}
        </p>
      )}
      {reachOut.isSuccess && <p className="muted small">{t(`anomalies.sentVia.${reachOut.data.via}` as MessageKey)}</p>}
      {reachOut.isError && <p className="form-error">{errorText(reachOut.error)}</p>}
      {work.isError && <p className="form-error">{errorText(work.error)}</p>}
    </li>
  );
}
