// WeChat's XML is flat (<xml><Field>…</Field></xml>, values in CDATA) plus a few nested lists. It is
// untrusted: DOCTYPE and entity declarations are refused outright (XXE, billion laughs) before the
// parser sees the text, and the parser itself expands no entities.
import { XMLParser, XMLValidator } from "fast-xml-parser";

export class WechatXmlError extends Error {
  override name = "WechatXmlError";
}

export const MAX_XML_BYTES = 64 * 1024;
const MAX_DEPTH = 6;

const parser = new XMLParser({
  ignoreAttributes: true,
  // Only the five predefined XML entities remain possible: declarations were refused above.
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
});

export type WechatXmlValue = string | WechatXmlObject | WechatXmlValue[];
export type WechatXmlObject = { [key: string]: WechatXmlValue };

function depthOf(value: WechatXmlValue, depth = 0): number {
  if (typeof value === "string") return depth;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.reduce<number>((max, child) => Math.max(max, depthOf(child, depth + 1)), depth);
}

/** Parses `<xml>…</xml>` into its fields (all strings); throws WechatXmlError on anything else. */
export function parseWechatXml(text: string): WechatXmlObject {
  if (Buffer.byteLength(text) > MAX_XML_BYTES) throw new WechatXmlError("XML body too large");
  if (/<!DOCTYPE|<!ENTITY|<!\[INCLUDE|<!\[IGNORE/i.test(text))
    throw new WechatXmlError("DOCTYPE and entities are not allowed");
  if (XMLValidator.validate(text) !== true) throw new WechatXmlError("malformed XML");
  const document: unknown = parser.parse(text);
  const root = (document as { xml?: unknown }).xml;
  if (typeof root !== "object" || root === null || Array.isArray(root))
    throw new WechatXmlError("expected an <xml> root");
  if (depthOf(root as WechatXmlObject) > MAX_DEPTH) throw new WechatXmlError("XML nested too deeply");
  return root as WechatXmlObject;
}

/** Builds flat WeChat XML with every string value in CDATA (replies, and the sandbox's callbacks). */
export function buildWechatXml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields)
    .map(([key, value]) =>
      typeof value === "number" ? `<${key}>${value}</${key}>` : `<${key}>${cdata(value)}</${key}>`,
    )
    .join("");
  return `<xml>${body}</xml>`;
}

function cdata(value: string): string {
  // "]]>" cannot appear inside one CDATA section: split it across two.
  return `<![CDATA[${value.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}
