"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { listRuleSettings } from "@/server/anomalies/manage-rule-settings";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { anomalyKeys } from "../query/query-keys";

type Rule = Awaited<ReturnType<typeof listRuleSettings>>[number];
const SEVERITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;

/** "yunda=72, ems=96" ⇄ {yunda: 72, ems: 96}; null when a part is not code=hours. */
function parseCarrierHours(text: string): Record<string, number> | null {
  const entries = text
    .split(/[,，\s]+/)
    .filter(Boolean)
    .map((part) => /^([a-z0-9]{1,32})=(\d{1,4})$/.exec(part.trim()));
  if (entries.some((match) => !match)) return null;
  return Object.fromEntries(entries.map((match) => [match?.[1] ?? "", Number(match?.[2])]));
}
const showCarrierHours = (hours: Record<string, number>) =>
  Object.entries(hours)
    .map(([carrier, value]) => `${carrier}=${value}`)
    .join(", ");

function RuleRow({ rule, canManage }: { rule: Rule; canManage: boolean }) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch(`/api/anomaly-rules/${rule.type}`, { method: "PUT", body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: anomalyKeys.rules() }),
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, unknown> = {
      enabled: form.get("enabled") === "on",
      severity: String(form.get("severity")),
    };
    if (rule.hasThreshold) body.thresholdHours = Number(form.get("thresholdHours"));
    if (rule.hasOutreach) body.outreachText = String(form.get("outreachText") ?? "").trim() || null;
    if (rule.type === "LOGISTICS_STALLED") {
      const carrierHours = parseCarrierHours(String(form.get("carrierHours") ?? ""));
      setInvalid(carrierHours === null);
      if (carrierHours === null) return;
      body.carrierHours = carrierHours;
    }
    save.mutate(body);
  };
  return (
    <tr data-testid={`rule-${rule.type}`}>
      <td>{t(`anomaly.type.${rule.type}` as MessageKey)}</td>
      <td colSpan={4}>
        <form className="form-inline" onSubmit={onSubmit}>
          <label className="small">
            <input type="checkbox" name="enabled" defaultChecked={rule.enabled} disabled={!canManage} />{" "}
            {t("rules.enabled")}
          </label>
          <select name="severity" aria-label={t("rules.severity")} defaultValue={rule.severity} disabled={!canManage}>
            {SEVERITIES.map((value) => (
              <option key={value} value={value}>
                {t(`anomaly.severity.${value}` as MessageKey)}
              </option>
            ))}
          </select>
          {rule.hasThreshold && (
            <input
              type="number"
              name="thresholdHours"
              min={1}
              max={720}
              aria-label={t("rules.hours")}
              title={t("rules.hours")}
              defaultValue={rule.thresholdHours ?? undefined}
              disabled={!canManage}
            />
          )}
          {rule.type === "LOGISTICS_STALLED" && (
            <input
              name="carrierHours"
              aria-label={t("rules.carrierHours")}
              placeholder={t("rules.carrierHoursHint")}
              defaultValue={showCarrierHours(rule.carrierHours)}
              disabled={!canManage}
            />
          )}
          {rule.hasOutreach && (
            <textarea
              name="outreachText"
              rows={3}
              cols={60}
              maxLength={600}
              aria-label={t("rules.outreachText")}
              title={t("rules.outreachHint")}
              defaultValue={rule.outreachText ?? ""}
              disabled={!canManage}
            />
          )}
          {canManage && (
            <button type="submit" className="button-primary" disabled={save.isPending}>
              {t("rules.save")}
            </button>
          )}
          {save.isSuccess && <span className="muted small">{t("rules.saved")}</span>}
          <span className="muted small">
            {t("rules.lastPass")}: {rule.lastPassAt ? new Date(rule.lastPassAt).toLocaleString(locale) : "—"}
          </span>
        </form>
        {invalid && <p className="form-error">{t("rules.invalidCarrierHours")}</p>}
        {save.isError && <p className="form-error">{errorText(save.error)}</p>}
      </td>
    </tr>
  );
}

/** Settings → 异常规则: each rule on or off, its severity and hours; supervisors and admins change them. */
export function AnomalyRulesPanel({ canManage }: { canManage: boolean }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const rules = useQuery({
    queryKey: anomalyKeys.rules(),
    queryFn: () => apiFetch<{ rules: Rule[] }>("/api/anomaly-rules").then((answer) => answer.rules),
  });
  if (!rules.data) return rules.isError ? <p className="form-error">{errorText(rules.error)}</p> : null;
  return (
    <div className="card stack" data-testid="anomaly-rules">
      <p className="muted small">{t("rules.explain")}</p>
      <table className="table">
        <tbody>
          {rules.data.map((rule) => (
            <RuleRow key={`${rule.type}:${JSON.stringify(rule)}`} rule={rule} canManage={canManage} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
