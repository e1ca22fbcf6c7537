/**
 * The production server (`npm start`): Node's HTTP server answering with the Remix build (no Express:
 * server/remix-handler.mjs says why), one worker process per
 * CPU core (WEB_CONCURRENCY overrides), so a two-core machine answers two requests at once.
 *
 * - Static files: `build/client/assets` (hashed names) immutable for a year, the rest of
 *   `build/client` (Vite copies public/ there) for an hour.
 * - Responses are gzip-compressed at level COMPRESSION_LEVEL (default 1: most of the size win for
 *   a fraction of level 6's CPU; a proxy in front may recompress), except answers to POSTs.
 * - One access-log line a request only with ACCESS_LOG=1 (a reverse proxy usually logs already).
 * - The socket's peer address reaches the app as `x-coursework-peer` (any such header sent by
 *   the client is dropped), for per-IP rate limits when no trusted proxy is in front.
 * - SIGTERM/SIGINT: workers stop accepting, finish their requests and exit.
 * - Streamed responses can wait for the client: the load context's `backpressure()` (below).
 * - Each worker's V8 old space is capped at WORKER_HEAP_MB (default 384; 0 = Node's default,
 *   which on a big machine lets garbage grow a worker by hundreds of MB before V8 collects it),
 *   unless NODE_OPTIONS or the server's own flags already set --max-old-space-size.
 */
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { readdirSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { setTimeout } from "node:timers";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import serveStatic from "serve-static";
import { failRequest, remixHandler } from "./server/remix-handler.mjs";

/**
 * Remix's adapter writes a streamed body as fast as it can read it, ignoring `res.write`'s "buffer
 * full" answer, so a long download to a slow client would pile up in memory. A loader that streams
 * calls `context.backpressure()` once, before returning its Response, and awaits the function it
 * gets before producing each chunk: it resolves at once while the response (or its gzip stream)
 * accepts more, else on "drain", and with false once the client has gone.
 */
function backpressure(res) {
  let full = false;
  let wake = null;
  const write = res.write;
  res.write = function (...args) {
    const ok = write.apply(this, args);
    full = !ok;
    return ok;
  };
  const settle = () => {
    full = false;
    const resolve = wake;
    wake = null;
    resolve?.(!res.destroyed);
  };
  let listening = false;
  return () => {
    if (res.destroyed) return Promise.resolve(false);
    if (!full) return Promise.resolve(true);
    if (!listening) {
      // Compression's res.on("drain") listens to its gzip stream, which drains once the socket has.
      listening = true;
      res.on("drain", settle);
      res.on("close", settle);
    }
    return new Promise((resolve) => (wake = resolve));
  };
}

const BUILD = path.resolve(process.env.REMIX_BUILD ?? "build/server/index.js");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const workerCount = Math.max(1, Number(process.env.WEB_CONCURRENCY) || availableParallelism());
const workerHeapMb = process.env.WORKER_HEAP_MB ?? "384";
if (!/^\d+$/.test(workerHeapMb)) {
  console.error(`[coursework] WORKER_HEAP_MB must be a whole number of megabytes (0 for Node's default), not "${workerHeapMb}".`);
  process.exit(1);
}

if (cluster.isPrimary && workerCount > 1) {
  let stopping = false;
  const heapSet = [process.env.NODE_OPTIONS ?? "", ...process.execArgv].some((flag) => /--max[-_]old[-_]space[-_]size/.test(flag));
  if (Number(workerHeapMb) > 0 && !heapSet) cluster.setupPrimary({ execArgv: [...process.execArgv, `--max-old-space-size=${workerHeapMb}`] });
  for (let i = 0; i < workerCount; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`[coursework] worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  for (const sig of ["SIGTERM", "SIGINT"]) {
    process.once(sig, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
      setTimeout(() => process.exit(0), 10_000).unref();
    });
  }
  console.log(`[coursework] http://${host === "0.0.0.0" ? "localhost" : host}:${port} (${workerCount} workers)`);
} else {
  const build = await import(BUILD);
  installGlobals({ nativeFetch: build.future?.v3_singleFetch });
  // clientGone(): the connection closed before the answer was complete (errors of such requests are not logged).
  const loadContext = (_req, res) => ({ backpressure: () => backpressure(res), clientGone: () => res.destroyed && !res.writableFinished });
  const remix = remixHandler({ build, mode: process.env.NODE_ENV, getLoadContext: loadContext });
  // Not for POST: an action's answer is a redirect or a few hundred bytes of data, but streamed, so
  // the 1 kB threshold can't see its size, and a gzip stream per answer cost ~10 % of posting a
  // reply. Pages rendered after a form post are gzipped by entry.server.tsx all the same.
  const compressible = (req, res) => req.method !== "POST" && compression.filter(req, res);
  const compress = compression({ level: Number(process.env.COMPRESSION_LEVEL ?? 1), filter: compressible });
  const serveAssets = serveStatic(path.join(build.assetsBuildDirectory, "assets"), { immutable: true, maxAge: "1y", index: false, redirect: false });
  // The other files Vite copied from public/ (robots.txt…), read once: probing the disk for every
  // page request cost a stat call each.
  const publicFiles = new Set(
    readdirSync(build.assetsBuildDirectory, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => "/" + path.relative(build.assetsBuildDirectory, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join("/"))
      .filter((file) => !file.startsWith("/assets/")),
  );
  const servePublic = serveStatic(build.assetsBuildDirectory, { maxAge: "1h", index: false });
  const accessLog = process.env.ACCESS_LOG === "1";

  const server = createServer((req, res) => {
    if (accessLog) {
      const start = process.hrtime.bigint();
      res.on("finish", () => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        console.log(`${req.method} ${req.url} ${res.statusCode} ${ms.toFixed(1)} ms`);
      });
    }
    req.headers["x-coursework-peer"] = req.socket.remoteAddress ?? "unknown";
    compress(req, res, (error) => {
      if (error) return failRequest(res, error);
      // Files first (GET and HEAD; a file that is not there falls through to Remix's 404 page).
      const query = req.url.indexOf("?");
      const pathname = query === -1 ? req.url : req.url.slice(0, query);
      const toRemix = (error) => (error ? failRequest(res, error) : remix(req, res));
      if (pathname.startsWith("/assets/")) {
        // Served from the assets folder itself, as a mounted Express static did: "/assets/../x" is
        // outside it (refused, then Remix's 404), never another file with a year's cache.
        const url = req.url;
        req.url = url.slice("/assets".length);
        serveAssets(req, res, (error) => ((req.url = url), toRemix(error)));
      } else if (publicFiles.has(pathname)) servePublic(req, res, toRemix);
      else remix(req, res);
    });
  });
  server.listen(port, host, () => {
    if (workerCount === 1) console.log(`[coursework] http://${host === "0.0.0.0" ? "localhost" : host}:${port}`);
  });
  for (const sig of ["SIGTERM", "SIGINT"]) {
    process.once(sig, () => {
      server.close(() => process.exit(0));
      setTimeout(() => process.exit(0), 8_000).unref();
    });
  }
}
