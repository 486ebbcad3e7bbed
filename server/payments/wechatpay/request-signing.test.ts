import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { authorizationHeader, createRequestSigner } from "./request-signing";

// A throwaway merchant key, and the signature the openssl command line made over the same request
// (openssl dgst -sha256 -sign): RSA PKCS#1 v1.5 is deterministic, so ours must be identical.
const privateKeyPem = fs.readFileSync(path.join(import.meta.dirname, "test-vectors", "merchant-test-key.pem"), "utf8");
const OPENSSL_SIGNATURE =
  "ZpbKxGmvP+21Qmb2nAQ3vttBJzg6jP77hTKYFfSZ5j3mzpbqes1zORp435jxp+pJ6g+77C6wb5K7n9B7E6yzhsSorITi79LM8ZI0EgSc0xaHLKV9c8Xv4gZMU3gq7sltgoIuf+n/4Lt21PYsse5d8vU1dvt6y8ag6VdYo94cE9j0qoIRS4iX6Yui7qODIU81jz9tg/Y6aAXKxiRZwfC6hTsuqh2gdxdUU19AAOEV4P1Rruk0NkAKbtb5/eZreG8QqmeyAdV95N+EF/JtsPWUEqpIWhBx3qTgcXXw3Vs/Eb12twdLM8PG1Zl+BOyIv5uYZ2lEHkyfGqW7Ui9zN4Sseg==";

describe("a request to WeChat Pay", () => {
  it("is signed over METHOD, path, timestamp, nonce and body, each line ended, as openssl signs it", () => {
    const signer = createRequestSigner({
      mchId: "1900000109",
      certSerial: "408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB",
      privateKeyPem,
    });
    const header = authorizationHeader(signer, {
      method: "POST",
      pathWithQuery: "/v3/refund/domestic/refunds",
      body: '{"out_trade_no":"LD20261206001","out_refund_no":"RF1","amount":{"refund":100,"total":100,"currency":"CNY"}}',
      timestamp: "1733479200",
      nonce: "593BEC0C930BF1AFEB40B4A08C8FB242",
    });
    expect(header).toBe(
      `WECHATPAY2-SHA256-RSA2048 mchid="1900000109",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",timestamp="1733479200",serial_no="408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB",signature="${OPENSSL_SIGNATURE}"`,
    );
  });
});
