"use client";

import { useI18n } from "./i18n-provider";
import { LOCALE_COOKIE } from "./messages";

/** Switches between Chinese and English; the server renders with the cookie, so a reload applies it. */
export function LocaleSwitch() {
  const { locale, t } = useI18n();
  const onSwitch = () => {
    // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie; the server reads it to render.
    document.cookie = `${LOCALE_COOKIE}=${locale === "zh-CN" ? "en" : "zh-CN"}; Path=/; Max-Age=31536000; SameSite=Lax`;
    window.location.reload();
  };
  return (
    <button type="button" className="button-ghost" onClick={onSwitch} data-testid="locale-switch">
      {t("locale.switch")}
    </button>
  );
}
