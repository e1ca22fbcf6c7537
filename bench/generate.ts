/**
 * Benchmark data generator:
 *   npm run bench:data -- --size S|M|L [--db file:./bench/.data/bench-L.db | postgresql://...]
 * Empties the database (SQLite: deletes the file; PostgreSQL: recreates the
 * schema), applies the migrations, then bulk-inserts a preset from
 * bench/lib/sizes.ts. Every account's password is BENCH_PASSWORD.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { hashPassword } from "../app/lib/password.server.ts";
import { resetDatabase } from "../scripts/db/engine.ts";
import { openWriter } from "./lib/bulk.ts";
import { buildDataset } from "./lib/dataset.ts";
import { BENCH_PASSWORD, defaultDbUrl, sizeOf, type SizePreset } from "./lib/sizes.ts";

export interface GenerateResult {
  url: string;
  size: SizePreset["name"];
  counts: Record<string, number>;
  seconds: number;
}

let sharedHash: Promise<string> | undefined;

export async function generate(size: SizePreset, url = defaultDbUrl(size.name), log = console.log): Promise<GenerateResult> {
  const started = performance.now();
  await resetDatabase(url);
  const migrated = performance.now();
  sharedHash ??= hashPassword(BENCH_PASSWORD);
  const { tables } = buildDataset(size, await sharedHash);
  const writer = await openWriter(url);
  const counts: Record<string, number> = {};
  try {
    for (const [table, rows] of tables) {
      await writer.insert(table, rows);
      counts[table] = rows.length;
    }
    await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  const summary = Object.entries(counts).map(([t, n]) => `${n.toLocaleString("en")} ${t}`).join(", ");
  log(`bench data ${size.name} -> ${url.replace(/\/\/[^@/]*@/, "//***@")}: ${summary}`);
  log(`  reset+migrate ${((migrated - started) / 1000).toFixed(2)} s, total ${seconds.toFixed(2)} s`);
  return { url, size: size.name, counts, seconds };
}

async function main() {
  const { values } = parseArgs({ options: { size: { type: "string", default: "S" }, db: { type: "string" } } });
  const size = sizeOf(values.size!);
  await generate(size, values.db ?? defaultDbUrl(size.name));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
