import { dbProvider, getDb, sqliteDirectRead } from "~/lib/db.server";

/**
 * Runs read-only SQL written with $1, $2… placeholders on either database (SQLite gets one `?`
 * per occurrence, with the arguments repeated to match). For aggregates Prisma cannot express;
 * quote identifiers ("ModuleItem") and compare booleans with TRUE so both dialects accept it.
 * On SQLite the statement runs on Prisma's connection without Prisma's pipeline (sqliteDirectRead).
 */
export function queryRows<T>(sql: string, params: unknown[]): Promise<T[]> {
  const db = getDb();
  if (dbProvider() === "postgresql") return db.$queryRawUnsafe<T[]>(sql, ...params);
  const args: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, n: string) => (args.push(params[Number(n) - 1]), "?"));
  const direct = sqliteDirectRead(db);
  return direct ? direct<T>(text, args) : db.$queryRawUnsafe<T[]>(text, ...args);
}

/**
 * A date column of a raw result as milliseconds since the epoch (0 for NULL): PostgreSQL gives a
 * Date, SQLite the stored text (ISO 8601) or, for numbers, milliseconds.
 */
export function instantOf(value: unknown): number {
  if (value == null) return 0;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "number" || typeof value === "bigint" || /^\d+$/.test(String(value))) return Number(value);
  return Date.parse(String(value)) || 0;
}

/** A nullable date column of a raw result as a Date (null stays null). */
export function dateOf(value: unknown): Date | null {
  return value == null ? null : new Date(instantOf(value));
}
