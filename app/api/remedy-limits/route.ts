// GET /api/remedy-limits – each role's remedy caps (supervisors, admins)
// PUT /api/remedy-limits {limits: [{role, perRemedyFen, maxOrderSharePct, perDayFen, brandPerDayFen}]} – change them (admins)
import { readJson } from "@/server/http/read-json";
import { withUser } from "@/server/http/route";
import { getRemedyLimits, remedyLimitsSchema, setRemedyLimits } from "@/server/remedies/remedy-limits";

export const GET = withUser("settings.view", async () => Response.json({ limits: await getRemedyLimits() }));

export const PUT = withUser("remedy_limits.manage", async (req, { user, ip, bodyLimitBytes }) => {
  const input = await readJson(req, remedyLimitsSchema, bodyLimitBytes);
  return Response.json({ limits: await setRemedyLimits(user, input, ip) });
});
