"use client";

import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useI18n } from "../i18n/i18n-provider";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { Field } from "../ui/field";

export function ChangePasswordForm() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      apiFetch<{ endedSessions: number }>("/api/auth/password", { method: "POST", body }),
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    change.mutate(
      { currentPassword: String(form.get("currentPassword")), newPassword: String(form.get("newPassword")) },
      { onSuccess: () => (event.target as HTMLFormElement).reset() },
    );
  };
  return (
    <section className="page">
      <h1>{t("account.title")}</h1>
      <form className="card form-grid narrow" onSubmit={onSubmit}>
        <h2>{t("account.changePassword")}</h2>
        <Field label={t("account.currentPassword")}>
          <input name="currentPassword" type="password" required autoComplete="current-password" />
        </Field>
        <Field label={t("account.newPassword")}>
          <input name="newPassword" type="password" minLength={10} required autoComplete="new-password" />
        </Field>
        {change.isError && (
          <p className="form-error" role="alert">
            {errorText(change.error)}
          </p>
        )}
        {change.isSuccess && (
          <p className="notice" role="status">
            {t("account.passwordChanged", { count: change.data.endedSessions })}
          </p>
        )}
        <button type="submit" className="button-primary" disabled={change.isPending}>
          {t("account.save")}
        </button>
      </form>
    </section>
  );
}
