/**
 * A small in-process fake of the Mux endpoints the app calls, for tests and
 * for local development without the internet. Point the SDK at it with
 * MUX_API_BASE=<url>. Any request it does not know answers 500 and logs with
 * console.error, which fails the running test.
 *
 *   POST /video/v1/uploads               create a direct upload (url = PUT target below)
 *   GET  /video/v1/uploads/:id           read an upload
 *   PUT  /video/v1/uploads/:id/cancel    cancel a waiting upload
 *   GET  /video/v1/assets/:id            read an asset
 *   DELETE /video/v1/assets/:id          delete an asset
 *   PUT  /direct-upload/:id              the browser's upload (creates a "preparing" asset)
 *
 * Local dev: `npx tsx tests/fakes/mux-server.ts` listens on FAKE_MUX_PORT
 * (4010) and, with FAKE_MUX_WEBHOOK_URL and MUX_WEBHOOK_SECRET set, sends
 * signed webhooks to the app: upload.asset_created after the PUT and
 * asset.ready two seconds later.
 */
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

export type FakeUpload = {
  id: string;
  url: string;
  status: "waiting" | "asset_created" | "errored" | "cancelled" | "timed_out";
  cors_origin: string;
  timeout: number;
  new_asset_settings?: { playback_policies?: string[]; passthrough?: string };
  asset_id?: string;
  error?: { type: string; message: string };
  /** Bytes received by the PUT (not part of Mux's API). */
  receivedBytes?: number;
};

export type FakeAsset = {
  id: string;
  status: "preparing" | "ready" | "errored";
  upload_id?: string;
  passthrough?: string;
  duration?: number;
  playback_ids?: Array<{ id: string; policy: string }>;
  errors?: { type: string; messages: string[] };
  created_at: string;
};

export type FakeMux = {
  /** Base URL for the SDK (MUX_API_BASE). */
  url: string;
  uploads: Map<string, FakeUpload>;
  assets: Map<string, FakeAsset>;
  /** Every request, as "METHOD /path". */
  requests: string[];
  /** What the browser's PUT would do: the upload gets a "preparing" asset. */
  receiveUpload(uploadId: string, bytes?: number): FakeAsset;
  /** Mux finished encoding: the asset is ready with one playback id per requested policy. */
  finishAsset(assetId: string, duration?: number): FakeAsset;
  failAsset(assetId: string, message: string): FakeAsset;
  /** Answer the next n API requests with 503 (to test retries by Mux). */
  failNextRequests(n: number): void;
  /** Called after the browser's PUT (the standalone mode sends webhooks from here). */
  hooks: { afterPut?: (upload: FakeUpload, asset: FakeAsset) => void };
  close(): Promise<void>;
};

const id = (prefix: string) => `${prefix}${randomBytes(9).toString("hex")}`;

/** The `mux-signature` header value for a webhook body, as Mux signs it. */
export function signMuxWebhook(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

/** A webhook event body like Mux sends (the parts the app reads, plus a few realistic fields). */
export function muxEvent(type: string, data: { id: string } & Record<string, unknown>, eventId = crypto.randomUUID()) {
  return JSON.stringify({
    id: eventId,
    type,
    created_at: new Date().toISOString(),
    object: { type: type.split(".")[1], id: data.id },
    environment: { name: "Fake", id: "fake-env" },
    attempts: [],
    data,
  });
}

export async function startFakeMux(options: { port?: number; tokenId?: string; tokenSecret?: string } = {}): Promise<FakeMux> {
  const uploads = new Map<string, FakeUpload>();
  const assets = new Map<string, FakeAsset>();
  const requests: string[] = [];
  let failures = 0;
  let base = "";
  const expectedAuth =
    options.tokenId && options.tokenSecret ? `Basic ${Buffer.from(`${options.tokenId}:${options.tokenSecret}`).toString("base64")}` : null;

  const send = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const notFound = (res: ServerResponse, what: string) => send(res, 404, { error: { type: "not_found", messages: [`${what} not found`] } });

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  function receiveUpload(uploadId: string, bytes = 0): FakeAsset {
    const upload = uploads.get(uploadId);
    if (!upload) throw new Error(`fake Mux: no upload ${uploadId}`);
    const asset: FakeAsset = {
      id: id("asset"),
      status: "preparing",
      upload_id: upload.id,
      passthrough: upload.new_asset_settings?.passthrough,
      created_at: String(Math.floor(Date.now() / 1000)),
    };
    assets.set(asset.id, asset);
    Object.assign(upload, { status: "asset_created", asset_id: asset.id, receivedBytes: bytes });
    return asset;
  }

  function finishAsset(assetId: string, duration = 42.5): FakeAsset {
    const asset = assets.get(assetId);
    if (!asset) throw new Error(`fake Mux: no asset ${assetId}`);
    const upload = asset.upload_id ? uploads.get(asset.upload_id) : undefined;
    const policies = upload?.new_asset_settings?.playback_policies ?? ["public"];
    Object.assign(asset, { status: "ready", duration, playback_ids: policies.map((policy) => ({ id: id("pb"), policy })) });
    return asset;
  }

  function failAsset(assetId: string, message: string): FakeAsset {
    const asset = assets.get(assetId);
    if (!asset) throw new Error(`fake Mux: no asset ${assetId}`);
    Object.assign(asset, { status: "errored", errors: { type: "invalid_input", messages: [message] } });
    return asset;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    requests.push(`${method} ${path}`);
    let m: RegExpExecArray | null;

    if ((m = /^\/direct-upload\/([\w-]+)$/.exec(path))) {
      if (method === "OPTIONS") {
        res.writeHead(204, { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "PUT", "Access-Control-Allow-Headers": "*" });
        return res.end();
      }
      if (method === "PUT") {
        const upload = uploads.get(m[1]);
        if (!upload || upload.status !== "waiting") return notFound(res, "upload");
        const body = await readBody(req);
        const asset = receiveUpload(upload.id, body.byteLength);
        hooks.afterPut?.(upload, asset);
        return send(res, 200);
      }
    }

    if (path.startsWith("/video/v1/")) {
      if (expectedAuth && req.headers.authorization !== expectedAuth) {
        return send(res, 401, { error: { type: "unauthorized", messages: ["Unauthorized request"] } });
      }
      if (failures > 0) {
        failures--;
        return send(res, 503, { error: { type: "unavailable", messages: ["Fake outage"] } });
      }
      if (method === "POST" && path === "/video/v1/uploads") {
        const input = JSON.parse((await readBody(req)).toString("utf8") || "{}");
        const upload: FakeUpload = {
          id: id("up"),
          url: "",
          status: "waiting",
          cors_origin: input.cors_origin ?? "*",
          timeout: input.timeout ?? 3600,
          new_asset_settings: input.new_asset_settings,
        };
        upload.url = `${base}/direct-upload/${upload.id}`;
        uploads.set(upload.id, upload);
        return send(res, 201, { data: publicUpload(upload) });
      }
      if ((m = /^\/video\/v1\/uploads\/([\w-]+)$/.exec(path)) && method === "GET") {
        const upload = uploads.get(m[1]);
        return upload ? send(res, 200, { data: publicUpload(upload) }) : notFound(res, "upload");
      }
      if ((m = /^\/video\/v1\/uploads\/([\w-]+)\/cancel$/.exec(path)) && method === "PUT") {
        const upload = uploads.get(m[1]);
        if (!upload) return notFound(res, "upload");
        if (upload.status !== "waiting") return send(res, 400, { error: { type: "invalid_parameters", messages: ["Upload is not waiting"] } });
        upload.status = "cancelled";
        return send(res, 200, { data: publicUpload(upload) });
      }
      if ((m = /^\/video\/v1\/assets\/([\w-]+)$/.exec(path))) {
        const asset = assets.get(m[1]);
        if (!asset) return notFound(res, "asset");
        if (method === "GET") return send(res, 200, { data: asset });
        if (method === "DELETE") {
          assets.delete(asset.id);
          res.writeHead(204);
          return res.end();
        }
      }
    }

    console.error(`fake Mux: unhandled request ${method} ${path}`);
    send(res, 500, { error: { type: "fake_unhandled", messages: [`The fake Mux server does not handle ${method} ${path}`] } });
  }

  const hooks: FakeMux["hooks"] = {};
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error("fake Mux: handler failed", error);
      if (!res.headersSent) send(res, 500, { error: { type: "fake_error", messages: [String(error)] } });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeMux = {
    url: base,
    uploads,
    assets,
    requests,
    hooks,
    receiveUpload,
    finishAsset,
    failAsset,
    failNextRequests: (n) => {
      failures = n;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
  return fake;
}

/** The upload as Mux's API shows it (without the fake's bookkeeping). */
function publicUpload({ receivedBytes: _bytes, ...upload }: FakeUpload) {
  return upload;
}

// Standalone mode for local development (see the header comment).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const webhookUrl = process.env.FAKE_MUX_WEBHOOK_URL;
  const secret = process.env.MUX_WEBHOOK_SECRET;
  const fake = await startFakeMux({
    port: Number(process.env.FAKE_MUX_PORT ?? 4010),
    tokenId: process.env.MUX_TOKEN_ID,
    tokenSecret: process.env.MUX_TOKEN_SECRET,
  });
  const deliver = async (type: string, data: { id: string }) => {
    if (!webhookUrl || !secret) return;
    const body = muxEvent(type, data);
    const res = await fetch(webhookUrl, { method: "POST", body, headers: { "Content-Type": "application/json", "mux-signature": signMuxWebhook(body, secret) } });
    console.log(`fake Mux: ${type} -> ${res.status}`);
  };
  fake.hooks.afterPut = (upload, asset) => {
    void deliver("video.upload.asset_created", upload).then(() =>
      setTimeout(() => void deliver("video.asset.ready", fake.finishAsset(asset.id)), 2000),
    );
  };
  console.log(`fake Mux listening on ${fake.url}: set MUX_API_BASE=${fake.url} (and MUX_TOKEN_ID/MUX_TOKEN_SECRET) in the app.`);
  if (!webhookUrl || !secret) console.log("Set FAKE_MUX_WEBHOOK_URL and MUX_WEBHOOK_SECRET to have it send signed webhooks.");
}
