// GET /api/anomaly-rules – every detection rule with its settings (supervisors, admins)
import { listRuleSettings } from "@/server/anomalies/manage-rule-settings";
import { withUser } from "@/server/http/route";

export const GET = withUser("settings.view", async () => Response.json({ rules: await listRuleSettings() }));
