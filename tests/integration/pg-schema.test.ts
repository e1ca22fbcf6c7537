/**
 * PostgreSQL with `?schema=` in DATABASE_URL (Prisma's convention, and the bench's): the raw SQL
 * the services run names bare tables, so it must read the same schema as Prisma's own queries.
 */
import { expect, test } from "vitest";
import { applyMigrations } from "../../scripts/db/engine";

const onPostgres = process.env.TEST_DB === "postgresql";

test.runIf(onPostgres)("raw SQL and Prisma read the same schema when DATABASE_URL names one", async () => {
  // This file's database already has the tables in `public` (empty); the app's copy goes to its own schema.
  const url = new URL(process.env.DATABASE_URL!);
  url.searchParams.set("schema", "Coursework_App");
  await applyMigrations(url.toString());
  process.env.DATABASE_URL = url.toString();
  const { getDb } = await import("~/lib/db.server");
  const { queryRows } = await import("~/services/raw-query.server");
  const { createSession } = await import("~/services/auth.server");
  const { commitSession, getOptionalUser } = await import("~/lib/session.server");
  const user = await getDb().user.create({ data: { email: "schema@example.org", displayName: "Schema Sam", passwordHash: "x" } });
  // A raw read finds the row Prisma wrote (in `public` it would count 0).
  const [row] = await queryRows<{ n: number | bigint }>(`SELECT COUNT(*) AS "n" FROM "User" WHERE "email" = $1`, ["schema@example.org"]);
  expect(Number(row.n)).toBe(1);
  // The session lookup, raw SQL on every request, works too.
  const cookie = (await commitSession(await createSession(user.id, new Date()))).split(";")[0];
  expect(await getOptionalUser(new Request("http://localhost/dashboard", { headers: { Cookie: cookie } }))).toMatchObject({ id: user.id });
});

test("a schema name that is not a plain identifier is refused with a clear message", async () => {
  const { searchPathOf } = await import("~/lib/db.server");
  expect(searchPathOf(undefined)).toEqual({});
  expect(searchPathOf("cw_bench_L")).toEqual({ options: `-c search_path="cw_bench_L"` });
  expect(() => searchPathOf(`x"; DROP TABLE "User"; --`)).toThrow(/must be a plain name/);
});
