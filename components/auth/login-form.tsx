"use client";

import { type FormEvent, useState } from "react";
import { useI18n } from "../i18n/i18n-provider";
import { LocaleSwitch } from "../i18n/locale-switch";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { Field } from "../ui/field";

export function LoginForm({ sessionEnded }: { sessionEnded: boolean }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      await apiFetch("/api/auth/sign-in", {
        method: "POST",
        body: { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") },
      });
      window.location.assign("/inbox");
    } catch (caught) {
      setError(errorText(caught));
      setPending(false);
    }
  };

  return (
    <div className="login-page">
      <form className="login-card" onSubmit={onSubmit}>
        <div className="login-header">
          <div className="brand">
            <span className="brand-mark">◎</span> LoopDesk
          </div>
          <LocaleSwitch />
        </div>
        <p className="muted">{t("app.tagline")}</p>
        <h1>{t("auth.title")}</h1>
        {sessionEnded && <p className="notice">{t("auth.sessionEnded")}</p>}
        <Field label={t("auth.email")}>
          <input name="email" type="email" autoComplete="username" required />
        </Field>
        <Field label={t("auth.password")}>
          <input name="password" type="password" autoComplete="current-password" required />
        </Field>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? t("auth.submitting") : t("auth.submit")}
        </button>
      </form>
    </div>
  );
}
