"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { type ChangeEvent, useState } from "react";
import type { AnomalyDto } from "@/server/anomalies/queue/list-anomalies";
import type { AnomalySeverity, AnomalyType } from "@/server/generated/prisma/enums";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { anomalyKeys } from "../query/query-keys";
import { RemedyApprovals } from "../remedies/remedy-approvals";
import { useViewer } from "../shell/viewer";
import { AnomalyItem } from "./anomaly-item";

const ANOMALY_TYPES = [
  "PAID_NOT_SHIPPED",
  "LOGISTICS_STALLED",
  "DELIVERY_FAILED",
  "RETURNED",
  "REFUSED",
  "REFUND_STUCK",
  "PAYMENT_MISMATCH",
  "LOW_STOCK",
  "REGIONAL_SPIKE",
] as const satisfies readonly AnomalyType[];
const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const satisfies readonly AnomalySeverity[];
const STATUSES = ["open", "snoozed", "resolved", "all"] as const;

type AnomaliesPage = { items: AnomalyDto[]; next: string | null; openByType: Record<string, number> | null };

/** 异常: what LoopDesk caught before the customer complained, oldest first; live (anomalies.changed). */
export function AnomaliesScreen() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const { permissions } = useViewer();
  const [filters, setFilters] = useState({
    status: "open",
    type: "",
    severity: "",
    carrier: "",
    minAgeHours: "",
    assignee: "",
    sort: "age",
  });
  const query = new URLSearchParams(
    Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== ""),
  ).toString();
  const set = (name: keyof typeof filters) => (event: ChangeEvent<HTMLSelectElement | HTMLInputElement>) =>
    setFilters((current) => ({ ...current, [name]: event.target.value.trim() }));
  const anomalies = useInfiniteQuery({
    queryKey: anomalyKeys.list(query),
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      apiFetch<AnomaliesPage>(`/api/anomalies?${query}${pageParam ? `&after=${encodeURIComponent(pageParam)}` : ""}`),
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const rows = anomalies.data?.pages.flatMap((page) => page.items) ?? [];
  const counts = anomalies.data?.pages[0]?.openByType ?? {};
  return (
    <section className="page" data-testid="anomalies">
      <h1>{t("nav.anomalies")}</h1>
      {permissions.includes("remedies.approve") && <RemedyApprovals />}
      <div className="row card" title={t("anomalies.countsTitle")}>
        {ANOMALY_TYPES.filter((type) => (counts[type] ?? 0) > 0).map((type) => (
          <button
            key={type}
            type="button"
            className={filters.type === type ? "chip chip-active" : "chip"}
            data-testid={`anomaly-count-${type}`}
            onClick={() => setFilters((current) => ({ ...current, type: current.type === type ? "" : type }))}
          >
            {t(`anomaly.type.${type}` as MessageKey)} {counts[type]}
          </button>
        ))}
      </div>
      <div className="form-inline card">
        <select aria-label={t("anomalies.status.all")} value={filters.status} onChange={set("status")}>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(`anomalies.status.${value}` as MessageKey)}
            </option>
          ))}
        </select>
        <select aria-label={t("anomalies.allTypes")} value={filters.type} onChange={set("type")}>
          <option value="">{t("anomalies.allTypes")}</option>
          {ANOMALY_TYPES.map((value) => (
            <option key={value} value={value}>
              {t(`anomaly.type.${value}` as MessageKey)}
            </option>
          ))}
        </select>
        <select aria-label={t("anomalies.allSeverities")} value={filters.severity} onChange={set("severity")}>
          <option value="">{t("anomalies.allSeverities")}</option>
          {SEVERITIES.map((value) => (
            <option key={value} value={value}>
              {t(`anomaly.severity.${value}` as MessageKey)}
            </option>
          ))}
        </select>
        <select aria-label={t("anomalies.assignee.any")} value={filters.assignee} onChange={set("assignee")}>
          <option value="">{t("anomalies.assignee.any")}</option>
          <option value="me">{t("anomalies.assignee.me")}</option>
          <option value="none">{t("anomalies.assignee.none")}</option>
        </select>
        <input
          aria-label={t("anomalies.carrier")}
          placeholder={t("anomalies.carrier")}
          pattern="[a-z0-9]{1,32}"
          onBlur={set("carrier")}
        />
        <input
          type="number"
          min={0}
          aria-label={t("anomalies.minAge")}
          placeholder={t("anomalies.minAge")}
          onBlur={set("minAgeHours")}
        />
        <select aria-label={t("anomalies.sort.age")} value={filters.sort} onChange={set("sort")}>
          <option value="age">{t("anomalies.sort.age")}</option>
          <option value="severity">{t("anomalies.sort.severity")}</option>
        </select>
      </div>
      {anomalies.isError && <p className="form-error">{errorText(anomalies.error)}</p>}
      {anomalies.isPending && <p className="muted">{t("common.loading")}</p>}
      {!anomalies.isPending && rows.length === 0 && <p className="muted">{t("anomalies.none")}</p>}
      <ul className="orders">
        {rows.map((anomaly) => (
          <AnomalyItem key={anomaly.id} anomaly={anomaly} />
        ))}
      </ul>
      {anomalies.hasNextPage && (
        <button
          type="button"
          className="button-ghost"
          disabled={anomalies.isFetchingNextPage}
          onClick={() => void anomalies.fetchNextPage()}
        >
          {t("anomalies.more")}
        </button>
      )}
    </section>
  );
}
