import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./env";

const run = promisify(execFile);

describe("configuration", () => {
  it("starts with no variables at all: embedded database, port 3000, Chinese console", () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve(".loopdesk"));
    expect(config.role).toBe("all");
  });

  it("names every invalid variable and hides secret values", () => {
    const attempt = () => parseConfig({ PORT: "abc", DATABASE_URL: "mysql://secret@host/db", LOOPDESK_ROLE: "boss" });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PORT: .*\("abc"\)/);
      expect(message).toMatch(/DATABASE_URL: .*\(set\)/);
      expect(message).toMatch(/LOOPDESK_ROLE/);
      expect(message).not.toContain("secret@host");
    }
  });

  it("refuses production on PostgreSQL without an encryption key for secrets", () => {
    expect(() => parseConfig({ NODE_ENV: "production", DATABASE_URL: "postgresql://localhost/loopdesk" })).toThrow(
      /LOOPDESK_SECRET_KEY/,
    );
  });

  it("takes a WeChat Pay merchant only with a key to verify its notifications, from PEM text with escaped newlines or a file", () => {
    const merchant = {
      WECHATPAY_MCH_ID: "1900000109",
      WECHATPAY_APP_ID: "wx0123456789abcdef",
      WECHATPAY_API_V3_KEY: "k".repeat(32),
    };
    expect(() => parseConfig(merchant)).toThrow(/WECHATPAY_PUBLIC_KEY or WECHATPAY_PLATFORM_CERTS/);
    expect(() => parseConfig({ WECHATPAY_MCH_ID: "1900000109" })).toThrow(/WECHATPAY_APP_ID: required together/);
    const pem = "-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----";
    const config = parseConfig({ ...merchant, WECHATPAY_PUBLIC_KEY: pem, WECHATPAY_PUBLIC_KEY_ID: "PUB_KEY_ID_0114" });
    expect(config.wechatPay?.publicKey?.pem).toBe("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----");
    expect(() => parseConfig({ ...merchant, WECHATPAY_PLATFORM_CERTS: "/no/such/file.pem" })).toThrow(
      /WECHATPAY_PLATFORM_CERTS: neither PEM text nor a readable file/,
    );
    expect(() => parseConfig({ ...merchant, WECHATPAY_API_V3_KEY: "short", WECHATPAY_PLATFORM_CERTS: pem })).toThrow(
      /WECHATPAY_API_V3_KEY/,
    );
  });

  it("treats empty strings as unset, as .env files write them", () => {
    expect(parseConfig({ PORT: "", REDIS_URL: "" }).redisUrl).toBeUndefined();
  });

  it("stops the server at start-up with a message naming the variable", async () => {
    const failure = await run(process.execPath, ["--import", "tsx", "server/main.ts"], {
      env: { PORT: "not-a-port", NODE_ENV: "production" },
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("PORT");
  });
});
