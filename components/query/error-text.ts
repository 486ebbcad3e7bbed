"use client";

import { useCallback } from "react";
import { useI18n } from "../i18n/i18n-provider";
import { isMessageKey, type MessageKey } from "../i18n/messages";
import { ApiError } from "./fetcher";

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/**
 * What to tell the user about a failed call, in their language: the server's message key, else the
 * text for the error's code, else the server's own (English) text.
 */
export function describeError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t("common.error");
  if (error.key && isMessageKey(error.key)) return t(error.key, error.values);
  const byCode = `error.code.${error.code}`;
  if (isMessageKey(byCode)) return t(byCode);
  return error.message;
}

export function useErrorText(): (error: unknown) => string {
  const { t } = useI18n();
  return useCallback((error: unknown) => describeError(error, t), [t]);
}
