// PUT /api/anomaly-rules/:type {enabled?, severity?, thresholdHours?, carrierHours?} (supervisors, admins)
import { z } from "zod";
import { updateRuleSetting } from "@/server/anomalies/manage-rule-settings";
import { RULE_DEFAULTS, ruleSettingsInputSchema } from "@/server/anomalies/rule-settings";
import type { AnomalyType } from "@/server/generated/prisma/enums";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";

const typeSchema = z.enum(Object.keys(RULE_DEFAULTS) as [AnomalyType, ...AnomalyType[]]);

export const PUT = withUser("anomaly_rules.manage", async (req, context) => {
  const type = typeSchema.parse(param(context, "type"));
  const input = await readJson(req, ruleSettingsInputSchema, context.bodyLimitBytes);
  return Response.json({ rule: await updateRuleSetting(context.user, type, input, context.ip) });
});
