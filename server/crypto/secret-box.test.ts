import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSecretBox, loadSecretKey } from "./secret-box";

describe("secrets at rest", () => {
  const box = createSecretBox(randomBytes(32));

  it("seals a WeCom secret so the stored text does not contain it, and opens it again", () => {
    const sealed = box.seal("kf-corp-secret-值");
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain("kf-corp-secret");
    expect(box.open(sealed)).toBe("kf-corp-secret-值");
    expect(box.seal("same")).not.toBe(box.seal("same"));
  });

  it("refuses a tampered ciphertext and another install's key", () => {
    const sealed = box.seal("aes-key");
    const raw = Buffer.from(sealed.slice(3), "base64");
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => box.open(`v1:${raw.toString("base64")}`)).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow();
  });

  it("creates a private key file on first start of the embedded install and reuses it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loopdesk-key-"));
    const first = loadSecretKey({ dataDir: dir });
    const second = loadSecretKey({ dataDir: dir });
    expect(first.equals(second)).toBe(true);
    expect(first).toHaveLength(32);
    expect(fs.statSync(path.join(dir, "secret.key")).mode & 0o777).toBe(0o600);
    const configured = randomBytes(32);
    expect(loadSecretKey({ dataDir: dir, configured: configured.toString("base64") }).equals(configured)).toBe(true);
  });
});
