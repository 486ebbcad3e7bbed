// Runs `prisma generate` without downloading anything. Prisma's CLI insists on a native schema-engine
// binary even though `generate` never runs it, and that download fails offline (and often in China):
// pointing PRISMA_SCHEMA_ENGINE_BINARY at any executable satisfies the check.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
execFileSync(process.execPath, [cli, "generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
