import { describe, expect, it } from "vitest";
import { buildWechatXml, parseWechatXml, WechatXmlError } from "./wechat-xml";

describe("WeChat XML", () => {
  it("reads CDATA and numeric fields as strings", () => {
    const fields = parseWechatXml(
      "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>1700000000</CreateTime><Content><![CDATA[<b>你好</b> & 再见]]></Content><MsgId>123</MsgId></xml>",
    );
    expect(fields).toEqual({
      ToUserName: "gh_1",
      CreateTime: "1700000000",
      Content: "<b>你好</b> & 再见",
      MsgId: "123",
    });
  });

  it("refuses external entities (XXE) and entity expansion (billion laughs)", () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>';
    const laughs =
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>';
    expect(() => parseWechatXml(xxe)).toThrow(WechatXmlError);
    expect(() => parseWechatXml(laughs)).toThrow(WechatXmlError);
    expect(() => parseWechatXml("<!doctype xml><xml/>")).toThrow(WechatXmlError);
  });

  it("refuses malformed, oversized, non-<xml> and deeply nested documents", () => {
    expect(() => parseWechatXml("<xml><Content>oops</xml>")).toThrow(WechatXmlError);
    expect(() => parseWechatXml(`<xml><C>${"a".repeat(70_000)}</C></xml>`)).toThrow(/too large/);
    expect(() => parseWechatXml("<html><body/></html>")).toThrow(WechatXmlError);
    expect(() => parseWechatXml(`<xml>${"<a>".repeat(10)}x${"</a>".repeat(10)}</xml>`)).toThrow(/nested/);
  });

  it("builds XML that parses back, even when a value contains ]]>", () => {
    const xml = buildWechatXml({ Content: "tricky ]]> <xml>", CreateTime: 1700000000 });
    expect(parseWechatXml(xml)).toEqual({ Content: "tricky ]]> <xml>", CreateTime: "1700000000" });
  });
});
