"use client";

import type { FormEvent } from "react";
import { useI18n } from "../i18n/i18n-provider";
import { useErrorText } from "../query/error-text";
import { userKeys } from "../query/query-keys";
import { Field } from "../ui/field";
import { PresenceBadge } from "./presence-badge";
import { useCreateForm } from "./use-create-form";
import { useTeams, useUsers } from "./user-queries";

type Role = "AGENT" | "SUPERVISOR" | "ADMIN";

function CreateUserForm({ assignableRoles }: { assignableRoles: Role[] }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const teams = useTeams();
  const { formKey, create } = useCreateForm<Record<string, unknown>>("/api/users", userKeys.all);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      name: form.get("name"),
      email: form.get("email"),
      role: form.get("role"),
      password: form.get("password"),
      capacity: Number(form.get("capacity")),
      teamIds: form.getAll("teamIds"),
    });
  };
  return (
    <form key={formKey} className="card form-grid" onSubmit={onSubmit} data-testid="create-user-form">
      <h2>{t("settings.addUser")}</h2>
      <Field label={t("settings.name")}>
        <input name="name" required maxLength={80} />
      </Field>
      <Field label={t("auth.email")}>
        <input name="email" type="email" required />
      </Field>
      <Field label={t("settings.role")}>
        <select name="role" defaultValue="AGENT">
          {assignableRoles.map((role) => (
            <option key={role} value={role}>
              {t(`role.${role}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("settings.capacity")}>
        <input name="capacity" type="number" min={0} max={100} defaultValue={5} />
      </Field>
      <Field label={t("settings.initialPassword")}>
        <input name="password" type="password" minLength={10} required autoComplete="new-password" />
      </Field>
      <fieldset className="field">
        <legend>{t("settings.teams.label")}</legend>
        {teams.data?.map((team) => (
          <label key={team.id} className="checkbox">
            <input type="checkbox" name="teamIds" value={team.id} /> {team.name}
          </label>
        ))}
      </fieldset>
      {create.isError && (
        <p className="form-error" role="alert">
          {errorText(create.error)}
        </p>
      )}
      <button type="submit" className="button-primary" disabled={create.isPending}>
        {t("settings.create")}
      </button>
    </form>
  );
}

export function UsersPanel({ canManage, assignableRoles }: { canManage: boolean; assignableRoles: Role[] }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const users = useUsers();
  return (
    <div className="stack">
      <div className="card">
        {users.isPending && <p className="muted">{t("common.loading")}</p>}
        {users.isError && <p className="form-error">{errorText(users.error)}</p>}
        {users.data && (
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th>{t("settings.name")}</th>
                <th>{t("auth.email")}</th>
                <th>{t("settings.role")}</th>
                <th>{t("settings.teams.label")}</th>
                <th>{t("settings.capacity")}</th>
                <th>{t("settings.presence")}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id} className={user.disabled ? "row-disabled" : undefined}>
                  <td>
                    {user.name} {user.disabled && <span className="badge">{t("settings.disabled")}</span>}
                  </td>
                  <td>{user.email}</td>
                  <td>{t(`role.${user.role}`)}</td>
                  <td>{user.teams.map((team) => team.name).join("、")}</td>
                  <td>{user.capacity}</td>
                  <td>
                    <PresenceBadge presence={user.presence} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {canManage && <CreateUserForm assignableRoles={assignableRoles} />}
    </div>
  );
}
