import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, toErrorResponse } from "./errors";

describe("error responses", () => {
  it("maps domain codes to statuses and keeps developer detail out of the body", () => {
    const response = toErrorResponse(new AppError("FORBIDDEN", "不允许", { meta: { secret: "x" } }));
    expect(response.status).toBe(403);
    expect(JSON.stringify(response.body)).not.toContain("secret");
  });

  it("turns validation failures into 422 with the paths", () => {
    const result = z.object({ email: z.email() }).safeParse({ email: "nope" });
    const response = toErrorResponse(result.error);
    expect(response.status).toBe(422);
    expect(response.body.error.issues?.[0]?.path).toBe("email");
  });

  it("hides unexpected errors behind a generic 500", () => {
    const response = toErrorResponse(new Error("connection string postgres://u:p@h"));
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain("postgres://");
  });
});
