import type { ReactNode } from "react";
import { getRequestLocale } from "@/components/i18n/get-request-locale";
import { getMessages } from "@/components/i18n/messages";
import { ConsoleShell } from "@/components/shell/console-shell";
import { requirePageUser } from "@/server/auth/get-page-user";
import { permissionsOf } from "@/server/auth/permissions";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const locale = await getRequestLocale();
  return (
    <ConsoleShell
      user={{ id: user.id, name: user.name, email: user.email, role: user.role }}
      permissions={permissionsOf(user.role)}
      locale={locale}
      messages={getMessages(locale)}
    >
      {children}
    </ConsoleShell>
  );
}
