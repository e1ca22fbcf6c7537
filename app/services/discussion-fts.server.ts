/**
 * Full-text search over post bodies, set up at run time (never by a migration, so the migration
 * history stays equal to prisma/schema.prisma and `npm run db:check` is unaffected):
 * - SQLite: an FTS5 external-content table over Post, kept in sync by triggers on every write
 *   (including bulk inserts), rebuilt from Post whenever the triggers are missing (first use, or
 *   after a migration redefined the Post table).
 * - PostgreSQL: a GIN expression index on to_tsvector('simple', body), queried with the same
 *   expression.
 * Idempotent (IF NOT EXISTS) and safe with several processes.
 */
import { dbProvider, getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";

const ready = globalThis as unknown as { __cw_fts?: Map<string, Promise<void>> };

const SQLITE_DDL = [
  `CREATE VIRTUAL TABLE IF NOT EXISTS "PostSearch" USING fts5(body, content='Post', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`,
  `CREATE TRIGGER IF NOT EXISTS "PostSearch_ai" AFTER INSERT ON "Post" BEGIN INSERT INTO "PostSearch"(rowid, body) VALUES (new.rowid, new.body); END`,
  `CREATE TRIGGER IF NOT EXISTS "PostSearch_ad" AFTER DELETE ON "Post" BEGIN INSERT INTO "PostSearch"("PostSearch", rowid, body) VALUES ('delete', old.rowid, old.body); END`,
  `CREATE TRIGGER IF NOT EXISTS "PostSearch_au" AFTER UPDATE OF body ON "Post" BEGIN INSERT INTO "PostSearch"("PostSearch", rowid, body) VALUES ('delete', old.rowid, old.body); INSERT INTO "PostSearch"(rowid, body) VALUES (new.rowid, new.body); END`,
];

async function setUp(): Promise<void> {
  const db = getDb();
  if (dbProvider() === "postgresql") {
    await db.$executeRawUnsafe(`CREATE INDEX IF NOT EXISTS "Post_body_fts_idx" ON "Post" USING GIN (to_tsvector('simple', "body"))`);
    return;
  }
  const triggers = await db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'PostSearch_%'`);
  if (Number(triggers[0]?.n ?? 0) === 3) return;
  for (const sql of SQLITE_DDL) await db.$executeRawUnsafe(sql);
  await db.$executeRawUnsafe(`INSERT INTO "PostSearch"("PostSearch") VALUES ('rebuild')`);
}

/** Creates the index once per process and database (retried on the next call after a failure). */
export function ensurePostSearch(): Promise<void> {
  const map = (ready.__cw_fts ??= new Map());
  const key = getEnv().DATABASE_URL;
  let p = map.get(key);
  if (!p) {
    p = setUp().catch((error) => {
      map.delete(key);
      throw error;
    });
    map.set(key, p);
  }
  return p;
}

/** Words of a query (letters and digits only: nothing reaches the FTS syntax unquoted). */
export function searchTerms(query: string): string[] {
  return [...new Set((query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8))];
}

/**
 * Ids of non-deleted posts in the course's discussions whose body has every term (as a word
 * prefix), best matches first. Visibility is applied by the caller.
 */
export async function matchPostIds(courseId: string, terms: string[], limit: number): Promise<string[]> {
  if (terms.length === 0) return [];
  await ensurePostSearch();
  const db = getDb();
  if (dbProvider() === "postgresql") {
    const tsquery = terms.map((t) => `${t}:*`).join(" & ");
    const rows = await db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT p."id" FROM "Post" p JOIN "Discussion" d ON d."id" = p."discussionId"
       WHERE d."courseId" = $1 AND p."deletedAt" IS NULL AND to_tsvector('simple', p."body") @@ to_tsquery('simple', $2)
       ORDER BY ts_rank(to_tsvector('simple', p."body"), to_tsquery('simple', $2)) DESC, p."createdAt" DESC LIMIT $3`,
      courseId,
      tsquery,
      limit,
    );
    return rows.map((r) => r.id);
  }
  const match = terms.map((t) => `"${t}"*`).join(" ");
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT p."id" AS id FROM "PostSearch" s JOIN "Post" p ON p.rowid = s.rowid JOIN "Discussion" d ON d."id" = p."discussionId"
     WHERE "PostSearch" MATCH ? AND d."courseId" = ? AND p."deletedAt" IS NULL ORDER BY s.rank LIMIT ?`,
    match,
    courseId,
    limit,
  );
  return rows.map((r) => r.id);
}
