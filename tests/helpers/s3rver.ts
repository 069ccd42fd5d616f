import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { S3Storage } from "@/lib/storage";

/** A real S3-protocol server on loopback (s3rver) with one bucket, `media`. */
export interface LocalS3 {
  /** Where s3rver keeps the bucket (`<dir>/media/…`). */
  dir: string;
  endpoint: string;
  /** The app's storage on that bucket, as an instance configured with `S3_ENDPOINT` would have it. */
  storage(): S3Storage;
  close(): Promise<void>;
}

/** Starts s3rver on a free port; `cors`: the bucket's CORS rule (S3's XML), none by default. */
export async function startS3rver(cors?: string): Promise<LocalS3> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "jr-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    directory: dir,
    silent: true,
    configureBuckets: [{ name: "media", configs: cors ? [cors] : [] }],
  });
  const { port } = (await server.run()) as unknown as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    dir,
    endpoint,
    storage: () => new S3Storage({ endpoint, region: "us-east-1", bucket: "media", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", forcePathStyle: true }),
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
