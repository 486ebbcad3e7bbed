"use client";

import { useI18n } from "../i18n/i18n-provider";
import { useErrorText } from "../query/error-text";
import { PresenceBadge } from "./presence-badge";
import { useUsers } from "./user-queries";

/** Live agent presence for supervisors; updates arrive as agent.presence_changed events. */
export function AgentLoadPanel() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const users = useUsers();
  return (
    <section className="page">
      <h1>{t("dashboard.title")}</h1>
      <div className="card">
        <h2>{t("dashboard.agentLoad")}</h2>
        {users.isPending && <p className="muted">{t("common.loading")}</p>}
        {users.isError && <p className="form-error">{errorText(users.error)}</p>}
        <ul className="agent-list" data-testid="agent-load">
          {users.data
            ?.filter((user) => !user.disabled)
            .map((user) => (
              <li key={user.id} data-testid={`agent-${user.email}`}>
                <span>{user.name}</span>
                <span className="muted">{t(`role.${user.role}`)}</span>
                <PresenceBadge presence={user.presence} />
              </li>
            ))}
        </ul>
      </div>
      <p className="muted">{t("dashboard.metricsPlanned")}</p>
    </section>
  );
}
