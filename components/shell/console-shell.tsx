"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import type { Permission } from "@/server/auth/permissions";
import { I18nProvider, useI18n } from "../i18n/i18n-provider";
import { LocaleSwitch } from "../i18n/locale-switch";
import type { Locale, Messages } from "../i18n/messages";
import { QueryProvider } from "../query/query-provider";
import { RealtimeProvider } from "../realtime/realtime-provider";
import { ConnectionIndicator } from "./connection-indicator";
import { NAV_ITEMS } from "./nav-items";
import { PresencePicker } from "./presence-picker";
import { type ShellUser, UserMenu } from "./user-menu";
import { ViewerProvider } from "./viewer";

type ConsoleShellProps = {
  user: ShellUser;
  /** Computed on the server from the user's role; the server enforces them again on every request. */
  permissions: Permission[];
  locale: Locale;
  messages: Messages;
  children: ReactNode;
};

function Navigation({ permissions }: { permissions: Permission[] }) {
  const { t } = useI18n();
  const pathname = usePathname();
  return (
    <nav className="nav" aria-label="LoopDesk">
      {NAV_ITEMS.filter((item) => permissions.includes(item.permission)).map((item) => (
        <Link
          key={item.href}
          href={item.href}
          className={pathname.startsWith(item.href) ? "nav-item nav-item-active" : "nav-item"}
        >
          <item.icon aria-hidden className="nav-icon" size={18} />
          {t(item.label)}
        </Link>
      ))}
    </nav>
  );
}

export function ConsoleShell({ user, permissions, locale, messages, children }: ConsoleShellProps) {
  return (
    <I18nProvider locale={locale} messages={messages}>
      <ViewerProvider viewer={{ user, permissions }}>
        <QueryProvider>
          <RealtimeProvider>
            <div className="shell">
              <aside className="sidebar">
                <div className="brand">
                  <span className="brand-mark">◎</span> LoopDesk
                </div>
                <Navigation permissions={permissions} />
              </aside>
              <div className="main">
                <header className="topbar">
                  <ConnectionIndicator />
                  <div className="topbar-end">
                    <PresencePicker />
                    <LocaleSwitch />
                    <UserMenu user={user} />
                  </div>
                </header>
                <main className="content">{children}</main>
              </div>
            </div>
          </RealtimeProvider>
        </QueryProvider>
      </ViewerProvider>
    </I18nProvider>
  );
}
