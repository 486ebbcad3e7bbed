// Any other /api/* path – a JSON 404 rather than the console's HTML page
import { AppError } from "@/server/errors";
import { errorResponse } from "@/server/http/route";

const notFound = async () => errorResponse(new AppError("NOT_FOUND", "接口不存在 / No such API route"));

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
