// GET /api/search?q= – messages (Chinese full text) and customers this user may see
import { withUser } from "@/server/http/route";
import { search, searchSchema } from "@/server/search/search";

export const GET = withUser("console.use", async (req, { user }) => {
  const input = searchSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json(await search(user, input));
});
