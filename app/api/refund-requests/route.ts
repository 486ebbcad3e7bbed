// GET /api/refund-requests?status=PENDING – refunds over an agent's limit (supervisors, admins)
import { withUser } from "@/server/http/route";
import { listRefundRequests, listRefundRequestsSchema } from "@/server/payments/refunds/list-refund-requests";

export const GET = withUser("refunds.approve", async (req) => {
  const input = listRefundRequestsSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ requests: await listRefundRequests(input) });
});
