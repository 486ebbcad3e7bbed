import { ChartColumn, type LucideIcon, MessageSquare, Package, Settings, TriangleAlert, Users } from "lucide-react";
import type { Permission } from "@/server/auth/permissions";
import type { MessageKey } from "../i18n/messages";

export type NavItem = { href: string; label: MessageKey; icon: LucideIcon; permission: Permission };

export const NAV_ITEMS: NavItem[] = [
  { href: "/inbox", label: "nav.inbox", icon: MessageSquare, permission: "console.use" },
  { href: "/anomalies", label: "nav.anomalies", icon: TriangleAlert, permission: "console.use" },
  { href: "/customers", label: "nav.customers", icon: Users, permission: "console.use" },
  { href: "/orders", label: "nav.orders", icon: Package, permission: "console.use" },
  { href: "/dashboard", label: "nav.dashboard", icon: ChartColumn, permission: "dashboard.view" },
  { href: "/settings", label: "nav.settings", icon: Settings, permission: "settings.view" },
];
