"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { Role } from "@/server/generated/prisma/enums";
import type { RemedyLimits } from "@/server/remedies/remedy-limits";
import { useI18n } from "../i18n/i18n-provider";
import { parseYuan } from "../orders/money";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { remedyLimitKeys } from "../query/query-keys";

const ROLES = ["AGENT", "SUPERVISOR", "ADMIN"] as const satisfies readonly Role[];
type Limits = Record<Role, RemedyLimits>;

const asYuan = (fen: number | null) => (fen === null ? "" : (fen / 100).toFixed(2));

/** Settings → 退款额度: what each role refunds on its own, per refund and per day; empty means no limit. */
export function RefundLimitsPanel({ canManage }: { canManage: boolean }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [invalid, setInvalid] = useState(false);
  const limits = useQuery({
    queryKey: remedyLimitKeys.all,
    queryFn: () => apiFetch<{ limits: Limits }>("/api/remedy-limits").then((answer) => answer.limits),
  });
  const save = useMutation({
    mutationFn: (body: { limits: { role: Role; perRefundFen: number | null; perDayFen: number | null }[] }) =>
      apiFetch<{ limits: Limits }>("/api/remedy-limits", { method: "PUT", body }),
    onSuccess: (answer) => queryClient.setQueryData(remedyLimitKeys.all, answer.limits),
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    let invalid = false;
    // Empty is "no limit"; anything else must be an amount, never silently read as no limit.
    const read = (name: string) => {
      const text = String(form.get(name) ?? "").trim();
      if (text === "") return null;
      const fen = parseYuan(text);
      if (fen === null) invalid = true;
      return fen ?? 0;
    };
    const body = {
      limits: ROLES.map((role) => ({
        role,
        perRefundFen: read(`${role}.perRefund`),
        perDayFen: read(`${role}.perDay`),
      })),
    };
    setInvalid(invalid);
    if (!invalid) save.mutate(body);
  };
  if (!limits.data) return limits.isError ? <p className="form-error">{errorText(limits.error)}</p> : null;
  return (
    <form className="card stack" onSubmit={onSubmit} data-testid="refund-limits" key={JSON.stringify(limits.data)}>
      <p className="muted small">{t("limits.explain")}</p>
      <table className="table">
        <thead>
          <tr>
            <th>{t("limits.role")}</th>
            <th>{t("limits.perRefund")}</th>
            <th>{t("limits.perDay")}</th>
          </tr>
        </thead>
        <tbody>
          {ROLES.map((role) => (
            <tr key={role}>
              <td>{t(`role.${role}`)}</td>
              {(["perRefund", "perDay"] as const).map((field) => (
                <td key={field}>
                  <input
                    name={`${role}.${field}`}
                    inputMode="decimal"
                    aria-label={`${t(`role.${role}`)} ${t(field === "perRefund" ? "limits.perRefund" : "limits.perDay")}`}
                    placeholder={t("limits.none")}
                    defaultValue={asYuan(
                      field === "perRefund" ? limits.data[role].perRefundFen : limits.data[role].perDayFen,
                    )}
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
