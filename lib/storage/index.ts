import { createReadStream } from "node:fs";
import { copyFile, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { config, type Config } from "@/lib/core/config";

/**
 * Media storage: a folder on disk by default (`MEDIA_DIR`, `./data/media`), or an S3-compatible
 * bucket when `S3_BUCKET` is set (with `S3_ENDPOINT`, `S3_REGION`, `S3_ACCESS_KEY_ID`,
 * `S3_SECRET_ACCESS_KEY`). Objects are written once under a fresh key and never changed, so a
 * key's ETag stays valid for as long as the key is in use.
 *
 * Uploads always arrive in the local folder's `tmp/` first (chunk by chunk), and are handed to
 * storage whole once they have been checked.
 */
interface ObjectInfo {
  size: number;
  mtimeMs: number;
}

export interface MediaStorage {
  readonly kind: "local" | "s3";
  /** Moves (local) or streams (S3) a finished file into storage under `key`. */
  putFile(key: string, file: string, contentType: string): Promise<void>;
  stat(key: string): Promise<ObjectInfo | null>;
  /** The file on disk (local storage only): the range route streams from it. */
  localPath(key: string): string | null;
  /** A short-lived URL the browser may fetch itself (object storage only). */
  signedUrl(key: string, ttlS: number, contentType?: string): Promise<string | null>;
  /** A readable stream of the object (for small things: posters, covers). */
  read(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
  /** Every stored key (backups); the local folder's upload part files are not stored objects. */
  list(): AsyncIterable<string>;
}

/** The local media folder; also home of the upload part files. */
export function mediaDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ config().MEDIA_DIR);
}

export function uploadTmpDir(): string {
  return path.join(mediaDir(), "tmp");
}

const KEY = /^[a-z0-9][a-z0-9/_.-]*$/;

function checkKey(key: string): void {
  // Keys are made by the app; this guards the folder against a key that climbs out of it.
  if (!KEY.test(key) || key.includes("..")) throw new Error(`bad storage key: ${key}`);
}

export class LocalStorage implements MediaStorage {
  readonly kind = "local" as const;
  constructor(readonly root: string = mediaDir()) {}

  localPath(key: string): string {
    checkKey(key);
    return path.join(this.root, key);
  }

  async putFile(key: string, file: string): Promise<void> {
    const dest = this.localPath(key);
    await mkdir(path.dirname(dest), { recursive: true });
    try {
      await rename(file, dest);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
      await copyFile(file, dest);
      await rm(file, { force: true });
    }
  }

  async stat(key: string): Promise<ObjectInfo | null> {
    try {
      const s = await stat(this.localPath(key));
      return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
    } catch {
      return null;
    }
  }

  async signedUrl(): Promise<string | null> {
    return null;
  }

  async read(key: string): Promise<Readable> {
    return createReadStream(this.localPath(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.localPath(key), { force: true });
  }

  async *list(): AsyncIterable<string> {
    let entries: string[];
    try {
      entries = (await readdir(this.root, { recursive: true })) as string[];
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
      throw e;
    }
    for (const rel of entries.sort()) {
      const key = rel.split(path.sep).join("/");
      if (key === "tmp" || key.startsWith("tmp/")) continue;
      if ((await stat(path.join(this.root, rel))).isFile()) yield key;
    }
  }
}

export interface S3Config {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

export function s3ConfigFromEnv(c: Config = config()): S3Config | null {
  if (!c.S3_BUCKET) return null;
  return {
    endpoint: c.S3_ENDPOINT,
    region: c.S3_REGION,
    bucket: c.S3_BUCKET,
    accessKeyId: c.S3_ACCESS_KEY_ID,
    secretAccessKey: c.S3_SECRET_ACCESS_KEY,
    forcePathStyle: c.S3_FORCE_PATH_STYLE,
  };
}

export class S3Storage implements MediaStorage {
  readonly kind = "s3" as const;
  private clientP: Promise<import("@aws-sdk/client-s3").S3Client> | null = null;
  constructor(readonly config: S3Config) {}

  private client() {
    this.clientP ??= import("@aws-sdk/client-s3").then(
      ({ S3Client }) =>
        new S3Client({
          endpoint: this.config.endpoint,
          region: this.config.region,
          forcePathStyle: this.config.forcePathStyle,
          credentials: { accessKeyId: this.config.accessKeyId, secretAccessKey: this.config.secretAccessKey },
        }),
    );
    return this.clientP;
  }

  localPath(): null {
    return null;
  }

  async putFile(key: string, file: string, contentType: string): Promise<void> {
    checkKey(key);
    const { Upload } = await import("@aws-sdk/lib-storage");
    // Multipart in 8 MB parts, four in flight: a 2 GB lesson never sits in memory.
    const upload = new Upload({
      client: await this.client(),
      params: { Bucket: this.config.bucket, Key: key, Body: createReadStream(file), ContentType: contentType },
      partSize: 8 * 1024 * 1024,
      queueSize: 4,
    });
    await upload.done();
    await rm(file, { force: true });
  }

  async stat(key: string): Promise<ObjectInfo | null> {
    const { HeadObjectCommand } = await import("@aws-sdk/client-s3");
    try {
      const r = await (await this.client()).send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return { size: Number(r.ContentLength ?? 0), mtimeMs: r.LastModified?.getTime() ?? 0 };
    } catch {
      return null;
    }
  }

  async signedUrl(key: string, ttlS: number, contentType?: string): Promise<string> {
    const { GetObjectCommand } = await import("@aws-sdk/client-s3");
    const { getSignedUrl } = await import("@aws-sdk/s3-request-presigner");
    return getSignedUrl(await this.client(), new GetObjectCommand({ Bucket: this.config.bucket, Key: key, ResponseContentType: contentType }), {
      expiresIn: ttlS,
    });
  }

  async read(key: string): Promise<Readable> {
    const { GetObjectCommand } = await import("@aws-sdk/client-s3");
    const r = await (await this.client()).send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }));
    return r.Body as Readable;
  }

  async delete(key: string): Promise<void> {
    const { DeleteObjectCommand } = await import("@aws-sdk/client-s3");
    await (await this.client()).send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: key }));
  }

  async *list(): AsyncIterable<string> {
    const { ListObjectsV2Command } = await import("@aws-sdk/client-s3");
    let token: string | undefined;
    do {
      const r = await (await this.client()).send(new ListObjectsV2Command({ Bucket: this.config.bucket, ContinuationToken: token }));
      for (const o of r.Contents ?? []) if (o.Key) yield o.Key;
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
  }
}

let cached: MediaStorage | null = null;

/** The storage the environment configures, made once per process. */
export function getStorage(): MediaStorage {
  if (!cached) {
    const s3 = s3ConfigFromEnv();
    cached = s3 ? new S3Storage(s3) : new LocalStorage();
  }
  return cached;
}
