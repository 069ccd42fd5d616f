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
 * Uploads arrive chunk by chunk: with local storage into a part file in the local folder's `tmp/`
 * (one instance, or a folder every instance mounts); with object storage as the parts of an S3
 * multipart upload (`multipart`), so any instance takes any chunk, or the browser sends the parts
 * to the bucket itself with presigned part URLs. Either way the file is checked whole before
 * storage keeps it under its key.
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
  /** Object storage only: multipart uploads, whose parts any instance may send. */
  readonly multipart?: MultipartUploads;
}

/** An S3 multipart upload: parts of at least 5 MiB (the last may be smaller), numbered from 1. */
export interface MultipartUploads {
  /** Begins one under `key`: its upload id. */
  begin(key: string, contentType: string): Promise<string>;
  /** Sends part `partNumber`: its ETag. */
  putPart(key: string, uploadId: string, partNumber: number, body: Buffer): Promise<string>;
  /**
   * A URL the browser may PUT part `partNumber` to itself for `ttlS` seconds: its length is signed
   * in, so the object store refuses a part of any other length.
   */
  partUrl(key: string, uploadId: string, partNumber: number, length: number, ttlS: number): Promise<string>;
  /** Joins the parts (ETags in order) into the object `key`. */
  complete(key: string, uploadId: string, etags: string[]): Promise<void>;
  /** Drops an unfinished upload and its parts. */
  abort(key: string, uploadId: string): Promise<void>;
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
  private partSignerP: Promise<import("@aws-sdk/client-s3").S3Client> | null = null;
  constructor(readonly config: S3Config) {}

  private newClient(extra: Partial<import("@aws-sdk/client-s3").S3ClientConfig> = {}) {
    return import("@aws-sdk/client-s3").then(
      ({ S3Client }) =>
        new S3Client({
          endpoint: this.config.endpoint,
          region: this.config.region,
          forcePathStyle: this.config.forcePathStyle,
          credentials: { accessKeyId: this.config.accessKeyId, secretAccessKey: this.config.secretAccessKey },
          ...extra,
        }),
    );
  }

  private client() {
    this.clientP ??= this.newClient();
    return this.clientP;
  }

  /**
   * Signs the parts browsers send themselves. Checksums only when an operation requires one: by
   * default the SDK would sign in the CRC32 of an empty body (`x-amz-checksum-crc32=AAAAAA==`),
   * and the object store would refuse every part the browser sends to that URL.
   */
  private partSigner() {
    this.partSignerP ??= this.newClient({ requestChecksumCalculation: "WHEN_REQUIRED" });
    return this.partSignerP;
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

  readonly multipart: MultipartUploads = {
    begin: async (key, contentType) => {
      checkKey(key);
      const { CreateMultipartUploadCommand } = await import("@aws-sdk/client-s3");
      const r = await (await this.client()).send(new CreateMultipartUploadCommand({ Bucket: this.config.bucket, Key: key, ContentType: contentType }));
      if (!r.UploadId) throw new Error("the object store gave no upload id");
      return r.UploadId;
    },
    putPart: async (key, uploadId, partNumber, body) => {
      const { UploadPartCommand } = await import("@aws-sdk/client-s3");
      const r = await (await this.client()).send(
        new UploadPartCommand({ Bucket: this.config.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: body, ContentLength: body.length }),
      );
      if (!r.ETag) throw new Error("the object store gave no ETag for a part");
      return r.ETag;
    },
    partUrl: async (key, uploadId, partNumber, length, ttlS) => {
      const { UploadPartCommand } = await import("@aws-sdk/client-s3");
      const { getSignedUrl } = await import("@aws-sdk/s3-request-presigner");
      return getSignedUrl(
        await this.partSigner(),
        new UploadPartCommand({ Bucket: this.config.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, ContentLength: length }),
        { expiresIn: ttlS },
      );
    },
    complete: async (key, uploadId, etags) => {
      const { CompleteMultipartUploadCommand } = await import("@aws-sdk/client-s3");
      await (await this.client()).send(
        new CompleteMultipartUploadCommand({
          Bucket: this.config.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
        }),
      );
    },
    abort: async (key, uploadId) => {
      const { AbortMultipartUploadCommand } = await import("@aws-sdk/client-s3");
      await (await this.client()).send(new AbortMultipartUploadCommand({ Bucket: this.config.bucket, Key: key, UploadId: uploadId }));
    },
  };

  async *list(): AsyncIterable<string> {
    const { ListObjectsV2Command } = await import("@aws-sdk/client-s3");
    let token: string | undefined;
    do {
      const r = await (await this.client()).send(new ListObjectsV2Command({ Bucket: this.config.bucket, ContinuationToken: token }));
      // tmp/: uploads being assembled (lib/video/uploads.ts), not stored media.
      for (const o of r.Contents ?? []) if (o.Key && !o.Key.startsWith("tmp/")) yield o.Key;
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
