import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";
import { AsyncLocalStorage } from "node:async_hooks";

/** Set while code runs inside one of our `$transaction` calls (see `markTransactions`). */
const insideTransaction = new AsyncLocalStorage<true>();

/**
 * SQLite has one connection per process. Prisma's better-sqlite3 adapter runs
 * queries made outside an interactive transaction on that same connection
 * while the transaction is open, so they become part of it: if the
 * transaction then rolls back, another request's write silently disappears.
 * This wrapper makes every statement outside a transaction wait until no
 * transaction is open, and lets only one transaction open at a time. Code
 * running inside a transaction's own callback (the same request) is not held
 * back: on SQLite its statements join the open transaction, as before. `onConnect` receives the
 * connection's wait-until-idle step, for reads that bypass Prisma (lib/db.server.ts).
 */
export function serializeSqliteTransactions(factory: SqlDriverAdapterFactory, onConnect?: (idle: () => Promise<void>) => void): SqlDriverAdapterFactory {
  return delegate(factory, {
    async connect() {
      const inner = await factory.connect();
      let gate: Promise<void> = Promise.resolve();
      let release: (() => void) | null = null;
      const idle = async () => {
        if (insideTransaction.getStore()) return;
        while (release) await gate;
      };
      onConnect?.(idle);
      const acquire = async () => {
        while (release) await gate;
        gate = new Promise<void>((resolve) => {
          release = () => {
            release = null;
            resolve();
          };
        });
      };
      return delegate<SqlDriverAdapter>(inner, {
        queryRaw: async (query) => (await idle(), inner.queryRaw(query)),
        executeRaw: async (query) => (await idle(), inner.executeRaw(query)),
        executeScript: async (script) => (await idle(), inner.executeScript(script)),
        async startTransaction(isolationLevel) {
          await acquire();
          const done = () => release?.();
          let tx: Transaction;
          try {
            tx = await inner.startTransaction(isolationLevel);
            await takeWriteLock(tx);
          } catch (error) {
            done();
            throw error;
          }
          return delegate<Transaction>(tx, {
            commit: async () => {
              try {
                await tx.commit();
              } finally {
                done();
              }
            },
            rollback: async () => {
              try {
                await tx.rollback();
              } finally {
                done();
              }
            },
          });
        },
      });
    },
  });
}

/**
 * The adapter opens transactions with a deferred BEGIN. With several server processes on one
 * database file (server.mjs runs one per core), a deferred transaction that reads and then
 * writes fails at once with SQLITE_BUSY when another process wrote in between (WAL snapshot),
 * without waiting for the busy timeout. A no-op write as the first statement takes the write
 * lock up front, waiting for it like BEGIN IMMEDIATE would; inside one process transactions are
 * serialized anyway, so this changes nothing else.
 */
async function takeWriteLock(tx: Transaction) {
  try {
    await tx.executeRaw({ sql: 'UPDATE "Job" SET "id" = "id" WHERE 0', args: [], argTypes: [] });
  } catch (error) {
    await tx.rollback().catch(() => {});
    throw error;
  }
}

/** Wraps a client's `$transaction` so that its callback runs marked as "inside a transaction". */
export function markTransactions<C extends { $transaction: (...args: any[]) => any }>(client: C): C {
  const original = client.$transaction.bind(client);
  (client as { $transaction: unknown }).$transaction = (...args: unknown[]) => insideTransaction.run(true, () => original(...args));
  return client;
}

/** An object that behaves like `target` (methods bound to it) with some members replaced. */
function delegate<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(t, prop) {
      if (Object.prototype.hasOwnProperty.call(overrides, prop)) return (overrides as Record<PropertyKey, unknown>)[prop];
      const value = Reflect.get(t, prop, t);
      return typeof value === "function" ? value.bind(t) : value;
    },
  });
}
