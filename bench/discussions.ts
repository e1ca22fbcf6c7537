/**
 * Discussion load benchmark (separate from `npm run bench`, whose data it extends):
 *   npx tsx bench/discussions.ts [--size S|M|L] [--db url] [--duration 5] [--connections 1,10]
 * Generates the size's bench data if its database is missing, adds 500 topics × 10 posts and one
 * 10,000-post thread to the big course (replacing earlier bench discussions), builds nothing
 * (run `npm run build` first), starts the server and measures the forum index and the long
 * thread's first and last page as a student of the course.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { sqlitePath } from "../scripts/db/sqlite.ts";
import { generate } from "./generate.ts";
import { openWriter } from "./lib/bulk.ts";
import { BENCH_LONG_THREAD_ID, buildDiscussionRows } from "./lib/discussions-dataset.ts";
import { measure } from "./lib/load.ts";
import { checkPage } from "./lib/load.ts";
import { logIn, startServer } from "./lib/server.ts";
import { BENCH_ACCOUNTS, BENCH_PASSWORD, BIG_COURSE_SLUG, defaultDbUrl, sizeOf } from "./lib/sizes.ts";

async function select<T>(url: string, sql: string, params: unknown[]): Promise<T[]> {
  if (url.startsWith("file:")) {
    const db = new Database(sqlitePath(url), { readonly: true });
    try {
      return db.prepare(sql.replace(/\$\d+/g, "?")).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function main() {
  const { values } = parseArgs({
    options: { size: { type: "string", default: "S" }, db: { type: "string" }, duration: { type: "string", default: "5" }, connections: { type: "string", default: "1,10" } },
  });
  const size = sizeOf(values.size!);
  const url = values.db ?? defaultDbUrl(size.name);
  if (!existsSync("build/server/index.js")) throw new Error("Run `npm run build` first.");
  if (!url.startsWith("file:") || !existsSync(sqlitePath(url))) await generate(size, url);

  const [course] = await select<{ id: string }>(url, `SELECT "id" FROM "Course" WHERE "slug" = $1`, [BIG_COURSE_SLUG]);
  const authors = await select<{ userId: string }>(url, `SELECT "userId" FROM "Enrollment" WHERE "courseId" = $1 ORDER BY "userId" LIMIT 200`, [course.id]);
  const writer = await openWriter(url);
  try {
    await writer.exec(`DELETE FROM "Discussion" WHERE "id" LIKE 'bench-%'`);
    for (const [table, rows] of buildDiscussionRows(course.id, authors.map((a) => a.userId))) await writer.insert(table, rows);
    await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  }

  const server = await startServer(url, { JOBS_WORKER: "off" });
  try {
    const cookie = await logIn(server.origin, BENCH_ACCOUNTS.bigStudent, BENCH_PASSWORD);
    const headers = { cookie };
    const base = `${server.origin}/courses/${BIG_COURSE_SLUG}/discussions`;
    const scenarios = [
      { name: "forum-index", url: base, expect: "Topic 499" },
      { name: "thread-first-page", url: `${base}/${BENCH_LONG_THREAD_ID}`, expect: "Post 0 in" },
      { name: "thread-last-page", url: `${base}/${BENCH_LONG_THREAD_ID}?page=last`, expect: "Post 9999 in" },
      { name: "search", url: `${base}?q=lenses`, expect: "<mark>" },
    ];
    for (const s of scenarios) await checkPage(s.url, headers, s.expect);
    console.log("scenario            conns   req/s    p50 ms   p95 ms");
    for (const connections of values.connections!.split(",").map(Number)) {
      for (const s of scenarios) {
        const m = await measure(s.name, s.url, headers, connections, Number(values.duration), () => server.cpuSeconds());
        console.log(`${s.name.padEnd(20)}${String(connections).padStart(5)}${m.reqPerSec.toFixed(0).padStart(8)}${m.p50.toFixed(1).padStart(9)}${m.p95.toFixed(1).padStart(9)}`);
      }
    }
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
