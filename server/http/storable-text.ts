// PostgreSQL's text cannot hold NUL, and UTF-8 cannot encode a lone UTF-16 surrogate (which JSON's
// "\ud800" escape lets through): such input is refused at the boundary as 422, before any write,
// instead of failing inside a statement as a 500.
import { AppError, localized } from "../errors";

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}

/** The path of the first string or key in a parsed value that cannot be stored, or null. */
export function findUnstorableText(value: unknown, path: string[] = []): string | null {
  if (typeof value === "string") return isStorableText(value) ? null : path.join(".") || "(body)";
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableText(key)) return [...path, "(key)"].join(".");
      const found = findUnstorableText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

export function assertStorableText(value: unknown, where: string): void {
  const path = findUnstorableText(value);
  if (path === null) return;
  const field = path === "(body)" ? where : `${where}.${path}`;
  throw new AppError("INVALID_INPUT", localized("error.unstorableText"), {
    issues: [{ path: field, message: "contains NUL or an unpaired surrogate" }],
  });
}
