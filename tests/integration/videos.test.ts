/**
 * Videos: local uploads through the route (413/415 included), Mux direct
 * uploads against the fake Mux API, signed webhooks (idempotent, any order),
 * viewer access and signed playback. Never touches the internet.
 */
import { createPublicKey, createVerify, generateKeyPairSync, randomBytes } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, expect, test } from "vitest";
import { createWatchTracker } from "~/components/video-player";
import { getDb } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { action as localUploadAction } from "~/routes/api.videos.$itemId.local";
import { action as muxUploadAction } from "~/routes/api.videos.$itemId.mux-upload";
import { loader as fileLoader } from "~/routes/files.$fileId";
import { action as muxWebhookAction } from "~/routes/webhooks.mux";
import { getVideoForViewer, getVideoUploadOptions } from "~/services/videos.server";
import { createCourse, createCourseWithCast, createUser, enroll } from "../factories";
import { muxEvent, signMuxWebhook, startFakeMux } from "../fakes/mux-server";
import { args, cookieFor } from "../factories/requests";

const BASE = "http://localhost:3000";
const WEBHOOK_SECRET = "whsec_test_video_webhooks";
const SIGNING_KEY_ID = "test-signing-key";
const keys = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
});
const fake = await startFakeMux({ tokenId: "test-token-id", tokenSecret: "test-token-secret" });
const storageDir = resolve(`tests/.tmp/uploads-${randomBytes(4).toString("hex")}`);
// Before anything reads the (cached) environment.
Object.assign(process.env, {
  MUX_TOKEN_ID: "test-token-id",
  MUX_TOKEN_SECRET: "test-token-secret",
  MUX_WEBHOOK_SECRET: WEBHOOK_SECRET,
  MUX_SIGNING_KEY_ID: SIGNING_KEY_ID,
  MUX_SIGNING_PRIVATE_KEY: keys.privateKey,
  MUX_API_BASE: fake.url,
  STORAGE_DIR: storageDir,
});

afterAll(async () => {
  await fake.close();
  rmSync(storageDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- helpers

const VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello and welcome.\n";
const MP4 = new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112, 109, 112, 52, 50, ...new Array(64).fill(7)]);


async function createVideoItem(courseId: string, opts: { published?: boolean; modulePublished?: boolean; kind?: "VIDEO" | "LESSON" } = {}) {
  const db = getDb();
  const module = await db.module.create({ data: { courseId, title: "Week 1", published: opts.modulePublished ?? true } });
  return db.moduleItem.create({
    data: { courseId, moduleId: module.id, kind: opts.kind ?? "VIDEO", title: "Welcome video", published: opts.published ?? true },
  });
}

async function setup(itemOpts: Parameters<typeof createVideoItem>[1] = {}) {
  const cast = await createCourseWithCast();
  const item = await createVideoItem(cast.course.id, itemOpts);
  return { ...cast, item, cookie: await cookieFor(cast.instructor.id) };
}

function multipart(path: string, cookie: string, parts: Record<string, string | File>, headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(parts)) form.set(name, value);
  return new Request(`${BASE}${path}`, { method: "POST", body: form, headers: { Cookie: cookie, ...headers } });
}


async function call(action: (a: any) => Promise<Response>, request: Request, params: Record<string, string> = {}) {
  const res = await action(args(request, params));
  return { status: res.status, body: (await res.json()) as any };
}

const uploadLocal = (itemId: string, cookie: string, parts: Record<string, string | File>, headers?: Record<string, string>) =>
  call(localUploadAction, multipart(`/api/videos/${itemId}/local`, cookie, parts, headers), { itemId });

const startMux = (itemId: string, cookie: string, parts: Record<string, string | File> = {}) =>
  call(muxUploadAction, multipart(`/api/videos/${itemId}/mux-upload`, cookie, parts), { itemId });

function webhookRequest(body: string, signature: string | null = signMuxWebhook(body, WEBHOOK_SECRET)) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (signature !== null) headers["mux-signature"] = signature;
  return new Request(`${BASE}/webhooks/mux`, { method: "POST", body, headers });
}

const deliver = (body: string, signature?: string | null) => call(muxWebhookAction, webhookRequest(body, signature));

const storedFiles = () => {
  try {
    return readdirSync(storageDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);
  } catch {
    return [];
  }
};

const video = (id: string) => getDb().videoAsset.findUniqueOrThrow({ where: { id } });

async function codeOf(p: Promise<unknown>) {
  return p.then(
    () => "ok",
    (e) => (e instanceof AppError ? e.code : Promise.reject(e)),
  );
}

/** Starts a Mux upload through the route and "PUTs" the file to the fake like a browser would. */
async function muxUploadedVideo(playbackPolicy: "public" | "signed" = "public") {
  const ctx = await setup();
  const started = await startMux(ctx.item.id, ctx.cookie, { playbackPolicy });
  expect(started.status).toBe(200);
  const put = await fetch(started.body.uploadUrl, { method: "PUT", body: MP4, headers: { "Content-Type": "video/mp4" } });
  expect(put.status).toBe(200);
  const row = await video(started.body.videoId);
  const upload = fake.uploads.get(row.muxUploadId!)!;
  const asset = fake.assets.get(upload.asset_id!)!;
  return { ...ctx, videoId: started.body.videoId as string, upload, asset };
}

// ---------------------------------------------------------------- local videos

test("an instructor uploads a video with captions; students get a playable /files URL with Range support", async () => {
  const { item, cookie, student } = await setup();
  const res = await uploadLocal(item.id, cookie, {
    file: new File([MP4], "welcome.mp4", { type: "video/mp4" }),
    captions: new File([VTT], "welcome.vtt", { type: "text/vtt" }),
  });
  expect(res).toMatchObject({ status: 200, body: { ok: true } });
  const row = await video(res.body.videoId);
  expect(row).toMatchObject({ provider: "local", status: "READY" });
  expect((await getDb().moduleItem.findUniqueOrThrow({ where: { id: item.id } })).videoAssetId).toBe(row.id);

  const view = await getVideoForViewer(student, item.id);
  expect(view).toEqual({
    videoId: row.id,
    status: "READY",
    provider: "local",
    src: `/files/${row.fileId}`,
    type: "video/mp4",
    captionsSrc: `/files/${row.captionsFileId}`,
    durationSeconds: null,
    errorMessage: null,
  });
  const ranged = await fileLoader(
    args(new Request(`${BASE}${view!.src}`, { headers: { Cookie: await cookieFor(student.id), Range: "bytes=4-11" } }), { fileId: row.fileId! }),
  );
  expect(ranged.status).toBe(206);
  expect(new TextDecoder().decode(await ranged.arrayBuffer())).toBe("ftypmp42");
});

test("replacing a local video removes the old asset, its file rows and its stored bytes", async () => {
  const { item, cookie } = await setup();
  const first = await uploadLocal(item.id, cookie, {
    file: new File([MP4], "v1.mp4", { type: "video/mp4" }),
    captions: new File([VTT], "v1.vtt", { type: "text/vtt" }),
  });
  const old = await video(first.body.videoId);
  const second = await uploadLocal(item.id, cookie, { file: new File([MP4], "v2.webm", { type: "video/webm" }) });
  expect(second.status).toBe(200);
  expect(await getDb().videoAsset.findUnique({ where: { id: old.id } })).toBeNull();
  expect(await getDb().storedFile.count({ where: { id: { in: [old.fileId!, old.captionsFileId!] } } })).toBe(0);
  expect(storedFiles().filter((f) => f.includes("v1"))).toEqual([]);
  expect(storedFiles().some((f) => f.includes("v2.webm"))).toBe(true);
});

test("a wrong video type is 415, oversized captions are 413, and nothing is kept", async () => {
  const { item, cookie, course } = await setup();
  const before = storedFiles().length;
  const pdf = await uploadLocal(item.id, cookie, { file: new File(["%PDF-1.7"], "notes.pdf", { type: "application/pdf" }) });
  expect(pdf.status).toBe(415);
  expect(pdf.body.message).toMatch(/"notes.pdf" is a application\/pdf file; a video must be one of: mp4, webm, quicktime/);

  const bigCaptions = new File(["WEBVTT\n\n", "x".repeat(2 * 1024 * 1024)], "huge.vtt", { type: "text/vtt" });
  const big = await uploadLocal(item.id, cookie, { file: new File([MP4], "ok.mp4", { type: "video/mp4" }), captions: bigCaptions });
  expect(big.status).toBe(413);
  expect(big.body.message).toMatch(/"huge.vtt" is larger than the 2 MB limit for a captions file/);

  const declared = await uploadLocal(item.id, cookie, { file: new File([MP4], "ok.mp4", { type: "video/mp4" }) }, { "Content-Length": "4000000000" });
  expect(declared.status).toBe(413);

  const notVtt = await uploadLocal(item.id, cookie, {
    file: new File([MP4], "ok.mp4", { type: "video/mp4" }),
    captions: new File(["1\n00:00:00,000 --> 00:00:01,000\nSRT, not VTT"], "subs.vtt", { type: "text/vtt" }),
  });
  expect(notVtt.status).toBe(415);
  expect(notVtt.body.message).toMatch(/not a WebVTT captions file/);

  const missing = await uploadLocal(item.id, cookie, { captions: new File([VTT], "only.vtt", { type: "text/vtt" }) });
  expect(missing.status).toBe(400);
  expect(missing.body.message).toBe("Choose a video file to upload.");

  expect(storedFiles().length).toBe(before);
  expect(await getDb().videoAsset.count({ where: { courseId: course.id } })).toBe(0);
  expect(await getDb().storedFile.count({ where: { courseId: course.id } })).toBe(0);
});

test("only the course's instructors can upload, only to VIDEO items; refused uploads store nothing", async () => {
  const { item, ta, student, outsider, course } = await setup();
  const file = () => new File([MP4], "x.mp4", { type: "video/mp4" });
  const before = storedFiles().length;
  expect((await uploadLocal(item.id, await cookieFor(student.id), { file: file() })).status).toBe(403);
  expect((await uploadLocal(item.id, await cookieFor(ta.id), { file: file() })).status).toBe(403);
  expect((await uploadLocal(item.id, await cookieFor(outsider.id), { file: file() })).status).toBe(404);
  expect((await uploadLocal("no-such-item", await cookieFor(outsider.id), { file: file() })).status).toBe(404);
  const lesson = await createVideoItem(course.id, { kind: "LESSON" });
  const instructorCookie = await cookieFor(course.createdById);
  const wrongKind = await uploadLocal(lesson.id, instructorCookie, { file: file() });
  expect(wrongKind).toMatchObject({ status: 400, body: { message: expect.stringMatching(/not a video lesson/) } });
  expect((await uploadLocal(item.id, instructorCookie, { file: file() }, { Origin: "https://evil.example" })).status).toBe(403);
  expect(storedFiles().length).toBe(before);
});

// ---------------------------------------------------------------- viewers

test("viewers: another course's student is refused, unpublished items are 404 to students, drafts are hidden", async () => {
  const { item, cookie, student, instructor } = await setup({ published: false });
  await uploadLocal(item.id, cookie, { file: new File([MP4], "x.mp4", { type: "video/mp4" }) });
  expect(await codeOf(getVideoForViewer(student, item.id))).toBe("NOT_FOUND");
  expect((await getVideoForViewer(instructor, item.id))?.status).toBe("READY");
  await getDb().moduleItem.update({ where: { id: item.id }, data: { published: true } });
  expect((await getVideoForViewer(student, item.id))?.src).toMatch(/^\/files\//);

  const elsewhere = await createUser();
  const other = await createCourse(await createUser());
  await enroll(elsewhere, other.id);
  expect(await codeOf(getVideoForViewer(elsewhere, item.id))).toBe("FORBIDDEN");

  const draftOwner = await createUser();
  const draft = await createCourse(draftOwner, { status: "DRAFT" });
  const draftItem = await createVideoItem(draft.id);
  expect(await codeOf(getVideoForViewer(elsewhere, draftItem.id))).toBe("NOT_FOUND");
  expect(await getVideoForViewer(draftOwner, draftItem.id)).toBeNull();
  expect(await codeOf(getVideoForViewer(elsewhere, "missing"))).toBe("NOT_FOUND");
});

// ---------------------------------------------------------------- Mux

test("with Mux configured the uploader offers Mux and signed playback", () => {
  expect(getVideoUploadOptions()).toEqual({ mux: true, signedPlayback: true });
});

test("a Mux upload starts against the API, then signed webhooks move it to READY; a redelivery changes nothing", async () => {
  const { item, student, videoId, upload, asset } = await muxUploadedVideo("public");
  expect(upload.cors_origin).toBe("http://localhost:3000");
  expect(upload.new_asset_settings).toEqual({ playback_policies: ["public"], passthrough: item.id });
  expect(upload.receivedBytes).toBe(MP4.byteLength);
  expect(await video(videoId)).toMatchObject({ provider: "mux", status: "WAITING", muxUploadId: upload.id, playbackPolicy: "public" });
  expect(await getVideoForViewer(student, item.id)).toMatchObject({ status: "WAITING", src: null });

  const created = muxEvent("video.upload.asset_created", { ...upload });
  expect(await deliver(created)).toEqual({ status: 200, body: { ok: true, outcome: "processed" } });
  expect(await video(videoId)).toMatchObject({ status: "PREPARING", muxAssetId: asset.id });

  fake.finishAsset(asset.id, 61.5);
  const readyEvent = muxEvent("video.asset.ready", { ...asset });
  expect((await deliver(readyEvent)).status).toBe(200);
  const ready = await video(videoId);
  expect(ready).toMatchObject({ status: "READY", muxPlaybackId: asset.playback_ids![0].id, durationSeconds: 61.5, errorMessage: null });

  // The same delivery again, even re-signed later: no new row, no update, no API call.
  const calls = fake.requests.length;
  expect(await deliver(readyEvent)).toEqual({ status: 200, body: { ok: true, outcome: "duplicate" } });
  expect(fake.requests.length).toBe(calls);
  const eventId = JSON.parse(readyEvent).id;
  expect(await getDb().webhookEvent.count({ where: { id: eventId } })).toBe(1);
  expect((await video(videoId)).updatedAt).toEqual(ready.updatedAt);

  expect(await getVideoForViewer(student, item.id)).toMatchObject({
    status: "READY",
    provider: "mux",
    src: `https://stream.mux.com/${ready.muxPlaybackId}.m3u8`,
    type: "application/x-mpegURL",
    durationSeconds: 61.5,
  });
});

test("two simultaneous deliveries of one event are processed once", async () => {
  const { videoId, upload } = await muxUploadedVideo();
  const body = muxEvent("video.upload.asset_created", { id: upload.id });
  const results = await Promise.all([deliver(body), deliver(body), deliver(body)]);
  expect(results.map((r) => r.body.outcome).sort()).toEqual(["duplicate", "duplicate", "processed"]);
  expect(await getDb().webhookEvent.count({ where: { id: JSON.parse(body).id } })).toBe(1);
  expect((await video(videoId)).status).toBe("PREPARING");
});

test("webhooks out of order still end READY (state is re-read from Mux) and never go back from READY", async () => {
  const { videoId, upload, asset } = await muxUploadedVideo();
  fake.finishAsset(asset.id);
  // asset.ready first, before we know the asset id: found through the API's upload_id.
  expect((await deliver(muxEvent("video.asset.ready", { id: asset.id }))).body.outcome).toBe("processed");
  expect(await video(videoId)).toMatchObject({ status: "READY", muxAssetId: asset.id });
  expect((await deliver(muxEvent("video.upload.asset_created", { id: upload.id }))).status).toBe(200);
  expect((await video(videoId)).status).toBe("READY");

  // Even if Mux (or a stale read) reported "preparing" again, READY stays READY.
  asset.status = "preparing";
  await deliver(muxEvent("video.upload.asset_created", { id: upload.id }));
  expect((await video(videoId)).status).toBe("READY");
  // And an errored report cannot overwrite it either.
  fake.failAsset(asset.id, "late failure");
  await deliver(muxEvent("video.asset.errored", { id: asset.id }));
  expect((await video(videoId)).status).toBe("READY");
});

test("the payload is trusted for ids only: a webhook claiming ready for an asset Mux says is preparing does nothing", async () => {
  const { videoId, upload } = await muxUploadedVideo();
  await deliver(muxEvent("video.upload.asset_created", { id: upload.id }));
  const forged = muxEvent("video.asset.ready", {
    id: upload.asset_id!,
    status: "ready",
    playback_ids: [{ id: "attacker-playback", policy: "public" }],
  });
  expect((await deliver(forged)).status).toBe(200);
  expect(await video(videoId)).toMatchObject({ status: "PREPARING", muxPlaybackId: null });
});

test("errored assets and cancelled uploads are ERRORED with a reason shown to staff only", async () => {
  const a = await muxUploadedVideo();
  fake.failAsset(a.asset.id, "The file is not a video.");
  await deliver(muxEvent("video.asset.errored", { id: a.asset.id }));
  expect(await video(a.videoId)).toMatchObject({ status: "ERRORED", errorMessage: "The file is not a video." });
  expect((await getVideoForViewer(a.instructor, a.item.id))?.errorMessage).toBe("The file is not a video.");
  expect(await getVideoForViewer(a.student, a.item.id)).toMatchObject({ status: "ERRORED", src: null, errorMessage: null });

  const b = await setup();
  const started = await startMux(b.item.id, b.cookie);
  const uploadId = (await video(started.body.videoId)).muxUploadId!;
  fake.uploads.get(uploadId)!.status = "cancelled";
  await deliver(muxEvent("video.upload.cancelled", { id: uploadId }));
  expect(await video(started.body.videoId)).toMatchObject({ status: "ERRORED", errorMessage: "The upload was cancelled before it finished." });
});

test("missing, wrong, tampered or stale signatures are 400 and store nothing; unknown event types are ignored", async () => {
  const { upload } = await muxUploadedVideo();
  const body = muxEvent("video.upload.asset_created", { id: upload.id });
  const eventId = JSON.parse(body).id;
  const now = Math.floor(Date.now() / 1000);
  expect((await deliver(body, null)).status).toBe(400);
  expect((await deliver(body, signMuxWebhook(body, "some-other-secret"))).status).toBe(400);
  expect((await deliver(body.replace(upload.id, "up_other"), signMuxWebhook(body, WEBHOOK_SECRET))).status).toBe(400);
  expect((await deliver(body, signMuxWebhook(body, WEBHOOK_SECRET, now - 600))).status).toBe(400);
  expect((await deliver(body, "garbage")).status).toBe(400);
  expect(await getDb().webhookEvent.count({ where: { id: eventId } })).toBe(0);

  const other = muxEvent("video.asset.created", { id: "asset-x" });
  expect(await deliver(other)).toEqual({ status: 200, body: { ok: true, outcome: "ignored" } });
  expect(await getDb().webhookEvent.count({ where: { id: JSON.parse(other).id } })).toBe(0);
  expect((await deliver(JSON.stringify({ hello: "world" }))).status).toBe(400);
});

test("when the Mux API is down the event is not recorded, so Mux's retry is processed", async () => {
  const { videoId, upload } = await muxUploadedVideo();
  const body = muxEvent("video.upload.asset_created", { id: upload.id });
  fake.failNextRequests(3); // the first try and the SDK's two retries
  await expect(muxWebhookAction(args(webhookRequest(body)))).rejects.toThrow(/503/);
  expect(await getDb().webhookEvent.count({ where: { id: JSON.parse(body).id } })).toBe(0);
  expect((await video(videoId)).status).toBe("WAITING");
  expect((await deliver(body)).body.outcome).toBe("processed");
  expect((await video(videoId)).status).toBe("PREPARING");
});

test("signed playback yields a stream URL with an RS256 token for the playback id", async () => {
  const { item, student, videoId, upload, asset } = await muxUploadedVideo("signed");
  expect(upload.new_asset_settings?.playback_policies).toEqual(["signed"]);
  fake.finishAsset(asset.id);
  await deliver(muxEvent("video.asset.ready", { id: asset.id }));
  const row = await video(videoId);
  expect(row).toMatchObject({ status: "READY", playbackPolicy: "signed" });

  const view = await getVideoForViewer(student, item.id);
  const url = new URL(view!.src!);
  expect(`${url.origin}${url.pathname}`).toBe(`https://stream.mux.com/${row.muxPlaybackId}.m3u8`);
  const token = url.searchParams.get("token")!;
  const [header, payload, signature] = token.split(".");
  const verifier = createVerify("RSA-SHA256");
  verifier.update(`${header}.${payload}`);
  expect(verifier.verify(createPublicKey(keys.publicKey), Buffer.from(signature, "base64url"))).toBe(true);
  expect(JSON.parse(Buffer.from(header, "base64url").toString())).toMatchObject({ alg: "RS256" });
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  expect(claims).toMatchObject({ sub: row.muxPlaybackId, aud: "v", kid: SIGNING_KEY_ID });
  const hoursLeft = (claims.exp - Date.now() / 1000) / 3600;
  expect(hoursLeft).toBeGreaterThan(5.9);
  expect(hoursLeft).toBeLessThanOrEqual(6);
});

test("starting a Mux upload validates the policy, captions and role; replacing a Mux video deletes the old asset", async () => {
  const { item, cookie, student } = await setup();
  const bad = await startMux(item.id, cookie, { playbackPolicy: "everyone" });
  expect(bad).toMatchObject({ status: 400, body: { fieldErrors: { playbackPolicy: ["Choose who can play the video."] } } });
  expect((await startMux(item.id, await cookieFor(student.id))).status).toBe(403);
  const before = storedFiles().length;
  const badCaptions = await startMux(item.id, cookie, { captions: new File(["<html>"], "c.vtt", { type: "text/vtt" }) });
  expect(badCaptions.status).toBe(415);
  expect(storedFiles().length).toBe(before);

  const first = await startMux(item.id, cookie, { captions: new File([VTT], "c.vtt", { type: "text/vtt" }) });
  expect(first.status).toBe(200);
  const firstRow = await video(first.body.videoId);
  expect(firstRow.captionsFileId).not.toBeNull();
  await fetch(first.body.uploadUrl, { method: "PUT", body: MP4 });
  const firstAsset = fake.uploads.get(firstRow.muxUploadId!)!.asset_id!;
  await deliver(muxEvent("video.upload.asset_created", { id: firstRow.muxUploadId! }));

  const second = await startMux(item.id, cookie);
  expect(second.status).toBe(200);
  expect(await getDb().videoAsset.findUnique({ where: { id: firstRow.id } })).toBeNull();
  expect(fake.assets.has(firstAsset)).toBe(false);
  expect(fake.requests).toContain(`DELETE /video/v1/assets/${firstAsset}`);
  expect(await getDb().storedFile.count({ where: { id: firstRow.captionsFileId! } })).toBe(0);
  // A late webhook for the replaced upload finds no video and changes nothing.
  expect((await deliver(muxEvent("video.asset.ready", { id: firstAsset }))).body.outcome).toBe("unknown-video");
});

// ---------------------------------------------------------------- the player's watch spans

test("the player's tracker reports only contiguous played spans; seeking ahead does not count", () => {
  const t = createWatchTracker();
  t.play(0);
  for (let s = 0.25; s <= 5; s += 0.25) t.advance(s);
  expect(t.take(5)).toEqual({ from: 0, to: 5 });
  t.advance(7);
  // The user seeks to 100: the span closes at the last time seen before the jump.
  expect(t.seeking()).toEqual({ from: 5, to: 7 });
  t.seeked(100, true);
  t.advance(100.25);
  t.advance(101);
  expect(t.stop(101.1)).toEqual({ from: 100, to: 101.1 });
  // Paused: time passing (or a jump) counts nothing until play resumes.
  expect(t.take(150)).toBeNull();
  t.play(20);
  t.advance(21);
  // A jump without a seeking event (e.g. a skipped stall) closes the span at the last time seen.
  expect(t.advance(60)).toEqual({ from: 20, to: 21 });
  expect(t.stop(61)).toEqual({ from: 60, to: 61 });
  // Seeking straight to the end and "ending" counts nothing.
  expect(t.seeking()).toBeNull();
  t.seeked(299, false);
  expect(t.stop(300)).toBeNull();
});
