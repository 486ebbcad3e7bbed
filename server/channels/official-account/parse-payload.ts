import { AppError } from "../../errors";
import { parseWechatDocument, type WechatRecord, WechatXmlError } from "../wechat-callback/wechat-xml";

// A push body as flat string fields: XML (Official Accounts, mini programs) or JSON (mini programs
// may be set to JSON), plus the lists of flat records a few events carry (add_express_path's
// Actions). Anything nested deeper is refused.

/** The top-level fields of a push (JSON or XML). */
export function parseWechatPayload(body: string): Record<string, string> {
  return parseWechatPayloadDocument(body).fields;
}

type Document = { fields: Record<string, string>; lists: Record<string, WechatRecord[]> };

/** Flat values of one record: strings, numbers kept as text; anything deeper is refused. */
function flatRecord(value: unknown, key: string): WechatRecord {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AppError("INVALID_INPUT", `unexpected nested field ${key}`);
  }
  const record: WechatRecord = Object.create(null);
  for (const [name, item] of Object.entries(value)) {
    if (typeof item === "string" || typeof item === "number") record[name] = String(item);
    else if (item !== null) throw new AppError("INVALID_INPUT", `unexpected nested field ${key}.${name}`);
  }
  return record;
}

/**
 * A JSON list of flat records, or one record alone, under its name; at the top level also an object
 * wrapping such lists (a subscription popup's {"SubscribeMsgPopupEvent": {"List": [...]}}), like XML.
 */
function addRecords(lists: Record<string, WechatRecord[]>, key: string, value: unknown, wrapperAllowed: boolean) {
  const items = Array.isArray(value) ? value : [value];
  if (items.length > 500) throw new AppError("INVALID_INPUT", `too many records in ${key}`);
  const flat = items.every(
    (item) =>
      typeof item === "object" &&
      item !== null &&
      Object.values(item).every((inner) => typeof inner === "string" || typeof inner === "number" || inner === null),
  );
  if (flat) {
    lists[key] = [...(lists[key] ?? []), ...items.map((item) => flatRecord(item, key))];
    return;
  }
  if (!wrapperAllowed || Array.isArray(value) || typeof value !== "object") {
    throw new AppError("INVALID_INPUT", `unexpected nested field ${key}`);
  }
  for (const [inner, records] of Object.entries(value as object)) addRecords(lists, inner, records, false);
}

/** The fields and the lists of flat records (a logistics push's Actions) of a push, JSON or XML. */
export function parseWechatPayloadDocument(body: string): Document {
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
    const lists: Record<string, WechatRecord[]> = Object.create(null);
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === "string" || typeof value === "number") fields[key] = String(value);
      else if (value !== null) addRecords(lists, key, value, true);
    }
    return { fields, lists };
  }
  try {
    return parseWechatDocument(text);
  } catch (error) {
    if (error instanceof WechatXmlError) throw new AppError("INVALID_INPUT", `bad XML: ${error.message}`);
    throw error;
  }
}
