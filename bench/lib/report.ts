/** Prints the benchmark table and budget verdicts, and writes the JSON record. */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import type { Measurement } from "./load.ts";
import type { Scenario } from "./scenarios.ts";

export interface BudgetVerdict {
  scenario: string;
  connections: number;
  p95Ms: number;
  measuredP95: number | null;
  pass: boolean;
}

export function fillRatios(results: Measurement[], baseline: string): void {
  for (const m of results) {
    const base = results.find((b) => b.scenario === baseline && b.connections === m.connections);
    m.ratio = base && base.reqPerSec > 0 ? Number((m.reqPerSec / base.reqPerSec).toFixed(3)) : undefined;
  }
}

export function checkBudgets(scenarios: Scenario[], results: Measurement[]): BudgetVerdict[] {
  return scenarios
    .filter((s) => s.budget)
    .map((s) => {
      const { connections, p95Ms } = s.budget!;
      const m = results.find((r) => r.scenario === s.name && r.connections === connections);
      const clean = m && m.non2xx === 0 && m.errors === 0 && m.requests > 0;
      return { scenario: s.name, connections, p95Ms, measuredP95: m?.p95 ?? null, pass: Boolean(clean && m.p95 <= p95Ms) };
    });
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

export function formatResults(results: Measurement[]): string {
  const sorted = [...results].sort((a, b) => a.connections - b.connections);
  return table(
    ["scenario", "conns", "p50 ms", "p95 ms", "p99 ms", "req/s", "ratio", "srv cpu ms/req", "srv cores", "client cores", "non-2xx", "errors"],
    sorted.map((m) => [
      m.scenario, m.connections, m.p50, m.p95, m.p99, m.reqPerSec, m.ratio?.toFixed(2) ?? "-",
      m.serverCpuMsPerReq ?? "-", m.serverCores ?? "-", m.clientCores ?? "-", m.non2xx, m.errors + m.timeouts,
    ]),
  );
}

export function formatBudgets(verdicts: BudgetVerdict[]): string {
  return verdicts
    .map((v) => `${v.pass ? "PASS" : "FAIL"}  ${v.scenario}: p95 ${v.measuredP95 ?? "n/a"} ms at ${v.connections} connections (budget <= ${v.p95Ms} ms)`)
    .join("\n");
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

export interface RunInfo {
  size: string;
  database: string;
  durationSeconds: number;
  connections: number[];
  gzip: boolean;
  /** 1-minute load average when the measurements started (other work on the machine skews results). */
  loadAvgAtStart: number;
  dataCounts?: Record<string, number>;
  scenarios: Scenario[];
}

/** Writes bench/results/<ISO timestamp>-<git short sha>.json and returns its path. */
export function writeResults(dir: string, info: RunInfo, results: Measurement[], budgets: BudgetVerdict[]): string {
  const started = new Date();
  const sha = git(["rev-parse", "--short", "HEAD"]) || "nogit";
  const dirty = git(["status", "--porcelain", "--untracked-files=no"]) !== "";
  const record = {
    version: 1,
    timestamp: started.toISOString(),
    git: { sha, dirty },
    machine: { node: process.version, platform: `${process.platform}-${process.arch}`, cores: cpus().length, cpu: cpus()[0]?.model ?? "",
      loadAvgAtStart: info.loadAvgAtStart, loadAvgAtEnd: Number(loadavg()[0].toFixed(2)) },
    size: info.size,
    database: info.database.startsWith("file:") ? "sqlite" : "postgresql",
    durationSeconds: info.durationSeconds,
    connections: info.connections,
    gzip: info.gzip,
    dataCounts: info.dataCounts ?? null,
    scenarios: info.scenarios.map(({ name, path, as, description, budget }) => ({ name, path, as, description, budget: budget ?? null })),
    results,
    budgets,
  };
  mkdirSync(dir, { recursive: true });
  const stamp = `${started.toISOString().slice(0, 19).replace(/:/g, "-")}Z`;
  const file = join(dir, `${stamp}-${sha}.json`);
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}
