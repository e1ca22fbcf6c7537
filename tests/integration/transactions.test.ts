import { expect, test } from "vitest";
import { getDb } from "~/lib/db.server";
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
