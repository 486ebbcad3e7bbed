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

/** A top-level element with children, such as each <Actions> of a logistics push. */
export type WechatRecord = Record<string, string>;

/** What the parse of the current document has seen so far. */
type Reading = {
  fields: Record<string, string>;
  /** Nested elements by name, in document order (a name may repeat: it is a list). */
  lists: Record<string, WechatRecord[]>;
  depth: number;
  field: string | null;
  value: string;
  nested: boolean;
  record: WechatRecord | null;
  child: string | null;
  /** A depth-3 element with children of its own (<SubscribeMsgPopupEvent><List>…</List>): its record. */
  inner: WechatRecord | null;
  grandchild: string | null;
};
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
      reading.record = null;
    }
    if (reading.depth === 3) {
      if (!reading.nested) {
        reading.nested = true;
        reading.record = Object.create(null) as WechatRecord;
        const list = reading.lists[reading.field ?? ""] ?? [];
        list.push(reading.record);
        reading.lists[reading.field ?? ""] = list;
      }
      reading.child = tag.name;
      reading.inner = null;
      if (reading.record) reading.record[tag.name] = "";
    }
    if (reading.depth === 4) {
      // The depth-3 element is itself a record, listed under its own name.
      if (!reading.inner && reading.child !== null) {
        if (reading.record) delete reading.record[reading.child];
        reading.inner = Object.create(null) as WechatRecord;
        const list = reading.lists[reading.child] ?? [];
        list.push(reading.inner);
        reading.lists[reading.child] = list;
      }
      reading.grandchild = tag.name;
      if (reading.inner) reading.inner[tag.name] = "";
    }
  });
  const onText = (chunk: string) => {
    if (reading.depth === 2) reading.value += chunk;
    else if (reading.depth === 3 && reading.record && reading.child !== null && !reading.inner) {
      reading.record[reading.child] += chunk;
    } else if (reading.depth === 4 && reading.inner && reading.grandchild !== null) {
      reading.inner[reading.grandchild] += chunk;
    } else if (reading.depth === 1 && chunk.trim() !== "") throw new WechatXmlError("text outside a field");
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    if (reading.depth === 2 && reading.field !== null && !reading.nested) {
      if (reading.field in reading.lists) throw new WechatXmlError(`field ${reading.field} repeated`);
      reading.fields[reading.field] = reading.value.trim();
    }
    if (reading.depth === 2 && reading.nested) {
      // A list's element may repeat; the next one of the same name is another record.
      reading.field = null;
    }
    if (reading.depth === 3 && reading.record && reading.child !== null && !reading.inner) {
      reading.record[reading.child] = (reading.record[reading.child] ?? "").trim();
    }
    if (reading.depth === 4 && reading.inner && reading.grandchild !== null) {
      reading.inner[reading.grandchild] = (reading.inner[reading.grandchild] ?? "").trim();
    }
    reading.depth -= 1;
  });
  return parser;
}

let parser = createParser();

/**
 * Parses `<xml>…</xml>` into its top-level text fields (numbers stay strings) and its nested
 * elements as lists of flat records (a logistics push's repeated <Actions>; one level deeper, a
 * subscription popup's repeated <List> inside <SubscribeMsgPopupEvent>, listed as "List"). Throws WechatXmlError on
 * anything that is not a well-formed WeChat document, or on a text field that repeats.
 */
export function parseWechatDocument(text: string): {
  fields: Record<string, string>;
  lists: Record<string, WechatRecord[]>;
} {
  if (Buffer.byteLength(text) > MAX_XML_BYTES) throw new WechatXmlError("XML body too large");
  if (/<!DOCTYPE|<!ENTITY|<!\[INCLUDE|<!\[IGNORE/i.test(text))
    throw new WechatXmlError("DOCTYPE and entities are not allowed");
  // No prototype: a field named "__proto__" stays an ordinary (and ignored) field.
  reading = {
    fields: Object.create(null),
    lists: Object.create(null),
    depth: 0,
    field: null,
    value: "",
    nested: false,
    record: null,
    child: null,
    inner: null,
    grandchild: null,
  };
  try {
    parser.write(text).close();
  } catch (error) {
    parser = createParser();
    throw error;
  }
  return { fields: reading.fields, lists: reading.lists };
}

/** The top-level text fields only (every message and event LoopDesk shows in a conversation). */
export function parseWechatXml(text: string): Record<string, string> {
  return parseWechatDocument(text).fields;
}

type XmlValues = Record<string, string | number>;

const elements = (fields: XmlValues) =>
  Object.entries(fields)
    .map(([key, value]) =>
      typeof value === "number" ? `<${key}>${value}</${key}>` : `<${key}>${cdata(value)}</${key}>`,
    )
    .join("");

/**
 * Builds WeChat XML with every string value in CDATA (replies, and the sandbox's callbacks); each
 * list becomes repeated elements of its name, one per record, inside `wrapper` when one is given.
 */
export function buildWechatXml(fields: XmlValues, lists: Record<string, XmlValues[]> = {}, wrapper?: string): string {
  const nested = Object.entries(lists)
    .flatMap(([key, records]) => records.map((record) => `<${key}>${elements(record)}</${key}>`))
    .join("");
  return `<xml>${elements(fields)}${wrapper ? `<${wrapper}>${nested}</${wrapper}>` : nested}</xml>`;
}

function cdata(value: string): string {
  // "]]>" cannot appear inside one CDATA section: split it across two.
  return `<![CDATA[${value.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}
