import packageJson from "../../package.json" with { type: "json" };
import { getDatabase } from "../db/db";

export async function getHealth() {
  const database = getDatabase();
  const began = performance.now();
  let reachable = true;
  try {
    await database.sql.query("SELECT 1");
  } catch {
    reachable = false;
  }
  return {
    status: reachable ? ("ok" as const) : ("degraded" as const),
    version: packageJson.version,
    uptimeSeconds: Math.round(process.uptime()),
    database: {
      kind: database.kind,
      reachable,
      latencyMs: Math.round((performance.now() - began) * 100) / 100,
    },
  };
}
