"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import type { ApiKeyDto, ApiScope } from "@/server/api-keys/api-keys";
import { useI18n } from "../i18n/i18n-provider";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { apiKeyKeys } from "../query/query-keys";
import { SecretShownOnce } from "./secret-shown-once";
import { useCreateForm } from "./use-create-form";

const SCOPES = [
  "orders:write",
  "orders:read",
  "products:write",
  "webhooks:write",
] as const satisfies readonly ApiScope[];

/** Settings → API 密钥 (admins): keys for the shop's open API. A new key is shown once, here. */
export function ApiKeysPanel() {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const keys = useQuery({
    queryKey: apiKeyKeys.list(),
    queryFn: () => apiFetch<{ apiKeys: ApiKeyDto[] }>("/api/api-keys").then((answer) => answer.apiKeys),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all });
  // The new key is what the server answered: shown until the admin says it is saved.
  const { formKey, create } = useCreateForm<{ name: string; scopes: ApiScope[] }, ApiKeyDto & { key: string }>(
    "/api/api-keys",
    apiKeyKeys.all,
  );
  const shown = create.data;
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/api-keys/${id}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      name: String(form.get("name") ?? ""),
      scopes: SCOPES.filter((scope) => form.get(scope) === "on"),
    });
  };
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale) : t("apiKeys.never"));
  return (
    <div className="stack">
      {shown && (
        <SecretShownOnce
          testId="api-key-shown"
          explanation={t("apiKeys.shownOnce", { name: shown.name })}
          secret={shown.key}
          onDismiss={() => create.reset()}
        />
      )}
      <div className="card">
        <table className="table" data-testid="api-keys-table">
          <thead>
            <tr>
              <th>{t("apiKeys.name")}</th>
              <th>{t("apiKeys.key")}</th>
              <th>{t("apiKeys.scopes")}</th>
              <th>{t("apiKeys.lastUsed")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.data?.map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{key.scopes.join(", ")}</td>
                <td>{when(key.lastUsedAt)}</td>
                <td>
                  {key.revokedAt ? (
                    <span className="badge">{t("apiKeys.revoked")}</span>
                  ) : (
                    <button
                      type="button"
                      className="button-ghost"
                      disabled={revoke.isPending}
                      onClick={() => revoke.mutate(key.id)}
                    >
                      {t("apiKeys.revoke")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {keys.isError && <p className="form-error">{errorText(keys.error)}</p>}
        {revoke.isError && <p className="form-error">{errorText(revoke.error)}</p>}
      </div>
      <form key={formKey} className="card form-inline" onSubmit={onSubmit} data-testid="add-api-key-form">
        <h2>{t("apiKeys.add")}</h2>
        <input name="name" required maxLength={60} placeholder={t("apiKeys.name")} aria-label={t("apiKeys.name")} />
        {SCOPES.map((scope) => (
          <label key={scope} className="checkbox">
            <input type="checkbox" name={scope} defaultChecked={scope === "orders:write" || scope === "orders:read"} />{" "}
            {scope}
          </label>
        ))}
        {create.isError && <p className="form-error">{errorText(create.error)}</p>}
        <button type="submit" className="button-primary" disabled={create.isPending}>
          {t("settings.create")}
        </button>
      </form>
    </div>
  );
}
