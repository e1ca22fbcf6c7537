// Loads @prisma/schema-engine-wasm in Node. The package is a bundler build
// (`import * as wasm from "./schema_engine_bg.wasm"`), so we instantiate the
// .wasm by hand with the glue from schema_engine_bg.js.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

export type { SchemaEngine };
export type * from "@prisma/schema-engine-wasm";

/** The bg glue reports Rust panics here; without it a panic becomes a TypeError. */
class PanicRegistry {
  message = "";
  get() {
    return this.message;
  }
  set_message(value: string) {
    this.message = `RuntimeError: ${value}`;
  }
}
const panics = new PanicRegistry();
// Prisma Client installs its own registry (that one throws): keep it if present.
(globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY ??= panics;

/**
 * The engine arms timeouts with setTimeout (e.g. 10 s around the PostgreSQL
 * advisory lock) and never clears them: unref them, or every run would keep
 * the process alive for 10 s after its work is done.
 */
function withUnrefTimers(imports: WebAssembly.ModuleImports): WebAssembly.ModuleImports {
  const patched = { ...imports };
  for (const name of Object.keys(imports).filter((key) => key.startsWith("__wbg_setTimeout_"))) {
    const original = imports[name] as (callback: () => void, ms: number) => ReturnType<typeof setTimeout>;
    patched[name] = (callback: () => void, ms: number) => {
      if (process.env.DEBUG_SCHEMA_ENGINE) console.error(`[schema-engine] setTimeout ${ms >>> 0} ms`);
      const timer = original(callback, ms);
      timer.unref?.();
      return timer;
    };
  }
  return patched;
}

let loading: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    const bytes = await readFile(join(dir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": withUnrefTimers(bg as unknown as WebAssembly.ModuleImports),
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return loading;
}

/** Engine errors are Error objects or plain JSON strings: make them readable. */
export function engineError(err: unknown): Error {
  if (panics.message) {
    const message = panics.message;
    panics.message = "";
    return new Error(`Schema engine panicked: ${message}`, { cause: err });
  }
  if (err instanceof Error) return err;
  if (typeof err === "string") {
    try {
      const parsed = JSON.parse(err) as { message?: string; error_code?: string };
      if (parsed.message) return new Error(parsed.error_code ? `${parsed.error_code}: ${parsed.message}` : parsed.message);
    } catch {
      /* not JSON */
    }
    return new Error(err);
  }
  if (err && typeof err === "object" && "message" in err) {
    const { message, error_code } = err as { message: string; error_code?: string };
    return new Error(error_code ? `${error_code}: ${message}` : message);
  }
  return new Error(String(err));
}

export interface SchemaFile {
  path: string;
  content: string;
}

/** Opens an engine for one schema, talking to the database through `factory`. */
export async function openEngine(
  schema: SchemaFile,
  factory: SqlMigrationAwareDriverAdapterFactory,
): Promise<SchemaEngine> {
  await loadWasm();
  const log = (line: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) console.error(`[schema-engine] ${line}`);
  };
  try {
    return await bg.SchemaEngine.new(
      { datamodels: [[schema.path, schema.content]] },
      log,
      bindMigrationAwareSqlAdapterFactory(factory),
    );
  } catch (err) {
    throw engineError(err);
  }
}

/** Runs one engine call, turning engine rejections into readable errors. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw engineError(err);
  }
}
