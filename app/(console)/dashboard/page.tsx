import { AgentLoadPanel } from "@/components/settings/agent-load-panel";
import { requirePageUser } from "@/server/auth/get-page-user";

export default async function DashboardPage() {
  await requirePageUser("dashboard.view");
  return <AgentLoadPanel />;
}
