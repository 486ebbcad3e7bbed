// POST /api/v1/products – one product or up to 500, upserted by sku (API key with products:write)
import { upsertProducts, upsertProductsSchema } from "@/server/commerce/products/upsert-products";
import { readJson } from "@/server/http/read-json";
import { withApiKey } from "@/server/http/route";

export const POST = withApiKey("products:write", async (req, { caller, ip, bodyLimitBytes }) => {
  const products = await readJson(req, upsertProductsSchema, bodyLimitBytes);
  return Response.json({ products: await upsertProducts(caller, products, ip) });
});
