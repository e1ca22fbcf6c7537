/**
 * Starts the built app (`node server.mjs`: the production server, one worker per core) on
 * 127.0.0.1 and a free port, and logs benchmark users in through /login.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";

export interface RunningServer {
  origin: string;
  pid: number;
  /** CPU seconds used so far by the server's processes (Linux /proc); null elsewhere. */
  cpuSeconds(): number | null;
  /** Last lines the server printed (for error messages). */
  tail(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** utime + stime of `root` and every process below it, in seconds (assumes USER_HZ = 100). */
function treeCpuSeconds(root: number): number | null {
  try {
    const stats = new Map<number, { ppid: number; ticks: number }>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const line = readFileSync(`/proc/${entry}/stat`, "utf8");
        const f = line.slice(line.lastIndexOf(")") + 2).split(" "); // fields from the 3rd (state) on
        stats.set(Number(entry), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
      } catch {
        // the process ended meanwhile
      }
    }
    let ticks = 0;
    const queue = [root];
    while (queue.length) {
      const pid = queue.pop()!;
      ticks += stats.get(pid)?.ticks ?? 0;
      for (const [child, st] of stats) if (st.ppid === pid) queue.push(child);
    }
    return ticks / 100;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    // The child leads its own process group (detached): this reaches the primary and its workers.
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startServer(dbUrl: string, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (workers inherit the flags).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  // BENCH_SERVER=<path> runs another server script (an earlier server.mjs kept for an A/B run).
  const child = spawn("node", [...nodeArgs, process.env.BENCH_SERVER ?? "server.mjs"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(port),
      NODE_ENV: "production",
      DATABASE_URL: dbUrl,
      SESSION_SECRET: "bench-session-secret-bench-session-secret-0123",
      APP_URL: origin,
      JOBS_WORKER: "off",
      ...extraEnv,
    },
  });
  // Drain the output; keep only the tail.
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split("\n").filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 40);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
  // Last resort: never leave the server behind when this process ends.
  const onExit = () => killGroup(child, "SIGKILL");
  process.once("exit", onExit);

  const server: RunningServer = {
    origin,
    pid: child.pid!,
    cpuSeconds: () => (process.platform === "linux" ? treeCpuSeconds(child.pid!) : null),
    tail: () => lines.slice(-40).join("\n"),
    async stop() {
      process.off("exit", onExit);
      // The primary may exit before its workers: wait for the whole group, then insist.
      killGroup(child, "SIGTERM");
      const deadline = Date.now() + 5_000;
      while (groupAlive(child) && Date.now() < deadline) await sleep(50);
      if (groupAlive(child)) killGroup(child, "SIGKILL");
      await exit;
    },
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`The app exited during start-up:\n${server.tail()}`);
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  await server.stop();
  throw new Error(`The app did not answer ${origin}/healthz within 60 s:\n${server.tail()}`);
}

/** Logs in through the real form and returns the `cw_session=...` cookie pair. */
export async function logIn(origin: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }).toString(),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("cw_session="));
  if (res.status < 300 || res.status >= 400 || !cookie) {
    const body = (await res.text()).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").slice(0, 300);
    throw new Error(`Logging in as ${email} failed (HTTP ${res.status}): ${body}`);
  }
  return cookie;
}
