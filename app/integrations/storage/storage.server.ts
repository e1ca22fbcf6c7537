import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { Readable } from "node:stream";
import { getEnv } from "~/lib/env.server";

/**
 * Where files live. The local disk is the default; an S3-compatible store can
 * implement the same four methods later. Keys are opaque paths we generate.
 */
export interface FileStorage {
  /** Writes the chunks as they arrive (never buffers the whole file); aborts past maxBytes. */
  put(key: string, data: AsyncIterable<Uint8Array>, maxBytes: number): Promise<{ size: number }>;
  /** A stream of the bytes in [start, end] (inclusive), or the whole file. */
  read(key: string, range?: { start: number; end: number }): Readable;
  size(key: string): Promise<number | null>;
  remove(key: string): Promise<void>;
}

export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`File is larger than ${maxBytes} bytes`);
  }
}

export class LocalDiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private path(key: string): string {
    const full = resolve(this.root, key);
    if (!full.startsWith(resolve(this.root) + sep)) throw new Error(`Invalid storage key ${key}`);
    return full;
  }

  async put(key: string, data: AsyncIterable<Uint8Array>, maxBytes: number) {
    const file = this.path(key);
    await mkdir(dirname(file), { recursive: true });
    const out = createWriteStream(file);
    let size = 0;
    try {
      for await (const chunk of data) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new TooLargeError(maxBytes);
        if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
      }
      await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
      return { size };
    } catch (error) {
      out.destroy();
      await rm(file, { force: true });
      throw error;
    }
  }

  read(key: string, range?: { start: number; end: number }) {
    return createReadStream(this.path(key), range);
  }

  async size(key: string) {
    try {
      return (await stat(this.path(key))).size;
    } catch {
      return null;
    }
  }

  async remove(key: string) {
    await rm(this.path(key), { force: true });
  }
}

let storage: FileStorage | undefined;
export function getStorage(): FileStorage {
  storage ??= new LocalDiskStorage(resolve(getEnv().STORAGE_DIR));
  return storage;
}

export const storageKey = (courseId: string, id: string, filename: string) =>
  join(courseId, `${id}-${filename.replace(/[^\w.-]+/g, "_").slice(-80)}`);
