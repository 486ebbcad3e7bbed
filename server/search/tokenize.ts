// Chinese has no spaces between words: jieba cuts text into words so PostgreSQL's plain 'simple'
// text search (on Postgres and on PGlite alike, no extension needed) can index and match them.
import { jiebaCutter as cutter } from "./jieba";

const HAS_WORD = /[\p{L}\p{N}]/u;
/** Characters to_tsquery would read as operators; words never need them. */
const OPERATORS = /[&|!:()<>'\\*]/g;

function clean(words: string[]): string[] {
  const seen = new Set<string>();
  for (const word of words) {
    const token = word.toLowerCase().replace(OPERATORS, "").trim();
    if (token && HAS_WORD.test(token) && !/\s/.test(token)) seen.add(token);
  }
  return [...seen];
}

/**
 * The words a message is found by: the search-mode cut, which adds the shorter words inside long
 * ones (订单号 → 订单, 单号, 订单号), so a query for any of them matches.
 */
export function searchTextOf(text: string | null | undefined): string | null {
  if (!text) return null;
  const words = clean(cutter().cutForSearch(text.slice(0, 4000), true));
  return words.length > 0 ? words.join(" ") : null;
}

/** A query's words, all of which a result must contain. */
export function queryWords(query: string): string[] {
  return clean(cutter().cut(query.slice(0, 200), true)).slice(0, 12);
}
