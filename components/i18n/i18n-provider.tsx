"use client";

import { createContext, type ReactNode, useCallback, useContext } from "react";
import { format, type Locale, type MessageKey, type Messages } from "./messages";

type I18nValue = { locale: Locale; t: (key: MessageKey, values?: Record<string, string | number>) => string };

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({
  locale,
  messages,
  children,
}: {
  locale: Locale;
  messages: Messages;
  children: ReactNode;
}) {
  const t = useCallback(
    (key: MessageKey, values?: Record<string, string | number>) => format(messages[key], values),
    [messages],
  );
  return <I18nContext.Provider value={{ locale, t }}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
