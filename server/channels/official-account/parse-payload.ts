import { AppError } from "../../errors";
import { parseWechatXml, WechatXmlError } from "../wechat-callback/wechat-xml";

/**
 * A push body as flat string fields: XML (Official Accounts, mini programs) or JSON (mini programs
 * may be set to JSON). Nested values are refused: no WeChat push has them at the top level.
 */
export function parseWechatPayload(body: string): Record<string, string> {
  const text = body.trim();
  if (text.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AppError("INVALID_JSON", "malformed JSON body");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new AppError("INVALID_INPUT", "expected a JSON object");
    }
    // No prototype: a "__proto__" key in hostile JSON stays an ordinary (and ignored) field.
    const fields: Record<string, string> = Object.create(null);
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === "string" || typeof value === "number") fields[key] = String(value);
      else if (value !== null) throw new AppError("INVALID_INPUT", `unexpected nested field ${key}`);
    }
    return fields;
  }
  try {
    return parseWechatXml(text);
  } catch (error) {
    if (error instanceof WechatXmlError) throw new AppError("INVALID_INPUT", `bad XML: ${error.message}`);
    throw error;
  }
}
