import { SettingsScreen } from "@/components/settings/settings-screen";
import { requirePageUser } from "@/server/auth/get-page-user";
import { can } from "@/server/auth/permissions";

export default async function SettingsPage() {
  const user = await requirePageUser("settings.view");
  return (
    <SettingsScreen
      canManageUsers={can(user.role, "users.manage")}
      canManageTeams={can(user.role, "teams.manage")}
      canManageChannels={can(user.role, "channels.manage")}
      canManageApiKeys={can(user.role, "api_keys.manage")}
      canManageRemedyLimits={can(user.role, "remedy_limits.manage")}
      canManageCouponStocks={can(user.role, "coupon_stocks.manage")}
      canManagePayMerchants={can(user.role, "pay_merchants.manage")}
      canManageAnomalyRules={can(user.role, "anomaly_rules.manage")}
      canManageWebhooks={can(user.role, "webhooks.manage")}
      canManageKnowledge={can(user.role, "knowledge.manage")}
      assignableRoles={can(user.role, "roles.manage") ? ["AGENT", "SUPERVISOR", "ADMIN"] : ["AGENT"]}
    />
  );
}
