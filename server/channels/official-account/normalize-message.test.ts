import { describe, expect, it } from "vitest";
import { normalizeWechatPush, pushDedupeKey, wechatPushSchema } from "./normalize-message";
import { parseWechatPayload } from "./parse-payload";

const base = { ToUserName: "gh_1", FromUserName: "oUser1", CreateTime: "1700000000" };
const normalize = (fields: Record<string, string>, kind: "OFFICIAL_ACCOUNT" | "MINI_PROGRAM" = "OFFICIAL_ACCOUNT") =>
  normalizeWechatPush(wechatPushSchema.parse({ ...base, ...fields }), { channelAccountId: "ch1", kind });

describe("Official Account and mini-program pushes", () => {
  it("turns each message type into channel-agnostic content", () => {
    expect(normalize({ MsgType: "text", Content: "<script>alert(1)</script>", MsgId: "1" })?.content).toEqual({
      type: "TEXT",
      text: "<script>alert(1)</script>",
    });
    expect(normalize({ MsgType: "image", MediaId: "m1", PicUrl: "http://mmbiz/x", MsgId: "2" })?.content.type).toBe(
      "IMAGE",
    );
    expect(
      normalize({ MsgType: "voice", MediaId: "m2", Format: "amr", Recognition: "你好", MsgId: "3" })?.content,
    ).toMatchObject({
      recognition: "你好",
    });
    expect(
      normalize({ MsgType: "location", Location_X: "23.134", Location_Y: "113.358", Label: "广州", MsgId: "4" })
        ?.content,
    ).toEqual({ type: "LOCATION", latitude: 23.134, longitude: 113.358, name: "广州" });
    expect(normalize({ MsgType: "link", Title: "t", Url: "https://x", MsgId: "5" })?.content.type).toBe("LINK");
    const message = normalize({ MsgType: "text", Content: "hi", MsgId: "6" });
    expect(message?.sentAt.toISOString()).toBe("2023-11-14T22:13:20.000Z");
    expect(message?.window).toEqual({ kind: "MESSAGE" });
  });

  it("turns events into timeline entries with the windows WeChat grants, and drops silent ones", () => {
    expect(normalize({ MsgType: "event", Event: "subscribe" })).toMatchObject({
      content: { type: "EVENT", event: "subscribed" },
      window: { kind: "EVENT", quota: 3 },
    });
    expect(normalize({ MsgType: "event", Event: "CLICK", EventKey: "ORDER_STATUS" })?.content).toEqual({
      type: "MENU",
      menuId: "ORDER_STATUS",
      text: "ORDER_STATUS",
    });
    expect(normalize({ MsgType: "event", Event: "unsubscribe" })?.window).toEqual({ kind: "CLOSE" });
    expect(
      normalize({ MsgType: "event", Event: "user_enter_tempsession", SessionFrom: "goods" }, "MINI_PROGRAM")?.window,
    ).toEqual({
      kind: "EVENT",
      quota: 2,
    });
    expect(normalize({ MsgType: "event", Event: "LOCATION", Latitude: "1" })).toBeNull();
    expect(normalize({ MsgType: "event", Event: "TEMPLATESENDJOBFINISH" })).toBeNull();
  });

  it("dedupes messages by MsgId and events by sender and time", () => {
    expect(pushDedupeKey(wechatPushSchema.parse({ ...base, MsgType: "text", Content: "a", MsgId: "99" }))).toBe("99");
    expect(pushDedupeKey(wechatPushSchema.parse({ ...base, MsgType: "event", Event: "subscribe" }))).toBe(
      "oUser1:1700000000:subscribe",
    );
  });

  it("refuses pushes without a sender, with a bad time, or of a kind it does not know", () => {
    expect(
      wechatPushSchema.safeParse({ ...base, FromUserName: "", MsgType: "text", Content: "a", MsgId: "1" }).success,
    ).toBe(false);
    expect(
      wechatPushSchema.safeParse({ ...base, CreateTime: "yesterday", MsgType: "text", Content: "a", MsgId: "1" })
        .success,
    ).toBe(false);
    expect(wechatPushSchema.safeParse({ ...base, MsgType: "hologram" }).success).toBe(false);
  });

  it("reads JSON pushes as flat strings and ignores a hostile __proto__ key", () => {
    const fields = parseWechatPayload('{"MsgType":"text","CreateTime":1700000000,"__proto__":"admin"}');
    expect(fields.CreateTime).toBe("1700000000");
    expect(Object.getPrototypeOf(fields)).toBeNull();
    expect(() => parseWechatPayload('{"__proto__":{"admin":true}}')).toThrow(/nested/);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
