// Fails in one clear line when the browser the end-to-end tests use is missing.
import fs from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  console.error(
    `End-to-end tests need Chromium at ${chromium}: run \`apt-get install -y chromium\` or set CHROMIUM_PATH=/path/to/chromium.`,
  );
  process.exit(1);
}
