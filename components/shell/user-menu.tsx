"use client";

import Link from "next/link";
import { useState } from "react";
import { useI18n } from "../i18n/i18n-provider";
import { apiFetch } from "../query/fetcher";

export type ShellUser = { id: string; name: string; email: string; role: "AGENT" | "SUPERVISOR" | "ADMIN" };

export function UserMenu({ user }: { user: ShellUser }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const onSignOut = async () => {
    setBusy(true);
    try {
      await apiFetch("/api/auth/sign-out", { method: "POST" });
    } finally {
      window.location.assign("/login");
    }
  };
  return (
    <div className="user-menu">
      <Link href="/account" className="user-menu-name" data-testid="current-user">
        {user.name}
        <span className="badge">{t(`role.${user.role}`)}</span>
      </Link>
      <button type="button" className="button-ghost" onClick={onSignOut} disabled={busy}>
        {t("auth.signOut")}
      </button>
    </div>
  );
}
