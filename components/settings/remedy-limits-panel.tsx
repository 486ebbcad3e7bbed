"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { Role } from "@/server/generated/prisma/enums";
import type { RemedyLimits } from "@/server/remedies/remedy-limits";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { parseYuan } from "../orders/money";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { remedyLimitKeys } from "../query/query-keys";

const ROLES = ["AGENT", "SUPERVISOR", "ADMIN"] as const satisfies readonly Role[];
type Limits = Record<Role, RemedyLimits>;
type Field = keyof RemedyLimits;

const FIELDS: { field: Field; label: MessageKey; percent?: true }[] = [
  { field: "perRemedyFen", label: "limits.perRemedy" },
  { field: "maxOrderSharePct", label: "limits.orderShare", percent: true },
  { field: "perDayFen", label: "limits.perDay" },
  { field: "brandPerDayFen", label: "limits.brandPerDay" },
];

const shown = (value: number | null, percent?: true) =>
  value === null ? "" : percent ? String(value) : (value / 100).toFixed(2);

/** Settings → 补偿额度: each role's caps on remedies given alone; empty means no cap. */
export function RemedyLimitsPanel({ canManage }: { canManage: boolean }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [invalid, setInvalid] = useState(false);
  const limits = useQuery({
    queryKey: remedyLimitKeys.all,
    queryFn: () => apiFetch<{ limits: Limits }>("/api/remedy-limits").then((answer) => answer.limits),
  });
  const save = useMutation({
    mutationFn: (body: { limits: ({ role: Role } & RemedyLimits)[] }) =>
      apiFetch<{ limits: Limits }>("/api/remedy-limits", { method: "PUT", body }),
    onSuccess: (answer) => queryClient.setQueryData(remedyLimitKeys.all, answer.limits),
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    let invalid = false;
    // Empty is "no cap"; anything else must be an amount (or a percentage), never silently no cap.
    const read = (name: string, percent?: true) => {
      const text = String(form.get(name) ?? "").trim();
      if (text === "") return null;
      const value = percent ? (/^\d{1,3}$/.test(text) && Number(text) <= 100 ? Number(text) : null) : parseYuan(text);
      if (value === null) invalid = true;
      return value ?? 0;
    };
    const body = {
      limits: ROLES.map((role) => ({
        role,
        perRemedyFen: read(`${role}.perRemedyFen`),
        maxOrderSharePct: read(`${role}.maxOrderSharePct`, true),
        perDayFen: read(`${role}.perDayFen`),
        brandPerDayFen: read(`${role}.brandPerDayFen`),
      })),
    };
    setInvalid(invalid);
    if (!invalid) save.mutate(body);
  };
  if (!limits.data) return limits.isError ? <p className="form-error">{errorText(limits.error)}</p> : null;
  const data = limits.data;
  return (
    <form className="card stack" onSubmit={onSubmit} data-testid="remedy-limits" key={JSON.stringify(data)}>
      <p className="muted small">{t("limits.explain")}</p>
      <table className="table">
        <thead>
          <tr>
            <th>{t("limits.role")}</th>
            {FIELDS.map(({ field, label }) => (
              <th key={field}>{t(label)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ROLES.map((role) => (
            <tr key={role}>
              <td>{t(`role.${role}`)}</td>
              {FIELDS.map(({ field, label, percent }) => (
                <td key={field}>
                  <input
                    name={`${role}.${field}`}
                    inputMode="decimal"
                    aria-label={`${t(`role.${role}`)} ${t(label)}`}
                    placeholder={t("limits.none")}
                    defaultValue={shown(data[role][field], percent)}
                    disabled={!canManage}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {invalid && <p className="form-error">{t("limits.invalid")}</p>}
      {save.isError && <p className="form-error">{errorText(save.error)}</p>}
      {save.isSuccess && <p className="small notice">{t("limits.saved")}</p>}
      {canManage && (
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t("limits.save")}
        </button>
      )}
    </form>
  );
}
