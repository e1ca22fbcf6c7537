/**
 * The pure parts of the Mux integration: our test signer agrees with the SDK's
 * verifier (so the integration tests sign like Mux does), which settings turn
 * Mux on, and how Mux's upload/asset state maps to ours.
 */
import Mux from "@mux/mux-node";
import { describe, expect, test } from "vitest";
import { muxSettingsFrom, muxStreamUrl } from "~/integrations/video/mux.server";
import { videoStateFromMux, type MuxAssetTruth, type MuxUploadTruth } from "~/integrations/video/mux-state";
import { signMuxWebhook } from "../fakes/mux-server";

const secret = "whsec_unit";
const mux = new Mux({ tokenId: "id", tokenSecret: "secret", webhookSecret: secret, jwtSigningKey: null, jwtPrivateKey: null });
const body = JSON.stringify({ id: "evt_1", type: "video.asset.ready", data: { id: "asset_1" } });
const verify = (payload: string, header: string | null) =>
  mux.webhooks.verifySignature(payload, new Headers(header === null ? {} : { "mux-signature": header }), secret);

describe("webhook signatures (mux-signature: t=<ts>,v1=<hmac>)", () => {
  test("a fresh signature over the exact body verifies", async () => {
    await expect(verify(body, signMuxWebhook(body, secret))).resolves.toBeUndefined();
  });
  test("a changed body, another secret, a missing header or an old timestamp is refused", async () => {
    await expect(verify(`${body} `, signMuxWebhook(body, secret))).rejects.toThrow(/expected signature/);
    await expect(verify(body, signMuxWebhook(body, "other"))).rejects.toThrow(/expected signature/);
    await expect(verify(body, null)).rejects.toThrow(/mux-signature/);
    await expect(verify(body, signMuxWebhook(body, secret, Math.floor(Date.now() / 1000) - 301))).rejects.toThrow(/too old/);
    await expect(verify(body, "v1=abc")).rejects.toThrow(/timestamp/);
  });
});

describe("settings", () => {
  test("Mux is off unless both API tokens are set", () => {
    expect(muxSettingsFrom({})).toBeNull();
    expect(muxSettingsFrom({ MUX_TOKEN_ID: "id" })).toBeNull();
    expect(muxSettingsFrom({ MUX_TOKEN_SECRET: "s", MUX_WEBHOOK_SECRET: "w" })).toBeNull();
    expect(muxSettingsFrom({ MUX_TOKEN_ID: "id", MUX_TOKEN_SECRET: "s" })).toEqual({
      tokenId: "id",
      tokenSecret: "s",
      baseURL: undefined,
      webhookSecret: null,
      signing: null,
    });
  });
  test("signed playback needs both the key id and the private key; escaped newlines are restored", () => {
    const base = { MUX_TOKEN_ID: "id", MUX_TOKEN_SECRET: "s" };
    expect(muxSettingsFrom({ ...base, MUX_SIGNING_KEY_ID: "k" })?.signing).toBeNull();
    expect(muxSettingsFrom({ ...base, MUX_SIGNING_KEY_ID: "k", MUX_SIGNING_PRIVATE_KEY: "-----BEGIN X-----\\nabc\\n-----END X-----" })?.signing).toEqual({
      keyId: "k",
      privateKey: "-----BEGIN X-----\nabc\n-----END X-----",
    });
  });
  test("stream URLs", () => {
    expect(muxStreamUrl("pb1")).toBe("https://stream.mux.com/pb1.m3u8");
    expect(muxStreamUrl("pb1", "a.b.c")).toBe("https://stream.mux.com/pb1.m3u8?token=a.b.c");
  });
});

describe("Mux state -> VideoAsset state", () => {
  const upload = (status: MuxUploadTruth["status"], extra: Partial<MuxUploadTruth> = {}): MuxUploadTruth => ({ id: "up", status, ...extra });
  const asset = (status: MuxAssetTruth["status"], extra: Partial<MuxAssetTruth> = {}): MuxAssetTruth => ({ id: "as", status, ...extra });

  test("a waiting upload changes nothing", () => {
    expect(videoStateFromMux({ upload: upload("waiting"), asset: null }, "public")).toBeNull();
  });
  test("a preparing asset moves only WAITING videos", () => {
    expect(videoStateFromMux({ upload: upload("asset_created", { asset_id: "as" }), asset: asset("preparing") }, "public")).toEqual({
      from: ["WAITING"],
      data: { status: "PREPARING", muxAssetId: "as" },
    });
  });
  test("a ready asset takes the playback id of the chosen policy and its duration, from any state", () => {
    const ready = asset("ready", { duration: 12.5, playback_ids: [{ id: "pub", policy: "public" }, { id: "sig", policy: "signed" }] });
    expect(videoStateFromMux({ upload: null, asset: ready }, "signed")).toEqual({
      from: ["WAITING", "PREPARING", "ERRORED", "READY"],
      data: { status: "READY", muxAssetId: "as", muxPlaybackId: "sig", durationSeconds: 12.5, errorMessage: null },
    });
  });
  test("a ready asset without a playback id for the policy is an error, never over READY", () => {
    const change = videoStateFromMux({ upload: null, asset: asset("ready", { playback_ids: [{ id: "pub", policy: "public" }] }) }, "signed");
    expect(change?.data.status).toBe("ERRORED");
    expect(change?.from).not.toContain("READY");
  });
  test("errored assets and failed uploads are ERRORED with Mux's reason, never over READY", () => {
    const errored = videoStateFromMux({ upload: null, asset: asset("errored", { errors: { messages: ["Bad input.", "No video track."] } }) }, "public");
    expect(errored).toEqual({ from: ["WAITING", "PREPARING"], data: { status: "ERRORED", muxAssetId: "as", errorMessage: "Bad input. No video track." } });
    expect(videoStateFromMux({ upload: upload("timed_out"), asset: null }, "public")).toEqual({
      from: ["WAITING"],
      data: { status: "ERRORED", errorMessage: "The upload did not finish in time. Please upload the video again." },
    });
    expect(videoStateFromMux({ upload: upload("errored", { error: { message: "Unsupported file" } }), asset: null }, "public")?.data.errorMessage).toBe(
      "Unsupported file",
    );
  });
  test("an upload whose asset could not be read counts as preparing", () => {
    expect(videoStateFromMux({ upload: upload("asset_created", { asset_id: "as" }), asset: null }, "public")).toEqual({
      from: ["WAITING"],
      data: { status: "PREPARING", muxAssetId: "as" },
    });
  });
});
