import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";

/**
 * SQLite has one connection per process. Prisma's better-sqlite3 adapter runs
 * queries made outside an interactive transaction on that same connection
 * while the transaction is open, so they become part of it: if the
 * transaction then rolls back, another request's write silently disappears.
 * This wrapper makes every statement outside a transaction wait until no
 * transaction is open, and lets only one transaction open at a time.
 */
export function serializeSqliteTransactions(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return delegate(factory, {
    async connect() {
      const inner = await factory.connect();
      let gate: Promise<void> = Promise.resolve();
      let release: (() => void) | null = null;
      const idle = async () => {
        while (release) await gate;
      };
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
