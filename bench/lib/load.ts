/**
 * One load measurement with autocannon's programmatic API. Latencies are taken
 * from every 2xx response (autocannon's `response` event), so p50/p95/p99 are
 * exact; autocannon's own histogram has no p95 (only p90 and p97.5).
 */
import autocannon, { type Options, type Result } from "autocannon";

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

/** A request to load-test: GET by default; writes (a reply, a progress save) send a method and body. */
export interface RequestSpec {
  url: string;
  method?: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
}

/** Load-tests a GET of `url`. */
export function measure(
  scenario: string,
  url: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
  serverCpu: () => number | null = () => null,
): Promise<Measurement> {
  return measureRequest(scenario, { url, headers }, connections, seconds, serverCpu);
}

/** Load-tests any request (each one really runs: a POST inserts every time). */
export function measureRequest(
  scenario: string,
  spec: RequestSpec,
  connections: number,
  seconds: number,
  serverCpu: () => number | null = () => null,
): Promise<Measurement> {
  const cpu0 = serverCpu();
  const client0 = process.cpuUsage();
  // autocannon 9 takes method and body too; our declaration file lists only what GETs use.
  const options = { url: spec.url, method: spec.method ?? "GET", body: spec.body, connections, duration: seconds, headers: spec.headers, timeout: 30 };
  return new Promise((resolve, reject) => {
    const samples: number[] = [];
    const instance = autocannon(options as Options, (err, result: Result) => {
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

/** Sends the request once and checks it is a 200 holding `expect`. */
export async function checkRequest(spec: RequestSpec, expect: string): Promise<void> {
  const res = await fetch(spec.url, { method: spec.method ?? "GET", headers: spec.headers, body: spec.body, redirect: "manual" });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${spec.method ?? "GET"} ${spec.url} answered HTTP ${res.status}: ${body.slice(0, 300)}`);
  if (!body.includes(expect)) throw new Error(`${spec.method ?? "GET"} ${spec.url} answered 200 but without ${JSON.stringify(expect)}: ${body.slice(0, 300)}`);
}

/** Requests the page once and checks it is a 200 holding `expect` (not a login redirect or error page). */
export async function checkPage(url: string, headers: Record<string, string>, expect: string): Promise<void> {
  const res = await fetch(url, { headers, redirect: "manual" });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered HTTP ${res.status} ${res.headers.get("location") ?? ""}`.trim());
  if (!body.includes(expect)) throw new Error(`GET ${url} answered 200 but without ${JSON.stringify(expect)}`);
}
