// WeChat's XML is flat (<xml><Field>…</Field></xml>, values in CDATA) plus a few nested lists. It is
// untrusted: DOCTYPE and entity declarations are refused outright (XXE, billion laughs) before the
// parser sees the text, and saxes, a strict streaming parser, expands only the five predefined
// entities and character references. Streaming matters on the hot path: every callback is parsed
// twice (envelope, then the decrypted message), and a tree-building parser with a separate
// validation pass allocated ~20 KB per document, 30% of everything the server allocated under load.
import { SaxesParser } from "saxes";

export class WechatXmlError extends Error {
  override name = "WechatXmlError";
}

export const MAX_XML_BYTES = 64 * 1024;
const MAX_DEPTH = 6;

/** What the parse of the current document has seen so far. */
type Reading = { fields: Record<string, string>; depth: number; field: string | null; value: string; nested: boolean };
let reading: Reading;

/**
 * One parser for the process, reused document after document (parsing is synchronous, so documents
 * never interleave): building a SaxesParser costs more than parsing a WeChat message with it. A
 * document that fails leaves it mid-state, so it is replaced then.
 */
function createParser(): SaxesParser {
  // Positions are tracked per character and only improve error messages nobody reads.
  const parser = new SaxesParser({ position: false });
  parser.on("error", (error) => {
    throw new WechatXmlError(`malformed XML: ${error.message}`);
  });
  parser.on("opentag", (tag) => {
    reading.depth += 1;
    if (reading.depth > MAX_DEPTH) throw new WechatXmlError("XML nested too deeply");
    if (reading.depth === 1 && tag.name !== "xml") throw new WechatXmlError("expected an <xml> root");
    if (reading.depth === 2) {
      if (tag.name in reading.fields) throw new WechatXmlError(`field ${tag.name} repeated`);
      reading.field = tag.name;
      reading.value = "";
      reading.nested = false;
    }
    if (reading.depth === 3) reading.nested = true;
  });
  const onText = (chunk: string) => {
    if (reading.depth === 2) reading.value += chunk;
    else if (reading.depth === 1 && chunk.trim() !== "") throw new WechatXmlError("text outside a field");
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    if (reading.depth === 2 && reading.field !== null && !reading.nested) {
      reading.fields[reading.field] = reading.value.trim();
    }
    reading.depth -= 1;
  });
  return parser;
}

let parser = createParser();

/**
 * Parses `<xml>…</xml>` into its top-level text fields (numbers stay strings). Nested elements
 * (lists in a few events) are checked and skipped: no field LoopDesk reads is nested. Throws
 * WechatXmlError on anything that is not a well-formed WeChat document, or on a repeated field.
 */
export function parseWechatXml(text: string): Record<string, string> {
  if (Buffer.byteLength(text) > MAX_XML_BYTES) throw new WechatXmlError("XML body too large");
  if (/<!DOCTYPE|<!ENTITY|<!\[INCLUDE|<!\[IGNORE/i.test(text))
    throw new WechatXmlError("DOCTYPE and entities are not allowed");
  // No prototype: a field named "__proto__" stays an ordinary (and ignored) field.
  reading = { fields: Object.create(null), depth: 0, field: null, value: "", nested: false };
  try {
    parser.write(text).close();
  } catch (error) {
    parser = createParser();
    throw error;
  }
  return reading.fields;
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
