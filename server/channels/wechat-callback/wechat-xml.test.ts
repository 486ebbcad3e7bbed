import { describe, expect, it } from "vitest";
import { buildWechatXml, parseWechatDocument, parseWechatXml, WechatXmlError } from "./wechat-xml";

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

  it("skips nested lists and keeps an XML declaration, comments and character references harmless", () => {
    const fields = parseWechatXml(
      '<?xml version="1.0"?>\n<xml>\n <Event><![CDATA[pic_weixin]]></Event>\n <SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum>a</PicMd5Sum></item><item><PicMd5Sum>b</PicMd5Sum></item></PicList></SendPicsInfo>\n <Content>&lt;&#x4F60;&amp;<!-- note --></Content></xml>',
    );
    expect(fields).toEqual({ Event: "pic_weixin", Content: "<你&" });
  });

  it("reads a subscription popup's records one level down, each <List> one record", () => {
    const document = parseWechatDocument(
      "<xml><Event><![CDATA[subscribe_msg_popup_event]]></Event><SubscribeMsgPopupEvent><List><TemplateId><![CDATA[t1]]></TemplateId><SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString></List><List><TemplateId>t2</TemplateId><SubscribeStatusString>reject</SubscribeStatusString></List></SubscribeMsgPopupEvent></xml>",
    );
    expect(document.fields).toEqual({ Event: "subscribe_msg_popup_event" });
    expect(document.lists.List).toEqual([
      { TemplateId: "t1", SubscribeStatusString: "accept" },
      { TemplateId: "t2", SubscribeStatusString: "reject" },
    ]);
  });

  it("refuses malformed, oversized, non-<xml> and deeply nested documents", () => {
    expect(() => parseWechatXml("<xml><Content>oops</xml>")).toThrow(WechatXmlError);
    expect(() => parseWechatXml("<xml><Content>&undeclared;</Content></xml>")).toThrow(/undefined entity/);
    expect(() => parseWechatXml("<xml><MsgId>1</MsgId><MsgId>2</MsgId></xml>")).toThrow(/repeated/);
    expect(() => parseWechatXml("<xml>loose<MsgId>1</MsgId></xml>")).toThrow(/outside a field/);
    expect(() => parseWechatXml("<xml><A>1</A></xml><xml/>")).toThrow(WechatXmlError);
    expect(() => parseWechatXml("")).toThrow(WechatXmlError);
    // The parser is reused: a refused document leaves nothing behind for the next one.
    expect(() => parseWechatXml("<xml><A>1</A><B><C>")).toThrow(WechatXmlError);
    expect(parseWechatXml("<xml><A>2</A></xml>")).toEqual({ A: "2" });
    expect(() => parseWechatXml(`<xml><C>${"a".repeat(70_000)}</C></xml>`)).toThrow(/too large/);
    expect(() => parseWechatXml("<html><body/></html>")).toThrow(WechatXmlError);
    expect(() => parseWechatXml(`<xml>${"<a>".repeat(10)}x${"</a>".repeat(10)}</xml>`)).toThrow(/nested/);
  });

  it("builds XML that parses back, even when a value contains ]]>", () => {
    const xml = buildWechatXml({ Content: "tricky ]]> <xml>", CreateTime: 1700000000 });
    expect(parseWechatXml(xml)).toEqual({ Content: "tricky ]]> <xml>", CreateTime: "1700000000" });
  });
});
