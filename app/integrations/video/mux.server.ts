import Mux from "@mux/mux-node";
import type { Env } from "~/lib/env.server";
import { getEnv } from "~/lib/env.server";

/**
 * Mux video hosting, on only when both API tokens are set. Everything the app
 * asks of Mux goes through here: direct uploads, reading uploads and assets
 * back, verifying webhook signatures and signing playback ids. Tests (and local
 * dev) point `MUX_API_BASE` at tests/fakes/mux-server.ts.
 */
export type MuxSettings = {
  tokenId: string;
  tokenSecret: string;
  baseURL: string | undefined;
  webhookSecret: string | null;
  /** Both signing values, or neither: signed playback needs the pair. */
  signing: { keyId: string; privateKey: string } | null;
};

type MuxEnv = Pick<
  Env,
  "MUX_TOKEN_ID" | "MUX_TOKEN_SECRET" | "MUX_WEBHOOK_SECRET" | "MUX_SIGNING_KEY_ID" | "MUX_SIGNING_PRIVATE_KEY" | "MUX_API_BASE"
>;

/** Pure: which Mux features the configuration turns on (null = Mux off, videos are stored locally). */
export function muxSettingsFrom(env: MuxEnv): MuxSettings | null {
  if (!env.MUX_TOKEN_ID || !env.MUX_TOKEN_SECRET) return null;
  const signing =
    env.MUX_SIGNING_KEY_ID && env.MUX_SIGNING_PRIVATE_KEY
      ? { keyId: env.MUX_SIGNING_KEY_ID, privateKey: env.MUX_SIGNING_PRIVATE_KEY.replace(/\\n/g, "\n") }
      : null;
  return {
    tokenId: env.MUX_TOKEN_ID,
    tokenSecret: env.MUX_TOKEN_SECRET,
    baseURL: env.MUX_API_BASE,
    webhookSecret: env.MUX_WEBHOOK_SECRET ?? null,
    signing,
  };
}

export type MuxConnection = { client: Mux; settings: MuxSettings };

let cached: { key: string; connection: MuxConnection } | undefined;

/** The process-wide Mux client, or null when Mux is not configured. */
export function getMux(): MuxConnection | null {
  const settings = muxSettingsFrom(getEnv());
  if (!settings) return null;
  const key = JSON.stringify(settings);
  if (cached?.key !== key) {
    const client = new Mux({
      tokenId: settings.tokenId,
      tokenSecret: settings.tokenSecret,
      baseURL: settings.baseURL,
      webhookSecret: settings.webhookSecret,
      // Explicit nulls: the SDK would otherwise read MUX_SIGNING_KEY / MUX_PRIVATE_KEY from the environment.
      jwtSigningKey: settings.signing?.keyId ?? null,
      jwtPrivateKey: settings.signing?.privateKey ?? null,
      authorizationToken: null,
      timeout: 15_000,
      maxRetries: 2,
    });
    cached = { key, connection: { client, settings } };
  }
  return cached.connection;
}

/** How long a signed playback URL works; it is minted each time the lesson page loads. */
export const SIGNED_PLAYBACK_TTL = "6h";

export function muxStreamUrl(playbackId: string, token?: string): string {
  const base = `https://stream.mux.com/${encodeURIComponent(playbackId)}.m3u8`;
  return token ? `${base}?token=${encodeURIComponent(token)}` : base;
}

/** A playback URL for one viewer: public ids as they are, signed ids with a short-lived JWT. */
export async function muxPlaybackUrl(mux: MuxConnection, playbackId: string, policy: "public" | "signed"): Promise<string> {
  if (policy === "public") return muxStreamUrl(playbackId);
  if (!mux.settings.signing) throw new Error("Signed Mux playback needs MUX_SIGNING_KEY_ID and MUX_SIGNING_PRIVATE_KEY.");
  const token = await mux.client.jwt.signPlaybackId(playbackId, {
    keyId: mux.settings.signing.keyId,
    keySecret: mux.settings.signing.privateKey,
    type: "video",
    expiration: SIGNED_PLAYBACK_TTL,
  });
  return muxStreamUrl(playbackId, token);
}

/** Throws unless `body` carries a valid, fresh `mux-signature` for the configured webhook secret. */
export async function verifyMuxSignature(mux: MuxConnection, body: string, headers: Headers): Promise<void> {
  if (!mux.settings.webhookSecret) throw new Error("MUX_WEBHOOK_SECRET is not set");
  await mux.client.webhooks.verifySignature(body, headers, mux.settings.webhookSecret);
}
