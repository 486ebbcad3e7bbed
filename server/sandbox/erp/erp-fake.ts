// The brand's ERP in the sandbox: receives LoopDesk's outbound webhooks at /erp/webhooks, checks
// X-LoopDesk-Signature with the subscription's secret (a bad one answers 401, as a careful receiver
// would), keeps each event once by its id, and logs what it heard. `failNext` answers 503 that many
// times, to watch the retries.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createLogger } from "../../logger";
import { SIGNATURE_HEADER, verifyDeliverySignature } from "../../webhooks/signature";

const log = createLogger("sandbox-erp");

export type ErpEvent = { id: string; type: string; createdAt: string; data: Record<string, unknown>; attempts: number };

export class ErpFake {
  /** The subscription's signing secret, told to the ERP when the subscription is made. */
  secret: string | null = null;
  failNext = 0;
  readonly events = new Map<string, ErpEvent>();

  async handle(path: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (path !== "/webhooks" || req.method !== "POST") return false;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const signature = req.headers[SIGNATURE_HEADER];
    if (
      !this.secret ||
      !verifyDeliverySignature(this.secret, body, typeof signature === "string" ? signature : undefined)
    ) {
      res.writeHead(401).end();
      return true;
    }
    if (this.failNext > 0) {
      this.failNext -= 1;
      res.writeHead(503).end();
      return true;
    }
    const event = JSON.parse(body) as Omit<ErpEvent, "attempts">;
    const known = this.events.get(event.id);
    if (known) known.attempts += 1;
    else {
      this.events.set(event.id, { ...event, attempts: 1 });
      log.info({ type: event.type, id: event.id }, "ERP received");
    }
    res.writeHead(204).end();
    return true;
  }
}
