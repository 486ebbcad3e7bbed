import { describe, expect, it } from "vitest";
import { signatureMatches } from "./push";

// The expected sign was computed independently (Python's hashlib: md5(param + salt), upper case).
const PARAM = '{"status":"polling","lastResult":{"nu":"SF1234567890","com":"shunfeng","state":"0","data":[]}}';
const SIGN = "3BA81E52C834CBA185651ADF1839CC92";

describe("Kuaidi100 push signature", () => {
  it("accepts upper(md5(param + salt)) and nothing else", () => {
    expect(signatureMatches(PARAM, SIGN, "loopdesk-salt")).toBe(true);
    expect(signatureMatches(PARAM, SIGN.toLowerCase(), "loopdesk-salt")).toBe(false);
    expect(signatureMatches(PARAM, SIGN, "another-salt")).toBe(false);
    expect(signatureMatches(`${PARAM} `, SIGN, "loopdesk-salt")).toBe(false);
    expect(signatureMatches(PARAM, "", "loopdesk-salt")).toBe(false);
  });
});
