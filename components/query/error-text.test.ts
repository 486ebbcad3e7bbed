import { describe, expect, it } from "vitest";
import { format, getMessages, type Locale, type MessageKey } from "../i18n/messages";
import { describeError } from "./error-text";
import { ApiError } from "./fetcher";

const translate = (locale: Locale) => (key: MessageKey, values?: Record<string, string | number>) =>
  format(getMessages(locale)[key], values);

describe("an API error shown to the user", () => {
  it("is the server's message key in the user's language, with its values", () => {
    const error = new ApiError(409, {
      code: "AGENT_OFFLINE",
      key: "error.agentOffline",
      values: { name: "王芳" },
      message: "王芳 is offline",
    });
    expect(describeError(error, translate("zh-CN"))).toBe("王芳 已离线");
    expect(describeError(error, translate("en"))).toBe("王芳 is offline");
  });

  it("falls back to the text for its code when the key is unknown to this console", () => {
    const error = new ApiError(409, { code: "CONFLICT", key: "error.fromANewerServer", message: "Newer text" });
    expect(describeError(error, translate("zh-CN"))).toBe("数据刚被改动，请刷新后重试");
  });

  it("falls back to the server's own text for a code it does not know", () => {
    const error = new ApiError(418, { code: "TEAPOT", message: "I'm a teapot" });
    expect(describeError(error, translate("en"))).toBe("I'm a teapot");
  });

  it("says something went wrong for a failure that is no API error (the network)", () => {
    expect(describeError(new TypeError("fetch failed"), translate("zh-CN"))).toBe("出错了");
  });
});
