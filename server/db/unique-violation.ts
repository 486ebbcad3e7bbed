/**
 * A unique key refused the write: another request stored the same thing first. Prisma reports it
 * as P2002, the pg driver (plain SQL) as PostgreSQL's 23505.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "P2002" || code === "23505";
}
