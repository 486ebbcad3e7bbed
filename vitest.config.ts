import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    env: {
      // Tests provoke failures on purpose; LOG_LEVEL=warn npm run test:db shows what the server logs.
      LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
      // No test ever calls Tencent: a closed loopback port unless a file points these at its sandbox.
      WECOM_API_BASE_URL: "http://127.0.0.1:9/wecom",
      WECHAT_API_BASE_URL: "http://127.0.0.1:9/wechat",
    },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["server/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          // Real PostgreSQL when DATABASE_URL is set (a fresh database per file), PGlite otherwise.
          name: "db",
          include: ["server/**/*.db.test.ts", "scripts/**/*.db.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: "forks",
        },
      },
    ],
  },
});
