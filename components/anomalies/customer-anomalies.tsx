"use client";

import { useQuery } from "@tanstack/react-query";
import type { AnomalyDto } from "@/server/anomalies/queue/list-anomalies";
import { useI18n } from "../i18n/i18n-provider";
import { apiFetch } from "../query/fetcher";
import { anomalyKeys } from "../query/query-keys";
import { AnomalyItem } from "./anomaly-item";

/** The customer's open anomalies, in the sidebar beside the chat; nothing when there are none. */
export function CustomerAnomalies({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const query = `status=open&customerId=${encodeURIComponent(customerId)}&limit=10`;
  const anomalies = useQuery({
    queryKey: anomalyKeys.list(query),
    queryFn: () => apiFetch<{ items: AnomalyDto[] }>(`/api/anomalies?${query}`).then((answer) => answer.items),
  });
  if (!anomalies.data?.length) return null;
  return (
    <section className="stack" data-testid="customer-anomalies">
      <h3>
        {t("anomalies.sidebarTitle")} {anomalies.data.length}
      </h3>
      <ul className="orders">
        {anomalies.data.map((anomaly) => (
          <AnomalyItem key={anomaly.id} anomaly={anomaly} />
        ))}
      </ul>
    </section>
  );
}
