import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
import { writeAtomically } from "~/services/raw-query.server";
import { createUser } from "../factories";

test("a write made while another request's transaction is open survives that transaction's rollback", async () => {
  const db = getDb();
  const user = await createUser();
  let opened!: () => void;
  const transactionOpen = new Promise<void>((r) => (opened = r));
  // Another request, started outside the transaction, writes while it is open.
  const outsideDone = (async () => {
    await transactionOpen;
    return db.outboxMail.create({ data: { to: "x@example.org", subject: "kept", text: "kept" } });
  })();
  const failing = db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { displayName: "inside" } });
    opened();
    await new Promise((r) => setTimeout(r, 50));
    throw new Error("rollback on purpose");
  });
  await expect(failing).rejects.toThrow("rollback on purpose");
  await outsideDone;
  expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).displayName).toBe(user.displayName);
  expect(await db.outboxMail.count({ where: { subject: "kept" } })).toBe(1);
});

test("many concurrent transactions and plain writes all land", async () => {
  const db = getDb();
  await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      i % 2
        ? db.$transaction(async (tx) => {
            await tx.outboxMail.create({ data: { to: `t${i}@example.org`, subject: "burst", text: "tx" } });
          })
        : db.outboxMail.create({ data: { to: `p${i}@example.org`, subject: "burst", text: "plain" } }),
    ),
  );
  expect(await db.outboxMail.count({ where: { subject: "burst" } })).toBe(40);
});

test.runIf(process.env.TEST_DB !== "postgresql")("the SQLite connection runs in WAL mode and does not fsync every commit", async () => {
  const db = getDb();
  const [mode] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
  const [sync] = await db.$queryRawUnsafe<{ synchronous: number | bigint }[]>("PRAGMA synchronous");
  expect(mode.journal_mode).toBe("wal");
  // 1 = NORMAL (2 = FULL would wait for an fsync of the log on each commit).
  expect(Number(sync.synchronous)).toBe(1);
});

const mail = (subject: string, at: Date) => ({
  sql: `INSERT INTO "OutboxMail" ("id", "to", "subject", "text", "transport", "createdAt", "updatedAt") VALUES ($1, $2, $3, $3, 'outbox', $4, $4)`,
  params: [randomUUID(), "w@example.org", subject, at],
});

test("writeAtomically: all statements land, or none when one fails", async () => {
  const db = getDb();
  const at = new Date("2027-03-01T12:00:00.250Z");
  await writeAtomically([mail("atomic one", at), mail("atomic two", at)]);
  const rows = await db.outboxMail.findMany({ where: { subject: { startsWith: "atomic" } }, orderBy: { subject: "asc" } });
  expect(rows.map((r) => r.subject)).toEqual(["atomic one", "atomic two"]);
  // Written as Prisma writes dates, so Prisma reads them back exactly.
  expect(rows[0].createdAt.toISOString()).toBe(at.toISOString());
  const duplicate = mail("never", at);
  await expect(writeAtomically([mail("rolled back", at), duplicate, { ...duplicate, params: [duplicate.params[0], "x", "y", at] }])).rejects.toThrow();
  expect(await db.outboxMail.count({ where: { subject: { in: ["rolled back", "never"] } } })).toBe(0);
});

test("writeAtomically waits for another request's open transaction instead of joining it", async () => {
  const db = getDb();
  let opened!: () => void;
  const transactionOpen = new Promise<void>((r) => (opened = r));
  const outsideDone = (async () => {
    await transactionOpen;
    await writeAtomically([mail("outside the failed transaction", new Date())]);
  })();
  const failing = db.$transaction(async (tx) => {
    await tx.outboxMail.create({ data: { to: "in@example.org", subject: "inside", text: "inside" } });
    opened();
    await new Promise((r) => setTimeout(r, 50));
    throw new Error("rollback on purpose");
  });
  await expect(failing).rejects.toThrow("rollback on purpose");
  await outsideDone;
  expect(await db.outboxMail.count({ where: { subject: "inside" } })).toBe(0);
  expect(await db.outboxMail.count({ where: { subject: "outside the failed transaction" } })).toBe(1);
});
