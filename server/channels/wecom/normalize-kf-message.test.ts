import { describe, expect, it } from "vitest";
import { type KfItem, kfItemSchema, normalizeKfItem } from "./normalize-kf-message";

const item = (fields: Record<string, unknown>): KfItem =>
  kfItemSchema.parse({
    msgid: "m1",
    open_kfid: "wk1",
    send_time: 1700000000,
    origin: 3,
    external_userid: "wm1",
    ...fields,
  });

describe("WeCom kf sync_msg items", () => {
  it("turns a customer's messages into content, with a 48-hour window", () => {
    const text = normalizeKfItem(item({ msgtype: "text", text: { content: "我的快递到哪了？" } }));
    expect(text).toMatchObject({
      kind: "message",
      message: {
        externalUserId: "wm1",
        externalMsgId: "m1",
        content: { type: "TEXT", text: "我的快递到哪了？" },
        window: { kind: "MESSAGE" },
      },
    });
    expect(normalizeKfItem(item({ msgtype: "text", text: { content: "查物流", menu_id: "101" } }))).toMatchObject({
      message: { content: { type: "MENU", menuId: "101", text: "查物流" } },
    });
    expect(
      normalizeKfItem(item({ msgtype: "location", location: { latitude: 23.1, longitude: 113.3, name: "广州" } })),
    ).toMatchObject({
      message: { content: { type: "LOCATION", latitude: 23.1, longitude: 113.3 } },
    });
    expect(normalizeKfItem(item({ msgtype: "channels_shop_product", channels_shop_product: {} }))).toMatchObject({
      message: { content: { type: "EVENT", event: "channels_shop_product" } },
    });
  });

  it("keeps what a servicer wrote in the WeCom app apart from the customer's messages", () => {
    expect(
      normalizeKfItem(item({ origin: 5, servicer_userid: "zhangsan", msgtype: "text", text: { content: "您好" } })),
    ).toMatchObject({ kind: "servicer_message", servicerUserId: "zhangsan", content: { type: "TEXT", text: "您好" } });
  });

  it("reads events from inside `event`: entering the session, recalls, failed sends, session changes", () => {
    const event = (fields: Record<string, unknown>) =>
      normalizeKfItem(item({ origin: 4, external_userid: undefined, msgtype: "event", event: fields }));
    expect(event({ event_type: "enter_session", external_userid: "wm2", scene: "goods" })).toMatchObject({
      message: {
        externalUserId: "wm2",
        content: { type: "EVENT", event: "entered_session", detail: "goods" },
        window: null,
      },
    });
    expect(event({ event_type: "user_recall_msg", external_userid: "wm2", recall_msgid: "m0" })).toMatchObject({
      message: { content: { event: "recalled", detail: "m0" } },
    });
    expect(event({ event_type: "msg_send_fail", fail_msgid: "ld123", fail_type: 6 })).toEqual({
      kind: "send_failed",
      failedMsgId: "ld123",
      reason: expect.stringContaining("5"),
    });
    expect(event({ event_type: "session_status_change", external_userid: "wm2", change_type: 3 })).toMatchObject({
      kind: "session_changed",
      changeType: 3,
    });
    expect(event({ event_type: "servicer_status_change", servicer_userid: "s1", status: 2 }).kind).toBe("ignored");
  });

  it("refuses items without an id or with a malformed body", () => {
    expect(kfItemSchema.safeParse({ open_kfid: "wk1", send_time: 1, origin: 3, msgtype: "text" }).success).toBe(false);
    expect(() => normalizeKfItem(item({ msgtype: "text", text: { content: 42 } }))).toThrow();
  });
});
