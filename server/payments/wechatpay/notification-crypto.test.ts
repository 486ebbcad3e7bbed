import { createPublicKey, createSign, generateKeyPairSync, X509Certificate } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decryptResource, verifyNotification, WechatPayRefusal } from "./notification-crypto";

// WeChat Pay's own SDK vector (wechatpay-go core/notify/notify_test.go), copied byte for byte.
const vectors = path.join(import.meta.dirname, "test-vectors");
const vectorBody = fs.readFileSync(path.join(vectors, "wxpay_vector_body.json"), "utf8");
const vectorSignature = fs.readFileSync(path.join(vectors, "wxpay_vector_sig.txt"), "utf8").trim();
const vectorCert = new X509Certificate(fs.readFileSync(path.join(vectors, "wxpay_vector_cert.pem")));
const vectorHeaders = {
  timestamp: "1624523846",
  nonce: "EcZ9Cmy4Xyx1i6RlJQzLcCyEqDa26NBz",
  signature: vectorSignature,
  serial: "D7CE59D1F522D701",
};
const atVectorTime = 1624523846 * 1000 + 60_000;

const refusalOf = (run: () => unknown) => {
  try {
    run();
    return "accepted";
  } catch (error) {
    return error instanceof WechatPayRefusal ? `${error.status} ${error.message}` : String(error);
  }
};

describe("a WeChat Pay notification's signature", () => {
  const keys = new Map([[vectorCert.serialNumber, vectorCert.publicKey]]);

  it("verifies WeChat Pay's published vector with the certificate named by its serial", () => {
    expect(vectorCert.serialNumber).toBe("D7CE59D1F522D701");
    expect(refusalOf(() => verifyNotification(vectorHeaders, vectorBody, keys, atVectorTime))).toBe("accepted");
  });

  it("is refused when one byte of the body changed, the serial is unknown, or the time is 5 minutes off", () => {
    expect(
      refusalOf(() =>
        verifyNotification(vectorHeaders, vectorBody.replace("签约成功", "签约失败"), keys, atVectorTime),
      ),
    ).toBe("401 signature mismatch");
    expect(
      refusalOf(() =>
        verifyNotification({ ...vectorHeaders, serial: "PUB_KEY_ID_0000" }, vectorBody, keys, atVectorTime),
      ),
    ).toMatch(/^401 unknown Wechatpay-Serial/);
    const fiveMinutesLater = 1624523846 * 1000 + 300_000;
    expect(refusalOf(() => verifyNotification(vectorHeaders, vectorBody, keys, fiveMinutesLater))).toBe(
      "401 timestamp too far from now",
    );
    expect(
      refusalOf(() => verifyNotification({ ...vectorHeaders, nonce: undefined }, vectorBody, keys, atVectorTime)),
    ).toMatch(/^401 missing/);
  });

  it("refuses a WECHATPAY/SIGNTEST/ probe even from a known serial", () => {
    const probe = { ...vectorHeaders, signature: `WECHATPAY/SIGNTEST/${vectorSignature}` };
    expect(refusalOf(() => verifyNotification(probe, vectorBody, keys, atVectorTime))).toBe(
      "401 signature probe refused",
    );
  });

  it("accepts a certificate serial and a PUB_KEY_ID_ at once, each with its own key (a key migration)", () => {
    const platform = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const mixed = new Map([
      [vectorCert.serialNumber, vectorCert.publicKey],
      [
        "PUB_KEY_ID_0114232134912410000000000000",
        createPublicKey(platform.publicKey.export({ type: "spki", format: "pem" })),
      ],
    ]);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = '{"id":"EV-1"}';
    const signature = createSign("RSA-SHA256")
      .update(`${timestamp}\nn1\n${body}\n`)
      .sign(platform.privateKey, "base64");
    const headers = { timestamp, nonce: "n1", signature, serial: "PUB_KEY_ID_0114232134912410000000000000" };
    expect(refusalOf(() => verifyNotification(headers, body, mixed))).toBe("accepted");
    expect(refusalOf(() => verifyNotification(vectorHeaders, vectorBody, mixed, atVectorTime))).toBe("accepted");
    expect(refusalOf(() => verifyNotification({ ...headers, serial: vectorCert.serialNumber }, body, mixed))).toBe(
      "401 signature mismatch",
    );
  });
});

describe("a WeChat Pay notification's resource", () => {
  it("opens WeChat Pay's vector (a 16-byte key: AES-128-GCM, as its SDK picks by key length)", () => {
    const { resource } = JSON.parse(vectorBody) as {
      resource: { ciphertext: string; nonce: string; associated_data: string };
    };
    expect(JSON.parse(decryptResource(resource, "testMchAPIv3Key0"))).toEqual({
      mchid: "1234567890",
      appid: "054aa7d7a2a54ab5898df65bd96f001c",
      create_time: "2020-06-30T12:12:00+08:00",
      out_contract_code: "21640bdbd08e473e828f3206a2741c6e",
    });
  });

  it("opens a payment with a 32-byte APIv3 key and a 12-byte nonce", () => {
    const resource = {
      nonce: "0123456789ab",
      associated_data: "transaction",
      ciphertext:
        "4ouKWSuj/DnPJxKEgzRMF3K25P415EgKVP+mfevCu95ST1dJwsIV9VDeT1H7uVvuj06wis1kDXsHrZMsaSZ69kKcLCO73ty8wLxt7mEoPVKtmHbvcvohu3Z/l+asCn2mEUIjX1AQM9YLQ24F7qZEzpWBPWTWA9JYtILydZbB0ivBhazerHtzZ0oDCB95UqvwNvvZXfRD69FmGv7lK5yNYYvHtXljyMCvsBvYRBU2DLXhgSs4pGKk+ldbdWQWTB8Tgay0KQC3hvK6mI/cLynpHrdu8uiEJtuiCqHdbuj2ZFx6UoCYD7438aTDAlMYOlxeMq9HNsHJOj80JqfaqY9om1m/9Q6WUpDZkUFT6bNIy0K4EVbRIwVgrihSc2B58I53uqW1EBhFhDtFsB/SbloQkLkTRPwdlggNo5TWR4jxRa+8LIXfP1zQ1OJxPb9dVsZ1tlnvJp/RzHjAXOSMTBvsBN3TjKMhFRsJFTcQ3N8q4VLiPcNT32M4mfaIHIqEbOeOUHV+jjTmvuTqQaq/gxUAysSIiYsWmgehU6zsxaeLQvs9WLoFJfNbSeCFsmC1ZXU6Gvzw",
    };
    const payment = JSON.parse(decryptResource(resource, "0123456789abcdef0123456789abcdef"));
    expect(payment).toMatchObject({
      mchid: "1900000001",
      out_trade_no: "ORDER20240101001",
      trade_state: "SUCCESS",
      trade_state_desc: "支付成功",
      amount: { total: 100, currency: "CNY" },
    });
  });

  it("is refused with a bad tag, the wrong key or a mangled ciphertext", () => {
    const { resource } = JSON.parse(vectorBody) as {
      resource: { ciphertext: string; nonce: string; associated_data: string };
    };
    const tampered = Buffer.from(resource.ciphertext, "base64");
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(
      refusalOf(() => decryptResource({ ...resource, ciphertext: tampered.toString("base64") }, "testMchAPIv3Key0")),
    ).toMatch(/^400/);
    expect(refusalOf(() => decryptResource(resource, "testMchAPIv3Key1"))).toMatch(/^400/);
    expect(
      refusalOf(() => decryptResource({ ...resource, associated_data: "transaction" }, "testMchAPIv3Key0")),
    ).toMatch(/^400/);
    expect(refusalOf(() => decryptResource({ ...resource, ciphertext: "AAAA" }, "testMchAPIv3Key0"))).toMatch(/^400/);
  });
});
