/**
 * CSV export budget: the big course's gradebook (10,000 students × 100 assignments at L) is
 * downloaded in ≤ 10 s with the server's memory under 300 MB.
 *   npx tsx bench/csv-export.ts [--size S|M|L] [--db url] [--runs 2] [--node-options "--max-old-space-size=128"]
 * Builds nothing (run `npm run build` first, under the build lock). Uses its own database
 * (bench/lib/gradebook-db.ts), logs in as the instructor through /login, streams the CSV while
 * sampling the server's process tree RSS every 50 ms, checks the header and the row count, and
 * writes bench/results/<time>-csv-export.json.
 */
import { execSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { BURST_ASSIGNMENT_ID, GRADEBOOK_ASSIGNMENTS } from "./lib/gradebook-dataset.ts";
import { gradebookDbUrl, prepareGradebookDb, sampleMemory, treeRssMb } from "./lib/gradebook-db.ts";
import { openWriter } from "./lib/bulk.ts";
import { logIn, startServer } from "./lib/server.ts";
import { BENCH_ACCOUNTS, BENCH_PASSWORD, BIG_COURSE_SLUG, sizeOf } from "./lib/sizes.ts";

const BUDGET_SECONDS = 10;
const BUDGET_MB = 300;

async function download(url: string, cookie: string) {
  const started = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  if (res.status !== 200 || !res.headers.get("content-type")?.startsWith("text/csv")) throw new Error(`CSV export answered HTTP ${res.status} (${res.headers.get("content-type")}).`);
  let firstByteMs = 0;
  let bytes = 0;
  let lines = 0;
  let header = "";
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (!firstByteMs) firstByteMs = performance.now() - started;
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
    if (header.length < 20_000 && !header.includes("\n")) header += decoder.decode(chunk, { stream: true });
  }
  return { seconds: (performance.now() - started) / 1000, firstByteMs, bytes, lines, header: header.split("\r\n")[0] };
}

async function main() {
  const { values } = parseArgs({ options: { size: { type: "string", default: "L" }, db: { type: "string" }, runs: { type: "string", default: "2" }, "node-options": { type: "string" } } });
  const size = sizeOf(values.size!);
  const url = values.db ?? gradebookDbUrl(size.name);
  if (!existsSync("build/server/index.js")) throw new Error("Run `npm run build` first (under flock /tmp/cw-build.lock).");
  const course = await prepareGradebookDb(size, url);
  // A crashed burst run could have left its assignment behind: it would add a CSV column.
  const writer = await openWriter(url);
  await writer.exec(`DELETE FROM "Assignment" WHERE "id" = '${BURST_ASSIGNMENT_ID}'`);
  await writer.finish();

  // --node-options goes to the server only (e.g. a V8 heap cap, to tell live memory from lazy GC).
  const server = await startServer(url, { JOBS_WORKER: "off", ...(values["node-options"] ? { NODE_OPTIONS: values["node-options"] } : {}) });
  const runs = [];
  try {
    const cookie = await logIn(server.origin, BENCH_ACCOUNTS.bigInstructor, BENCH_PASSWORD);
    const csvUrl = `${server.origin}/courses/${BIG_COURSE_SLUG}/gradebook.csv`;
    for (let i = 0; i < Number(values.runs); i++) {
      const idle = treeRssMb(server.pid);
      const cpuBefore = server.cpuSeconds() ?? 0;
      const memory = sampleMemory(server.pid, 50);
      const got = await download(csvUrl, cookie);
      const mem = memory.stop();
      const serverCpuSeconds = (server.cpuSeconds() ?? 0) - cpuBefore;
      const columns = got.header.split(",").filter((h) => / pts\)"?$/.test(h)).length;
      const rows = got.lines - 1;
      const ok = rows === course.enrollmentIds.length && columns === GRADEBOOK_ASSIGNMENTS;
      const run = { run: i + 1, idleLargestProcessMb: idle.largest, ...mem, serverCpuSeconds, seconds: got.seconds, firstByteMs: got.firstByteMs, megabytes: got.bytes / 1e6, rows, assignmentColumns: columns, ok };
      runs.push(run);
      console.log(
        `run ${i + 1}: ${rows.toLocaleString("en")} rows × ${columns} assignments, ${(got.bytes / 1e6).toFixed(1)} MB in ${got.seconds.toFixed(2)} s ` +
          `(first byte ${got.firstByteMs.toFixed(0)} ms, server CPU ${serverCpuSeconds.toFixed(1)} s); ` +
          `peak RSS: server ${mem.peakLargestProcessMb.toFixed(0)} MB (idle before: ${idle.largest.toFixed(0)} MB), tree incl. npx ${mem.peakTreeMb.toFixed(0)} MB (${mem.samples} samples)`,
      );
      if (!ok) throw new Error(`Expected ${course.enrollmentIds.length} rows × ${GRADEBOOK_ASSIGNMENTS} assignments, got ${rows} × ${columns}.`);
    }
  } finally {
    await server.stop();
  }
  const worst = { seconds: Math.max(...runs.map((r) => r.seconds)), peakTreeMb: Math.max(...runs.map((r) => r.peakTreeMb)), peakLargestProcessMb: Math.max(...runs.map((r) => r.peakLargestProcessMb)) };
  const pass = worst.seconds <= BUDGET_SECONDS && worst.peakLargestProcessMb < BUDGET_MB;
  console.log(`budget: ≤ ${BUDGET_SECONDS} s and < ${BUDGET_MB} MB (server process) → ${pass ? "PASS" : "FAIL"} (worst ${worst.seconds.toFixed(2)} s, ${worst.peakLargestProcessMb.toFixed(0)} MB; tree incl. npx ${worst.peakTreeMb.toFixed(0)} MB)`);
  const sha = execSync("git rev-parse --short HEAD").toString().trim();
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, "-")}-csv-export.json`;
  writeFileSync(
    file,
    JSON.stringify(
      {
        version: 1,
        timestamp: new Date().toISOString(),
        git: { sha, dirty: execSync("git status --porcelain").toString().trim() !== "" },
        machine: { node: process.version, cores: cpus().length, loadAvg: loadavg() },
        size: size.name,
        serverNodeOptions: values["node-options"] ?? null,
        database: url.startsWith("file:") ? "sqlite" : "postgresql",
        students: course.enrollmentIds.length,
        assignments: GRADEBOOK_ASSIGNMENTS,
        budget: { seconds: BUDGET_SECONDS, megabytes: BUDGET_MB },
        runs,
        worst,
        pass,
      },
      null,
      2,
    ),
  );
  console.log(`written ${file}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
