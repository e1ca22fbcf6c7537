import Database from "better-sqlite3";
import { expect, test } from "vitest";
import { cacheStatements } from "~/lib/sqlite-statements.server";

function database(capacity?: number) {
  const db = new Database(":memory:");
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c');`);
  const prepared: string[] = [];
  const original = db.prepare.bind(db);
  db.prepare = ((sql: string) => (prepared.push(sql), original(sql))) as typeof db.prepare;
  cacheStatements(db, capacity);
  return { db, prepared };
}

test("a statement is prepared once, and each call runs with its own parameters (the adapter's calls)", () => {
  const { db, prepared } = database();
  const read = (id: number) => {
    const stmt = db.prepare("SELECT id, name FROM t WHERE id >= ?").bind([id]);
    expect(stmt.reader).toBe(true);
    return { columns: stmt.columns().map((c) => c.name), values: stmt.raw().all() };
  };
  expect(read(2)).toEqual({ columns: ["id", "name"], values: [[2, "b"], [3, "c"]] });
  expect(read(3)).toEqual({ columns: ["id", "name"], values: [[3, "c"]] });
  expect(read(1).values).toHaveLength(3);
  expect(prepared).toEqual(["SELECT id, name FROM t WHERE id >= ?"]);
});

test("writes run with their parameters; BEGIN/COMMIT without bind still work", () => {
  const { db, prepared } = database();
  db.prepare("BEGIN").run();
  for (const [id, name] of [[4, "d"], [5, "e"]] as const) {
    const stmt = db.prepare("INSERT INTO t (id, name) VALUES (?, ?)").bind([id, name]);
    expect(stmt.reader).toBe(false);
    expect(stmt.run()).toMatchObject({ changes: 1 });
  }
  db.prepare("COMMIT").run();
  db.prepare("BEGIN").run();
  db.prepare("COMMIT").run();
  expect(db.prepare("SELECT count(*) AS n FROM t").bind([]).raw().all()).toEqual([[5]]);
  expect(prepared.filter((sql) => sql === "BEGIN")).toHaveLength(1);
  expect(prepared.filter((sql) => sql.startsWith("INSERT"))).toHaveLength(1);
});

test("raw mode is per call: a later plain read of the same statement gets objects", () => {
  const { db } = database();
  expect(db.prepare("SELECT name FROM t WHERE id = ?").bind([1]).raw().all()).toEqual([["a"]]);
  expect(db.prepare("SELECT name FROM t WHERE id = ?").bind([2]).all()).toEqual([{ name: "b" }]);
  expect(db.prepare("SELECT name FROM t WHERE id = ?").get(3)).toEqual({ name: "c" });
});

test("only the most recently used statements stay prepared", () => {
  const { db, prepared } = database(2);
  const q = (n: number) => db.prepare(`SELECT ${n} AS n`).bind([]).raw().all();
  q(1);
  q(2);
  q(1); // 1 is now the most recent
  q(3); // evicts 2
  q(1);
  q(2); // prepared again
  expect(prepared).toEqual(["SELECT 1 AS n", "SELECT 2 AS n", "SELECT 3 AS n", "SELECT 2 AS n"]);
});

test("a statement kept across a schema change still answers (SQLite re-prepares it)", () => {
  const { db } = database();
  const names = () => db.prepare("SELECT * FROM t WHERE id = ?").bind([1]).raw().all();
  expect(names()).toEqual([[1, "a"]]);
  db.exec("ALTER TABLE t ADD COLUMN extra TEXT DEFAULT 'x'");
  expect(names()).toEqual([[1, "a", "x"]]);
});
