"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import type { CreateMerchantInput, PayMerchantDto } from "@/server/payments/merchants/manage-merchants";
import { useI18n } from "../i18n/i18n-provider";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { payMerchantKeys } from "../query/query-keys";
import { useCreateForm } from "./use-create-form";

const text = (form: FormData, name: string) => {
  const value = String(form.get(name) ?? "").trim();
  return value === "" ? undefined : value;
};

/** Settings → 支付商户: WeChat Pay merchants; keys go in once and never come back out. */
export function PayMerchantsPanel({ canManage }: { canManage: boolean }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const merchants = useQuery({
    queryKey: payMerchantKeys.all,
    queryFn: () => apiFetch<{ merchants: PayMerchantDto[] }>("/api/pay-merchants").then((answer) => answer.merchants),
  });
  const { formKey, create } = useCreateForm<CreateMerchantInput>("/api/pay-merchants", payMerchantKeys.all);
  const toggle = useMutation({
    mutationFn: (merchant: PayMerchantDto) =>
      apiFetch(`/api/pay-merchants/${merchant.id}`, { method: "PATCH", body: { enabled: !merchant.enabled } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: payMerchantKeys.all }),
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      name: text(form, "name") ?? "",
      mchId: text(form, "mchId") ?? "",
      appId: text(form, "appId") ?? "",
      apiV3Key: text(form, "apiV3Key") ?? "",
      publicKeyId: text(form, "publicKeyId"),
      publicKeyPem: text(form, "publicKeyPem"),
      platformCerts: text(form, "platformCerts"),
      privateKeyPem: text(form, "privateKeyPem"),
      certSerial: text(form, "certSerial"),
    });
  };
  return (
    <div className="stack">
      <div className="card">
        <table className="table" data-testid="pay-merchants">
          <thead>
            <tr>
              <th>{t("merchants.name")}</th>
              <th>{t("merchants.mchId")}</th>
              <th>AppID</th>
              <th>{t("merchants.serials")}</th>
              <th>{t("merchants.notifyUrl")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {merchants.data?.map((merchant) => (
              <tr key={merchant.id}>
                <td>
                  {merchant.name}
                  {merchant.fromEnv && <span className="badge">{t("merchants.fromEnv")}</span>}
                </td>
                <td>{merchant.mchId}</td>
                <td>{merchant.appId}</td>
                <td className="small">
                  {merchant.serials.join(", ")}
                  {!merchant.canRefund && <div className="muted">{t("merchants.noRefunds")}</div>}
                </td>
                <td>
                  <code className="small">{merchant.notifyPath}</code>
                </td>
                <td>
                  {canManage && !merchant.fromEnv && (
                    <button
                      type="button"
                      className="button-ghost"
                      disabled={toggle.isPending}
                      onClick={() => toggle.mutate(merchant)}
                    >
                      {merchant.enabled ? t("merchants.disable") : t("merchants.enable")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {merchants.data?.length === 0 && <p className="muted">{t("merchants.none")}</p>}
        {merchants.isError && <p className="form-error">{errorText(merchants.error)}</p>}
        {toggle.isError && <p className="form-error">{errorText(toggle.error)}</p>}
      </div>
      {canManage && (
        <form key={formKey} className="card form-grid" onSubmit={onSubmit} data-testid="add-pay-merchant-form">
          <h2>{t("merchants.add")}</h2>
          <p className="muted small">{t("merchants.explain")}</p>
          <input
            name="name"
            required
            maxLength={60}
            placeholder={t("merchants.name")}
            aria-label={t("merchants.name")}
          />
          <input name="mchId" required placeholder={t("merchants.mchId")} aria-label={t("merchants.mchId")} />
          <input name="appId" required placeholder="AppID" aria-label="AppID" />
          <input
            name="apiV3Key"
            type="password"
            required
            autoComplete="off"
            placeholder={t("merchants.apiV3Key")}
            aria-label={t("merchants.apiV3Key")}
          />
          <input name="publicKeyId" placeholder="PUB_KEY_ID_…" aria-label={t("merchants.publicKeyId")} />
          <textarea
            name="publicKeyPem"
            rows={3}
            placeholder={t("merchants.publicKey")}
            aria-label={t("merchants.publicKey")}
          />
          <textarea
            name="platformCerts"
            rows={3}
            placeholder={t("merchants.platformCerts")}
            aria-label={t("merchants.platformCerts")}
          />
          <textarea
            name="privateKeyPem"
            rows={3}
            autoComplete="off"
            placeholder={t("merchants.privateKey")}
            aria-label={t("merchants.privateKey")}
          />
          <input name="certSerial" placeholder={t("merchants.certSerial")} aria-label={t("merchants.certSerial")} />
          {create.isError && <p className="form-error">{errorText(create.error)}</p>}
          <button type="submit" className="button-primary" disabled={create.isPending}>
            {t("settings.create")}
          </button>
        </form>
      )}
    </div>
  );
}
