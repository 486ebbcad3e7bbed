// GET /api/health – liveness and database reachability, for deploys, load balancers and tests
import { getHealth } from "@/server/health/get-health";
import { withRoute } from "@/server/http/route";

export const dynamic = "force-dynamic";

export const GET = withRoute(async () => {
  const health = await getHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
});
