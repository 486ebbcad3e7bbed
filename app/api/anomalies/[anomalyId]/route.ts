// GET /api/anomalies/:id – one anomaly; PATCH {action: claim | assign | snooze | resolve, …} – work it
import { getAnomaly } from "@/server/anomalies/queue/list-anomalies";
import { workAnomaly, workAnomalySchema } from "@/server/anomalies/queue/work-anomaly";
import { AppError, localized } from "@/server/errors";
import { readJson } from "@/server/http/read-json";
import { param, withUser } from "@/server/http/route";

export const GET = withUser("console.use", async (_req, context) => {
  const anomaly = await getAnomaly(context.user, param(context, "anomalyId"));
  if (!anomaly) throw new AppError("NOT_FOUND", localized("error.anomalyNotFound"));
  return Response.json({ anomaly });
});

export const PATCH = withUser("console.use", async (req, context) => {
  const input = await readJson(req, workAnomalySchema, context.bodyLimitBytes);
  return Response.json({ anomaly: await workAnomaly(context.user, param(context, "anomalyId"), input, context.ip) });
});
