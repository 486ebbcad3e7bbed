"use client";

import type { FormEvent } from "react";
import { useI18n } from "../i18n/i18n-provider";
import { useErrorText } from "../query/error-text";
import { teamKeys } from "../query/query-keys";
import { IntentRoutesCard } from "./intent-routes-card";
import { useCreateForm } from "./use-create-form";
import { useTeams } from "./user-queries";

export function TeamsPanel({ canManage }: { canManage: boolean }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const teams = useTeams();
  const { formKey, create } = useCreateForm<{ name: string; isPrivate: boolean }>("/api/teams", teamKeys.all);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ name: String(form.get("name") ?? ""), isPrivate: form.get("isPrivate") === "on" });
  };
  return (
    <div className="stack">
      <div className="card">
        <table className="table">
          <thead>
            <tr>
              <th>{t("settings.teamName")}</th>
              <th>{t("settings.members")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {teams.data?.map((team) => (
              <tr key={team.id}>
                <td>{team.name}</td>
                <td>{team.memberCount}</td>
                <td>{team.isPrivate && <span className="badge">{t("settings.private")}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <IntentRoutesCard canManage={canManage} />
      {canManage && (
        <form key={formKey} className="card form-inline" onSubmit={onSubmit}>
          <h2>{t("settings.addTeam")}</h2>
          <input name="name" required maxLength={60} placeholder={t("settings.teamName")} />
          <label className="checkbox">
            <input type="checkbox" name="isPrivate" /> {t("settings.private")}
          </label>
          {create.isError && <p className="form-error">{errorText(create.error)}</p>}
          <button type="submit" className="button-primary" disabled={create.isPending}>
            {t("settings.create")}
          </button>
        </form>
      )}
    </div>
  );
}
