// The agent sees, beside the chat, what the customer bought and whether they paid: their orders in
// the sidebar, refreshed live when WeChat Pay reports a payment.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getCustomerOrders } from "@/app/api/customers/[customerId]/orders/route";
import { db } from "../db/db";
import type { ClientToServerEvents, OrderUpdatedEvent, ServerToClientEvents } from "../realtime/events";
import { setIo } from "../realtime/io";
import { createRealtimeServer } from "../realtime/realtime-server";
import { seedConversation, seedSignedInUser, seedTeam } from "../testing/seed";
import { setupTestDatabase } from "../testing/test-database";
import { publishOrderChanged } from "./orders/customer-orders";

setupTestDatabase();

let httpServer: Server;
let realtime: Awaited<ReturnType<typeof createRealtimeServer>>;
let url: string;
beforeAll(async () => {
  httpServer = createServer();
  realtime = await createRealtimeServer(httpServer, { allowedOrigins: [] });
  setIo(realtime.io);
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await realtime.close();
  setIo(undefined);
  httpServer.closeAllConnections();
  await new Promise((resolve) => httpServer.close(resolve));
});

async function sidebarOrders(token: string, customerId: string) {
  const request = new Request("http://localhost/api/x", { headers: { cookie: `ld_session=${token}` } });
  const response = await getCustomerOrders(request, { params: Promise.resolve({ customerId }) });
  return {
    status: response.status,
    body: (await response.json()) as { orders?: { orderNo: string; status: string }[] },
  };
}

describe("the customer's orders beside the conversation", () => {
  it("lists the customer's orders newest first, with items, to an agent who can see the customer", async () => {
    const agent = await seedSignedInUser();
    const conversation = await seedConversation({ assigneeId: agent.user.id });
    const older = await db().order.create({
      data: {
        orderNo: `LD-old-${conversation.id}`,
        totalFen: 8_900,
        customerId: conversation.customerId,
        createdAt: new Date(Date.now() - 3 * 86_400_000),
        items: { create: { sku: "CUP", name: "保温杯", quantity: 1, unitPriceFen: 8_900 } },
      },
    });
    const newer = await db().order.create({
      data: { orderNo: `LD-new-${conversation.id}`, totalFen: 900, customerId: conversation.customerId },
    });
    const answer = await sidebarOrders(agent.token, conversation.customerId);
    expect(answer.status).toBe(200);
    expect(answer.body.orders?.map((order) => order.orderNo)).toEqual([newer.orderNo, older.orderNo]);
  });

  it("is NOT_FOUND for an agent outside the private team the customer's conversation is in", async () => {
    const vip = await seedTeam({ isPrivate: true });
    const conversation = await seedConversation({ teamId: vip.id });
    const outsider = await seedSignedInUser();
    expect((await sidebarOrders(outsider.token, conversation.customerId)).status).toBe(404);
  });

  it("tells the agent who has the customer's conversation open that an order changed", async () => {
    const agent = await seedSignedInUser();
    const conversation = await seedConversation({ assigneeId: agent.user.id });
    await db().conversation.update({
      where: { id: conversation.id },
      data: { activeKey: `${conversation.channelAccountId}:${conversation.customerId}` },
    });
    const order = await db().order.create({
      data: { orderNo: `LD-live-${conversation.id}`, totalFen: 100, customerId: conversation.customerId },
    });
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, {
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { origin: url, cookie: `ld_session=${agent.token}` },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      expect(await socket.emitWithAck("conversation.subscribe", { conversationId: conversation.id })).toEqual({
        ok: true,
      });
      const heard = new Promise<OrderUpdatedEvent>((resolve) => socket.once("order.updated", resolve));
      await db().order.update({ where: { id: order.id }, data: { status: "PAID", paidAt: new Date() } });
      await publishOrderChanged(order.id);
      expect(await heard).toEqual({ customerId: conversation.customerId, orderNo: order.orderNo, status: "PAID" });
    } finally {
      socket.disconnect();
    }
  });
});
