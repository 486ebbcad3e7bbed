// GET /api/anomalies?status=&type=&severity=&carrier=&minAgeHours=&assignee=&customerId=&sort=&after=&limit=
// – the anomaly queue, with the open ones counted per type (console users; agents see their customers')
import { listAnomalies, listAnomaliesSchema } from "@/server/anomalies/queue/list-anomalies";
import { withUser } from "@/server/http/route";

export const GET = withUser("console.use", async (req, { user }) => {
  const input = listAnomaliesSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await listAnomalies(user, input));
});
