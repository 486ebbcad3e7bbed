import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  CallbackCryptoError,
  openEnvelope,
  sealEnvelope,
  signEncrypted,
  signPlain,
  verifyEncryptedSignature,
} from "./callback-crypto";

// wechat-crypto (node-webot) is an independent implementation: our envelopes must open there and vice versa.
const require = createRequire(import.meta.url);
type PeerCrypto = {
  encrypt(message: string): string;
  decrypt(encrypted: string): { message: string; id: string };
  getSignature(timestamp: string, nonce: string, encrypted: string): string;
};
const WXBizMsgCrypt = require("wechat-crypto") as new (token: string, aesKey: string, id: string) => PeerCrypto;

// The official WeCom sample (sbzhu/weworkapi_python @ 609f460; docs/wechat-protocols.md §1).
const wecom = {
  token: "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo",
  aesKey: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
  corpId: "ww1436e0e65a779aee",
};
// §1.9 (b): the Official Account vector (easywechat EncryptorTest).
const oa = { token: "pamtest", aesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", appId: "wxb11529c136998cb6" };

const reject = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return (error as CallbackCryptoError).code;
  }
  return "accepted";
};

describe("WeChat callback crypto", () => {
  it("verifies and decrypts WeCom's URL-verification echostr (vector a)", () => {
    const echostr = "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==";
    verifyEncryptedSignature({
      token: wecom.token,
      timestamp: "1476416373",
      nonce: "47744683",
      encrypted: echostr,
      signature: "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb",
    });
    expect(openEnvelope({ aesKey: wecom.aesKey, receiveId: wecom.corpId, encrypted: echostr })).toBe(
      "1288432023552776189",
    );
  });

  it("decrypts WeCom's official message with its 22-byte padding (vector a)", () => {
    const encrypted =
      "Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+";
    expect(signEncrypted(wecom.token, "1476422779", "1597212914", encrypted)).toBe(
      "0c3914025cb4b4d68103f6bfc8db550f79dcf48e",
    );
    expect(openEnvelope({ aesKey: wecom.aesKey, receiveId: wecom.corpId, encrypted })).toBe(
      "<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>",
    );
  });

  it("decrypts the Official Account vector (b)", () => {
    const encrypted =
      "rTNFcsut4LfGuAFKEUVVpwcaCOTJzOd9twZdIW910jb3k+iicx2uvhttIZ3Qg9Qgty3BEF2xbOrz6boTfb30dMomcgrkTqdFPwnhqbk+kIQ7rZiwny9D7NUrTgA5kpX3KsZvrXzUZyP2x9YOlxbgm572lmxKvM7HAQQhIQ/p6HBmoY30bGXFK0BtIu1pW9TjhOYrLQoU18nWYjWqDA1ynkmOytpv7QRI1P1+0NoxL0q2zO1DgeSvnE8CZGo/o5Ap/WHK5W2RAsinpzN4/LjPnmB6U01I5XCoJoC0GK/yMZycd2Oh8Nq6+wBkC1U85oy0ktOY4nLvsQMLrourmMGdZHuTbqpeJ8Ao/5PRYJ+WBvRUwPfGKBL2+2IKZF49vAJqkcGWSHGE76ZN2erXeuNazf/o9o3lIE3q739o4c8t9QGPe31GT2Go/rOz1BsrASwvauNulCh+++yz+CQzBIuikA==";
    expect(signEncrypted(oa.token, "1458300676", "260774613", encrypted)).toBe(
      "4f3ad57b6989f09f4eb392acce4f9e93942ed890",
    );
    expect(openEnvelope({ aesKey: oa.aesKey, receiveId: oa.appId, encrypted })).toContain(
      "<Content><![CDATA[hello]]></Content><MsgId>12345</MsgId>",
    );
  });

  it("computes the signature-only vector (c)", () => {
    expect(signEncrypted("RMNlACHlV5ThzfRlVS4D4", "timestamp", "nonce", "encrypt")).toBe(
      "8edac0945683c119ee71c9f6256d76c48aa08a96",
    );
  });

  it("encrypts deterministically with a fixed random prefix (vector d)", () => {
    const message =
      "<xml><ToUserName><![CDATA[oUser]]></ToUserName><FromUserName><![CDATA[gh_test]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hello]]></Content></xml>";
    const encrypted = sealEnvelope({
      aesKey: oa.aesKey,
      receiveId: oa.appId,
      message,
      random: Buffer.from("0123456789abcdef"),
    });
    expect(encrypted).toBe(
      "Q3stYC6hdFzMh9T8HCvyDNc4Te10sIBQ2+qA3Q/WtO+XCFqjxtHH0tEOsGKFHYab+TOmM0E0iC527+fEz4zFYgjYqLhtEvobg46XCYZUErdGPO83yB8HSlC5sZAWk0Dh4+8kZknGYQG8ZoKKcGq5a7KOFhw8KNiBtbnkBas3tUupTs41U5zv0FbnO4RKT+Dq6qyGdvcgx3cfOjlf03q/oWsNNykVYfMukLr2T/a53ttgBAJ7Y+8KAkromdkDTc3wi/7/vc073X1os5utRxV3U67uKEa5BKMSZ/Vo35YFvCgCFMxkcDfWr62l3yzo4HPTTqhAmBnwHuPZOQysa4rMEg==",
    );
    expect(signEncrypted(oa.token, "1700000000", "123456", encrypted)).toBe("e3f8e8b032093a6453caee8cd68b462855fe021e");
  });

  it("round-trips with wechat-crypto as an independent peer, both ways", () => {
    const peer = new WXBizMsgCrypt(wecom.token, wecom.aesKey, wecom.corpId);
    const message = "<xml><Content><![CDATA[我的快递到哪了？🚚]]></Content></xml>";
    const ours = sealEnvelope({ aesKey: wecom.aesKey, receiveId: wecom.corpId, message });
    expect(peer.decrypt(ours)).toEqual({ message, id: wecom.corpId });
    const theirs = peer.encrypt(message);
    expect(openEnvelope({ aesKey: wecom.aesKey, receiveId: wecom.corpId, encrypted: theirs })).toBe(message);
    expect(peer.getSignature("1700000000", "n1", theirs)).toBe(signEncrypted(wecom.token, "1700000000", "n1", theirs));
  });

  it("refuses a bad signature, a wrong receive id, a wrong key and corrupted padding", () => {
    const encrypted = sealEnvelope({ aesKey: wecom.aesKey, receiveId: wecom.corpId, message: "<xml/>" });
    const signature = signEncrypted(wecom.token, "1", "2", encrypted);
    expect(
      reject(() => verifyEncryptedSignature({ token: wecom.token, timestamp: "1", nonce: "3", encrypted, signature })),
    ).toBe("SIGNATURE_MISMATCH");
    expect(reject(() => openEnvelope({ aesKey: wecom.aesKey, receiveId: "ww-other-corp", encrypted }))).toBe(
      "RECEIVE_ID_MISMATCH",
    );
    expect(reject(() => openEnvelope({ aesKey: oa.aesKey, receiveId: wecom.corpId, encrypted }))).toBe(
      "RECEIVE_ID_MISMATCH",
    );
    // A fixed random prefix: with a fresh one each run, the corrupted last block decoded, about once in
    // 256 runs, to exactly the right padding length, and the intact message and id were accepted.
    const padded = sealEnvelope({
      aesKey: wecom.aesKey,
      receiveId: wecom.corpId,
      message: "<xml/>",
      random: Buffer.alloc(16, 7),
    });
    const bytes = Buffer.from(padded, "base64");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x5a;
    expect(
      reject(() =>
        openEnvelope({ aesKey: wecom.aesKey, receiveId: wecom.corpId, encrypted: bytes.toString("base64") }),
      ),
    ).toMatch(/RECEIVE_ID_MISMATCH|DECRYPT_FAILED/);
    expect(reject(() => openEnvelope({ aesKey: wecom.aesKey, receiveId: wecom.corpId, encrypted: "abc" }))).toBe(
      "DECRYPT_FAILED",
    );
    expect(reject(() => openEnvelope({ aesKey: "short", receiveId: wecom.corpId, encrypted }))).toBe("INVALID_AES_KEY");
  });

  it("checks the 3-part Official Account signature", () => {
    expect(signPlain("pamtest", "1458300676", "260774613")).toMatch(/^[0-9a-f]{40}$/);
    expect(signPlain("t", "2", "1")).toBe(signPlain("t", "1", "2"));
  });
});
