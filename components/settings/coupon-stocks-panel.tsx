"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { CouponStockDto } from "@/server/remedies/coupons/coupon-stocks";
import { useI18n } from "../i18n/i18n-provider";
import { parseYuan, yuan } from "../orders/money";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { couponStockKeys } from "../query/query-keys";
import { useCreateForm } from "./use-create-form";

type StockInput = Omit<CouponStockDto, "id" | "createdAt" | "issuedCount">;

const field = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** Settings → 代金券: the WeChat Pay cash-coupon stocks agents may issue, as the brand created them. */
export function CouponStocksPanel({ canManage }: { canManage: boolean }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [invalid, setInvalid] = useState(false);
  const stocks = useQuery({
    queryKey: couponStockKeys.all,
    queryFn: () => apiFetch<{ stocks: CouponStockDto[] }>("/api/coupon-stocks").then((answer) => answer.stocks),
  });
  const { formKey, create } = useCreateForm<StockInput>("/api/coupon-stocks", couponStockKeys.all);
  const toggle = useMutation({
    mutationFn: (stock: CouponStockDto) =>
      apiFetch(`/api/coupon-stocks/${stock.id}`, { method: "PATCH", body: { active: !stock.active } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: couponStockKeys.all }),
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const amountFen = parseYuan(field(form, "amount"));
    const minimumFen = field(form, "minimum") === "" ? 0 : parseYuan(field(form, "minimum"));
    setInvalid(amountFen === null || minimumFen === null);
    if (amountFen === null || minimumFen === null) return;
    create.mutate({
      stockId: field(form, "stockId"),
      name: field(form, "name"),
      creatorMchId: field(form, "creatorMchId"),
      mchId: field(form, "mchId") || field(form, "creatorMchId"),
      appId: field(form, "appId"),
      amountFen,
      minimumFen,
      active: true,
    });
  };
  return (
    <div className="stack">
      <div className="card">
        <p className="muted small">{t("coupons.explain")}</p>
        <table className="table" data-testid="coupon-stocks">
          <thead>
            <tr>
              <th>{t("coupons.name")}</th>
              <th>{t("coupons.stockId")}</th>
              <th>{t("coupons.value")}</th>
              <th>{t("coupons.mchIds")}</th>
              <th>AppID</th>
              <th>{t("coupons.issued")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {stocks.data?.map((stock) => (
              <tr key={stock.id} className={stock.active ? undefined : "muted"}>
                <td>{stock.name}</td>
                <td>{stock.stockId}</td>
                <td>
                  {yuan(stock.amountFen)}
                  {stock.minimumFen > 0 && (
                    <span className="muted small"> {t("coupons.minimum", { amount: yuan(stock.minimumFen) })}</span>
                  )}
                </td>
                <td className="small">
                  {stock.creatorMchId}
                  {stock.mchId !== stock.creatorMchId && ` → ${stock.mchId}`}
                </td>
                <td className="small">{stock.appId}</td>
                <td>{stock.issuedCount}</td>
                <td>
                  {canManage && (
                    <button
                      type="button"
                      className="button-ghost"
                      disabled={toggle.isPending}
                      onClick={() => toggle.mutate(stock)}
                    >
                      {stock.active ? t("coupons.disable") : t("coupons.enable")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {stocks.data?.length === 0 && <p className="muted">{t("coupons.none")}</p>}
        {stocks.isError && <p className="form-error">{errorText(stocks.error)}</p>}
        {toggle.isError && <p className="form-error">{errorText(toggle.error)}</p>}
      </div>
      {canManage && (
        <form key={formKey} className="card form-grid" onSubmit={onSubmit} data-testid="add-coupon-stock-form">
          <h2>{t("coupons.add")}</h2>
          <input name="name" required maxLength={40} placeholder={t("coupons.name")} aria-label={t("coupons.name")} />
          <input name="stockId" required placeholder={t("coupons.stockId")} aria-label={t("coupons.stockId")} />
          <input
            name="creatorMchId"
            required
            placeholder={t("coupons.creatorMchId")}
            aria-label={t("coupons.creatorMchId")}
          />
          <input name="mchId" placeholder={t("coupons.issuerMchId")} aria-label={t("coupons.issuerMchId")} />
          <input name="appId" required placeholder="AppID" aria-label="AppID" />
          <input
            name="amount"
            required
            inputMode="decimal"
            placeholder={t("coupons.amount")}
            aria-label={t("coupons.amount")}
          />
          <input
            name="minimum"
            inputMode="decimal"
            placeholder={t("coupons.minimumField")}
            aria-label={t("coupons.minimumField")}
          />
          {invalid && <p className="form-error">{t("limits.invalid")}</p>}
          {create.isError && <p className="form-error">{errorText(create.error)}</p>}
          <button type="submit" className="button-primary" disabled={create.isPending}>
            {t("coupons.add")}
          </button>
        </form>
      )}
    </div>
  );
}
