/**
 * One load measurement with autocannon's programmatic API. Latencies are taken
 * from every 2xx response (autocannon's `response` event), so p50/p95/p99 are
 * exact; autocannon's own histogram has no p95 (only p90 and p97.5).
 */
import autocannon, { type Result } from "autocannon";

export interface Measurement {
  scenario: string;
  connections: number;
  seconds: number;
  /** Completed 2xx responses. */
  requests: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Server CPU (all its processes and threads) per 2xx response, and in cores; null when unknown. */
  serverCpuMsPerReq?: number | null;
  serverCores?: number | null;
  /** CPU cores the load generator (this process) used: near 1 means it may be the bottleneck. */
  clientCores?: number;
  /** reqPerSec divided by the baseline's at the same connection count (filled in later). */
  ratio?: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1; // nearest-rank
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

const round = (n: number, digits = 2) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

export function measure(
  scenario: string,
  url: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
  serverCpu: () => number | null = () => null,
): Promise<Measurement> {
  const cpu0 = serverCpu();
  const client0 = process.cpuUsage();
  return new Promise((resolve, reject) => {
    const samples: number[] = [];
    const instance = autocannon({ url, connections, duration: seconds, headers, timeout: 30 }, (err, result: Result) => {
      if (err) return reject(err);
      const sorted = Float64Array.from(samples).sort();
      const sum = samples.reduce((a, b) => a + b, 0);
      const cpu1 = serverCpu();
      const server = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null;
      const client = process.cpuUsage(client0);
      const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
      resolve({
        scenario,
        connections,
        seconds: result.duration,
        requests: samples.length,
        reqPerSec: round(samples.length / result.duration, 1),
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        p99: round(percentile(sorted, 99)),
        mean: round(samples.length ? sum / samples.length : NaN),
        max: round(sorted.length ? sorted[sorted.length - 1] : NaN),
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        statusCodes,
        serverCpuMsPerReq: server !== null && samples.length ? round((server * 1000) / samples.length) : null,
        serverCores: server !== null ? round(server / result.duration) : null,
        clientCores: round((client.user + client.system) / 1e6 / result.duration),
      });
    });
    instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) samples.push(responseTime);
    });
  });
}

/** Requests the page once and checks it is a 200 holding `expect` (not a login redirect or error page). */
export async function checkPage(url: string, headers: Record<string, string>, expect: string): Promise<void> {
  const res = await fetch(url, { headers, redirect: "manual" });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered HTTP ${res.status} ${res.headers.get("location") ?? ""}`.trim());
  if (!body.includes(expect)) throw new Error(`GET ${url} answered 200 but without ${JSON.stringify(expect)}`);
}
