import { describe, expect, it } from "vitest";
import { ZodError, z } from "zod";
import { AppError } from "../errors";
import { readJson } from "./read-json";

const schema = z.object({ name: z.string() });

function streamed(chunks: string[]): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
  return new Request("http://x/api", { method: "POST", body, duplex: "half" } as RequestInit);
}

describe("reading JSON bodies", () => {
  it("parses and validates a body", async () => {
    await expect(readJson(streamed(['{"name":', '"李"}']), schema, 1024)).resolves.toEqual({ name: "李" });
  });

  it("cuts off a chunked body that grows past the limit", async () => {
    const error = await readJson(streamed(["[", "1,".repeat(600), "1]"]), schema, 1024).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers malformed JSON with INVALID_JSON and a wrong shape with a ZodError", async () => {
    const bad = await readJson(streamed(["{nope"]), schema, 1024).catch((e) => e);
    expect(bad.code).toBe("INVALID_JSON");
    const wrong = await readJson(streamed(['{"name":1}']), schema, 1024).catch((e) => e);
    expect(wrong).toBeInstanceOf(ZodError);
  });
});
