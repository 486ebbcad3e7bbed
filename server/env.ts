// The only module that reads process.env. Everything else asks getConfig().
import fs from "node:fs";
import path from "node:path";
import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

const booleanFlag = z
  .enum(["0", "1", "true", "false"])
  .optional()
  .transform((value) => value === "1" || value === "true");

const port = z.coerce.number().int().min(1).max(65535);
const aesKey = z.string().regex(/^[A-Za-z0-9+/]{43}$/, "must be the 43-character EncodingAESKey");
const appId = z.string().regex(/^wx[0-9a-f]{16}$/i, "must be an AppID like wx0123456789abcdef");

/** Variables that only make sense together: all required ones set, or none. */
const CHANNEL_GROUPS = [
  ["WECOM_CORP_ID", "WECOM_KF_SECRET", "WECOM_CALLBACK_TOKEN", "WECOM_CALLBACK_AES_KEY"],
  ["WECHAT_OA_APP_ID", "WECHAT_OA_APP_SECRET", "WECHAT_OA_TOKEN"],
  ["WECHAT_MP_APP_ID", "WECHAT_MP_APP_SECRET", "WECHAT_MP_TOKEN"],
  ["WECHATPAY_MCH_ID", "WECHATPAY_APP_ID", "WECHATPAY_API_V3_KEY"],
  ["WECHATPAY_PUBLIC_KEY", "WECHATPAY_PUBLIC_KEY_ID"],
  ["WECHATPAY_PRIVATE_KEY", "WECHATPAY_CERT_SERIAL"],
] as const;

/** A PEM given inline (with real or escaped newlines), or the path of a file holding it. */
function pemOf(name: string, value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (value.includes("-----BEGIN")) return value.replace(/\\n/g, "\n");
  try {
    return fs.readFileSync(value, "utf8");
  } catch {
    throw new ConfigError(
      `Invalid configuration, fix these environment variables:\n  ${name}: neither PEM text nor a readable file (set)`,
    );
  }
}

const serverSchema = {
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: port.default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Public origin of the console (https://cs.example.com); sets Secure cookies and allowed Origins. */
  PUBLIC_URL: z.url().optional(),
  /** Extra origins allowed to call the API and open sockets, comma-separated. */
  ALLOWED_ORIGINS: z.string().optional(),
  /** Behind a reverse proxy: take the client address from the first X-Forwarded-For hop. */
  TRUST_PROXY: booleanFlag,
  LOOPDESK_ROLE: z.enum(["all", "web", "worker"]).default("all"),
  LOOPDESK_DATA_DIR: z.string().min(1).default(".loopdesk"),
  LOOPDESK_DEMO: booleanFlag,
  /** Demo only: where the WeChat sandbox listens (default PORT + 1). */
  LOOPDESK_SANDBOX_PORT: port.optional(),
  /** Demo only: customer messages the scenario driver sends per minute (0 = none). */
  LOOPDESK_DEMO_TRAFFIC_PER_MINUTE: z.coerce.number().min(0).max(6000).default(12),
  /** Demo only: the Official Account's new conversations start with the bot (on a first run). */
  LOOPDESK_DEMO_BOT: booleanFlag.default(true),
  /** Demo only: triage through the sandbox's OpenAI-compatible model instead of the offline engine. */
  LOOPDESK_DEMO_LLM: booleanFlag,
  /** 32 random bytes, base64: encrypts channel secrets and tokens at rest. */
  LOOPDESK_SECRET_KEY: z
    .string()
    .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 bytes encoded as base64")
    .optional(),
  LOOPDESK_ADMIN_EMAIL: z.email().optional(),
  LOOPDESK_ADMIN_PASSWORD: z.string().min(10).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(16),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .optional(),
  /** WeCom customer service (微信客服): the corp, the secret of the app allowed to call kf APIs, the callback token and key. */
  WECOM_CORP_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{4,64}$/)
    .optional(),
  WECOM_KF_SECRET: z.string().min(1).optional(),
  WECOM_CALLBACK_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{1,64}$/)
    .optional(),
  WECOM_CALLBACK_AES_KEY: aesKey.optional(),
  /** Official Account (公众号); the AES key only in safe or compatible mode. */
  WECHAT_OA_APP_ID: appId.optional(),
  WECHAT_OA_APP_SECRET: z.string().min(1).optional(),
  WECHAT_OA_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{1,64}$/)
    .optional(),
  WECHAT_OA_AES_KEY: aesKey.optional(),
  /** Mini program (小程序) customer-service messages. */
  WECHAT_MP_APP_ID: appId.optional(),
  WECHAT_MP_APP_SECRET: z.string().min(1).optional(),
  WECHAT_MP_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{1,64}$/)
    .optional(),
  WECHAT_MP_AES_KEY: aesKey.optional(),
  /** Where the platform APIs are: Tencent by default, the WeChat sandbox in the demo and tests. */
  WECOM_API_BASE_URL: z.url().default("https://qyapi.weixin.qq.com"),
  WECHAT_API_BASE_URL: z.url().default("https://api.weixin.qq.com"),
  /** WeChat Pay API v3 merchant (docs/wechat-protocols.md §4): its id, the AppID it pays for, the APIv3 key. */
  WECHATPAY_MCH_ID: z
    .string()
    .regex(/^\d{6,16}$/, "must be the merchant id (商户号), digits")
    .optional(),
  WECHATPAY_APP_ID: appId.optional(),
  WECHATPAY_API_V3_KEY: z.string().length(32, "must be the 32-character APIv3 key").optional(),
  /** The 微信支付公钥 (PEM text, or the path of a .pem file) and its PUB_KEY_ID_… */
  WECHATPAY_PUBLIC_KEY: z.string().optional(),
  WECHATPAY_PUBLIC_KEY_ID: z
    .string()
    .regex(/^PUB_KEY_ID_\w{1,64}$/, "must look like PUB_KEY_ID_0114…")
    .optional(),
  /** Platform certificates (PEM text, or a path), for merchants not yet moved to the public key. */
  WECHATPAY_PLATFORM_CERTS: z.string().optional(),
  /** The merchant's API private key (PEM text, or a path) and its certificate's serial, for signing requests. */
  WECHATPAY_PRIVATE_KEY: z.string().optional(),
  WECHATPAY_CERT_SERIAL: z
    .string()
    .regex(/^[0-9A-Fa-f]{8,64}$/)
    .optional(),
  WECHATPAY_API_BASE_URL: z.url().default("https://api.mch.weixin.qq.com"),
  /** Kuaidi100 (快递100) tracking subscriptions: the API key, the customer id, and the salt its pushes are signed with. */
  KUAIDI100_KEY: z.string().min(1).max(64).optional(),
  KUAIDI100_CUSTOMER: z.string().min(1).max(64).optional(),
  KUAIDI100_SALT: z.string().min(1).max(64).optional(),
  KUAIDI100_API_BASE_URL: z.url().default("https://poll.kuaidi100.com"),
  /**
   * An OpenAI-compatible endpoint for triage (OpenAI, DeepSeek, Qwen, a local vLLM): its base URL
   * (…/v1), key and model. Unset: the offline engine, which is also the fall-back when it fails.
   */
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_MODEL: z.string().min(1).max(100).optional(),
  /** The most one triage may wait for the provider, retries included, before the offline engine answers. */
  AI_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(4_000),
  /** Messages triaged by the provider at once. */
  AI_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /**
   * WeChat's logistics assistant, for brands without an ERP that prints waybills: the carrier
   * (delivery_id: SF, ZTO…), the brand's account with it (biz_id) and the sender, as JSON
   * {"name","mobile","province","city","area","address"}. Paid mini-program orders then get a waybill.
   */
  WECHAT_LOGISTICS_DELIVERY_ID: z
    .string()
    .regex(/^[A-Z0-9_]{2,16}$/, "WeChat's carrier id, e.g. SF")
    .optional(),
  WECHAT_LOGISTICS_BIZ_ID: z.string().min(1).max(64).optional(),
  WECHAT_LOGISTICS_SENDER: z
    .string()
    .transform((text, context) => {
      const sender = z
        .object({
          name: z.string().min(1).max(64),
          mobile: z.string().min(5).max(32),
          province: z.string().min(1).max(64),
          city: z.string().min(1).max(64),
          area: z.string().min(1).max(64),
          address: z.string().min(1).max(512),
        })
        .safeParse(
          (() => {
            try {
              return JSON.parse(text);
            } catch {
              return null;
            }
          })(),
        );
      if (!sender.success) {
        context.addIssue({ code: "custom", message: 'JSON {"name","mobile","province","city","area","address"}' });
        return z.NEVER;
      }
      return sender.data;
    })
    .optional(),
  /** The shop's order page, for order and tracking cards sent into chats: a URL with {orderNo}. */
  SHOP_ORDER_URL: z
    .url()
    .refine((url) => url.includes("%7BorderNo%7D") || url.includes("{orderNo}"), "must contain {orderNo}")
    .optional(),
  /** The shop's product page, for recommended product cards: a URL with {sku}. */
  SHOP_PRODUCT_URL: z
    .url()
    .refine((url) => url.includes("%7Bsku%7D") || url.includes("{sku}"), "must contain {sku}")
    .optional(),
  /** The mini program's order page for cards, e.g. pages/order/detail?orderNo={orderNo} (the mini-program channel's AppID). */
  MINIPROGRAM_ORDER_PAGE: z
    .string()
    .max(1024)
    .regex(/^[\w./-]+(\?[^\s]*)?$/, "must be a page path such as pages/order/detail?orderNo={orderNo}")
    .optional(),
  /** The picture cards carry (JPEG or PNG, about 520×416); the built-in one when unset. */
  CARD_THUMB_PATH: z.string().optional(),
  /** An order still unpaid this long after it was created is looked up at WeChat Pay (a missed notification). */
  WECHATPAY_QUERY_AFTER_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  /** How often the anomaly scan passes over orders, parcels, refunds and stock (at least once a minute's tick). */
  ANOMALY_SCAN_INTERVAL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(300),
  /** "1" lets webhook subscriptions reach private, loopback and link-local addresses (an ERP on the LAN). */
  WEBHOOK_ALLOW_PRIVATE: z.enum(["0", "1"]).default("0"),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  API_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

type EnvSource = Record<string, string | undefined>;
type Issue = { path?: readonly unknown[]; message: string };

function formatIssues(issues: readonly Issue[], source: EnvSource) {
  return issues
    .map((issue) => {
      const name = (issue.path ?? []).map(String).join(".") || "(environment)";
      const raw = source[name];
      const shown =
        raw === undefined
          ? "unset"
          : /SECRET|PASSWORD|KEY|TOKEN|DATABASE_URL|REDIS_URL/.test(name)
            ? "set"
            : JSON.stringify(raw);
      return `  ${name}: ${issue.message} (${shown})`;
    })
    .join("\n");
}

function parseEnv(source: EnvSource) {
  const env = createEnv({
    server: serverSchema,
    runtimeEnv: source,
    emptyStringAsUndefined: true,
    onValidationError: (issues) => {
      throw new ConfigError(`Invalid configuration, fix these environment variables:\n${formatIssues(issues, source)}`);
    },
  });
  if (env.NODE_ENV === "production" && env.DATABASE_URL && !env.LOOPDESK_SECRET_KEY) {
    throw new ConfigError(
      "Invalid configuration, fix these environment variables:\n  LOOPDESK_SECRET_KEY: required in production with DATABASE_URL (generate one with `openssl rand -base64 32`) (unset)",
    );
  }
  for (const group of CHANNEL_GROUPS) {
    const missing = group.filter((name) => !env[name]);
    if (missing.length > 0 && missing.length < group.length) {
      throw new ConfigError(
        `Invalid configuration, fix these environment variables:\n${missing.map((name) => `  ${name}: required together with ${group.filter((other) => !missing.includes(other)).join(", ")} (unset)`).join("\n")}`,
      );
    }
  }
  if (env.WECHATPAY_MCH_ID && !env.WECHATPAY_PUBLIC_KEY && !env.WECHATPAY_PLATFORM_CERTS) {
    throw new ConfigError(
      "Invalid configuration, fix these environment variables:\n  WECHATPAY_PUBLIC_KEY or WECHATPAY_PLATFORM_CERTS: required with WECHATPAY_MCH_ID, to verify notifications (unset)",
    );
  }
  const publicUrl = env.PUBLIC_URL ? new URL(env.PUBLIC_URL) : undefined;
  return {
    nodeEnv: env.NODE_ENV,
    isProduction: env.NODE_ENV === "production",
    port: env.PORT,
    host: env.HOST,
    publicUrl,
    allowedOrigins: [
      ...(publicUrl ? [publicUrl.origin] : []),
      ...(env.ALLOWED_ORIGINS ?? "")
        .split(",")
        .map((origin) => origin.trim())
        .filter(Boolean),
    ],
    secureCookies: publicUrl?.protocol === "https:",
    trustProxy: env.TRUST_PROXY,
    role: env.LOOPDESK_ROLE,
    dataDir: path.resolve(env.LOOPDESK_DATA_DIR),
    demo: env.LOOPDESK_DEMO,
    sandboxPort: env.LOOPDESK_SANDBOX_PORT ?? env.PORT + 1,
    demoTrafficPerMinute: env.LOOPDESK_DEMO_TRAFFIC_PER_MINUTE,
    demoBot: env.LOOPDESK_DEMO_BOT,
    demoLlm: env.LOOPDESK_DEMO_LLM,
    secretKey: env.LOOPDESK_SECRET_KEY,
    bootstrapAdmin:
      env.LOOPDESK_ADMIN_EMAIL && env.LOOPDESK_ADMIN_PASSWORD
        ? { email: env.LOOPDESK_ADMIN_EMAIL, password: env.LOOPDESK_ADMIN_PASSWORD }
        : undefined,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    redisUrl: env.REDIS_URL,
    channels: {
      wecom:
        env.WECOM_CORP_ID && env.WECOM_KF_SECRET && env.WECOM_CALLBACK_TOKEN && env.WECOM_CALLBACK_AES_KEY
          ? {
              corpId: env.WECOM_CORP_ID,
              secret: env.WECOM_KF_SECRET,
              token: env.WECOM_CALLBACK_TOKEN,
              aesKey: env.WECOM_CALLBACK_AES_KEY,
            }
          : undefined,
      officialAccount:
        env.WECHAT_OA_APP_ID && env.WECHAT_OA_APP_SECRET && env.WECHAT_OA_TOKEN
          ? {
              appId: env.WECHAT_OA_APP_ID,
              secret: env.WECHAT_OA_APP_SECRET,
              token: env.WECHAT_OA_TOKEN,
              aesKey: env.WECHAT_OA_AES_KEY,
            }
          : undefined,
      miniProgram:
        env.WECHAT_MP_APP_ID && env.WECHAT_MP_APP_SECRET && env.WECHAT_MP_TOKEN
          ? {
              appId: env.WECHAT_MP_APP_ID,
              secret: env.WECHAT_MP_APP_SECRET,
              token: env.WECHAT_MP_TOKEN,
              aesKey: env.WECHAT_MP_AES_KEY,
            }
          : undefined,
    },
    wechatPay:
      env.WECHATPAY_MCH_ID && env.WECHATPAY_APP_ID && env.WECHATPAY_API_V3_KEY
        ? {
            mchId: env.WECHATPAY_MCH_ID,
            appId: env.WECHATPAY_APP_ID,
            apiV3Key: env.WECHATPAY_API_V3_KEY,
            publicKey:
              env.WECHATPAY_PUBLIC_KEY && env.WECHATPAY_PUBLIC_KEY_ID
                ? {
                    id: env.WECHATPAY_PUBLIC_KEY_ID,
                    pem: pemOf("WECHATPAY_PUBLIC_KEY", env.WECHATPAY_PUBLIC_KEY) ?? "",
                  }
                : undefined,
            platformCerts: pemOf("WECHATPAY_PLATFORM_CERTS", env.WECHATPAY_PLATFORM_CERTS),
            signing:
              env.WECHATPAY_PRIVATE_KEY && env.WECHATPAY_CERT_SERIAL
                ? {
                    privateKeyPem: pemOf("WECHATPAY_PRIVATE_KEY", env.WECHATPAY_PRIVATE_KEY) ?? "",
                    certSerial: env.WECHATPAY_CERT_SERIAL,
                  }
                : undefined,
          }
        : undefined,
    kuaidi100: env.KUAIDI100_SALT
      ? { key: env.KUAIDI100_KEY, customer: env.KUAIDI100_CUSTOMER, salt: env.KUAIDI100_SALT }
      : undefined,
    wechatLogistics:
      env.WECHAT_LOGISTICS_DELIVERY_ID && env.WECHAT_LOGISTICS_BIZ_ID && env.WECHAT_LOGISTICS_SENDER
        ? {
            deliveryId: env.WECHAT_LOGISTICS_DELIVERY_ID,
            bizId: env.WECHAT_LOGISTICS_BIZ_ID,
            sender: env.WECHAT_LOGISTICS_SENDER,
          }
        : undefined,
    cards: {
      shopOrderUrl: env.SHOP_ORDER_URL,
      shopProductUrl: env.SHOP_PRODUCT_URL,
      miniProgramOrderPage: env.MINIPROGRAM_ORDER_PAGE,
      thumbPath: env.CARD_THUMB_PATH,
    },
    ai:
      env.OPENAI_BASE_URL && env.OPENAI_MODEL
        ? {
            baseUrl: env.OPENAI_BASE_URL.replace(/\/$/, ""),
            apiKey: env.OPENAI_API_KEY,
            model: env.OPENAI_MODEL,
            timeoutMs: env.AI_TIMEOUT_MS,
            concurrency: env.AI_CONCURRENCY,
          }
        : undefined,
    kuaidi100ApiBaseUrl: env.KUAIDI100_API_BASE_URL.replace(/\/$/, ""),
    wechatPayApiBaseUrl: env.WECHATPAY_API_BASE_URL.replace(/\/$/, ""),
    wechatPayQueryAfterMs: env.WECHATPAY_QUERY_AFTER_MINUTES * 60_000,
    anomalyScanIntervalMs: env.ANOMALY_SCAN_INTERVAL_SECONDS * 1_000,
    webhookAllowPrivate: env.WEBHOOK_ALLOW_PRIVATE === "1",
    wecomApiBaseUrl: env.WECOM_API_BASE_URL.replace(/\/$/, ""),
    wechatApiBaseUrl: env.WECHAT_API_BASE_URL.replace(/\/$/, ""),
    sessionTtlMs: env.SESSION_TTL_HOURS * 3600_000,
    apiBodyLimitBytes: env.API_BODY_LIMIT_BYTES,
    logLevel: env.LOG_LEVEL,
  };
}

export type Config = ReturnType<typeof parseEnv>;

let cached: Config | undefined;

/**
 * Parses the environment once; throws ConfigError naming every invalid variable. A `.env` file in
 * the working folder is read first; variables already set in the environment win over it.
 */
export function getConfig(): Config {
  if (!cached) {
    if (fs.existsSync(".env")) process.loadEnvFile(".env");
    cached = parseEnv(process.env);
  }
  return cached;
}

/** For tests: parse an explicit environment without caching it. */
export function parseConfig(source: EnvSource): Config {
  return parseEnv(source);
}
