"use client";
// Settings → Teams: which team takes each intent's conversations (server/routing/intent-routes.ts).

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useI18n } from "../i18n/i18n-provider";
import type { MessageKey } from "../i18n/messages";
import { useErrorText } from "../query/error-text";
import { apiFetch } from "../query/fetcher";
import { teamKeys } from "../query/query-keys";
import { useTeams } from "./user-queries";

const routesKey = [...teamKeys.all, "intent-routes"] as const;

export function IntentRoutesCard({ canManage }: { canManage: boolean }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const teams = useTeams();
  const routes = useQuery({
    queryKey: routesKey,
    queryFn: () => apiFetch<{ intents: string[]; routes: Record<string, string> }>("/api/intent-routes"),
  });
  const save = useMutation({
    mutationFn: (next: Record<string, string | null>) =>
      apiFetch("/api/intent-routes", { method: "PUT", body: { routes: next } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: routesKey }),
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const intents = routes.data?.intents ?? [];
    save.mutate(Object.fromEntries(intents.map((intent) => [intent, String(form.get(intent) ?? "") || null])));
  };
  if (!routes.data || !teams.data) return null;
  return (
    <form className="card stack" onSubmit={onSubmit} data-testid="intent-routes" onChange={() => save.reset()}>
      <h2>{t("settings.intentRoutes")}</h2>
      <p className="muted small">{t("settings.intentRoutesHint")}</p>
      <div className="form-grid">
        {routes.data.intents.map((intent) => (
          <label key={intent} className="field">
            <span>{t(`intent.${intent}` as MessageKey)}</span>
            <select name={intent} defaultValue={routes.data.routes[intent] ?? ""} disabled={!canManage}>
              <option value="">{t("settings.intentRouteNone")}</option>
              {teams.data.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      {save.isError && <p className="form-error">{errorText(save.error)}</p>}
      {canManage && (
        <button type="submit" className="button-ghost" disabled={save.isPending}>
          {save.isSuccess ? t("settings.saved") : t("settings.save")}
        </button>
      )}
    </form>
  );
}
