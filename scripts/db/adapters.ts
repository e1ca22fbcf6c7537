// Shared driver-adapter plumbing: a Connection is what an engine talks to
// (a migration-aware adapter factory) plus the cleanup of everything it opened.
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

export interface Connection {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Disposes every adapter still open and drops throw-away databases. Idempotent. */
  close(): Promise<void>;
}

/** Connections not closed yet, so an interrupted CLI run can still clean up. */
export const openConnections = new Set<Connection>();

/** Delegates to `inner`, with some methods replaced. */
export function wrapAdapter(inner: SqlDriverAdapter, patch: Partial<SqlDriverAdapter> = {}): SqlDriverAdapter {
  const adapter: SqlDriverAdapter = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => inner.queryRaw(query),
    executeRaw: (query) => inner.executeRaw(query),
    executeScript: (script) => inner.executeScript(script),
    startTransaction: (isolationLevel) => inner.startTransaction(isolationLevel),
    dispose: () => inner.dispose(),
    ...patch,
  };
  if (inner.getConnectionInfo && !patch.getConnectionInfo) {
    adapter.getConnectionInfo = () => inner.getConnectionInfo!();
  }
  return adapter;
}

/**
 * Remembers the adapters handed to the engine: the engine does not always
 * dispose them (and never after an error), which would leave SQLite files
 * locked (the engine sets locking_mode=EXCLUSIVE) and pg pools keeping the
 * process alive.
 */
export class AdapterTracker {
  private open = new Set<SqlDriverAdapter>();

  track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    let disposed: Promise<void> | undefined;
    const tracked = wrapAdapter(adapter, {
      dispose: () => {
        this.open.delete(tracked);
        disposed ??= adapter.dispose();
        return disposed;
      },
    });
    this.open.add(tracked);
    return tracked;
  }

  async disposeAll(): Promise<void> {
    const errors: unknown[] = [];
    for (const adapter of [...this.open]) {
      await adapter.dispose().catch((err: unknown) => errors.push(err));
    }
    if (errors.length) throw errors[0];
  }
}

/** Registers a connection in `openConnections` and makes close() run once. */
export function register(connection: Connection): Connection {
  let closing: Promise<void> | undefined;
  const registered: Connection = {
    factory: connection.factory,
    close: () => {
      closing ??= connection.close().finally(() => openConnections.delete(registered));
      return closing;
    },
  };
  openConnections.add(registered);
  return registered;
}
