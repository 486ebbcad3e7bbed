import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma",
  migrations: { path: "prisma/migrations" },
  // env("DATABASE_URL") throws when unset, and `prisma generate` needs no database at all.
  // biome-ignore lint/style/noProcessEnv: Prisma's CLI config is read outside the app.
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
