// POST /api/anomaly-scans {full?} – a pass now (Settings' "scan everything now"; the bench times it):
// {ran, full, opened, resolved, ms}; ran is false when another instance's pass holds the scanner
import { z } from "zod";
import { scanAnomalies } from "@/server/anomalies/scan-anomalies";
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";

const scanSchema = z.object({ full: z.boolean().default(false) });

export const POST = withUser("anomaly_rules.manage", async (req, context) => {
  const { full } = await readJson(req, scanSchema, context.bodyLimitBytes);
  const began = performance.now();
  const pass = await scanAnomalies(new Date(), { force: true, full });
  return Response.json({ ...pass, ms: Math.round(performance.now() - began) });
});
