// Keyset cursors for order listings: the sort time and the id of the last order on a page, opaque to
// the caller. A cursor this API did not give is invalid input.
import { AppError, localized } from "../../errors";

export function encodeOrderCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

export function decodeOrderCursor(cursor: string): { at: Date; id: string } {
  const [text, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(text ?? "");
  if (!id || Number.isNaN(at.getTime())) {
    throw new AppError("INVALID_INPUT", localized("error.invalidInput"), {
      issues: [{ path: "after", message: "not a cursor this API gave" }],
    });
  }
  return { at, id };
}

/** A page from rows fetched one over `limit`, and the cursor after it when more remain. */
export function pageOf<Row extends { id: string }>(rows: Row[], limit: number, sortTime: (row: Row) => Date) {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, next: rows.length > limit && last ? encodeOrderCursor(sortTime(last), last.id) : null };
}
