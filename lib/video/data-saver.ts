import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { videoPrefs, type RungInfo } from "@/db/schema";
import { can, type Principal } from "@/lib/auth/permissions";
import * as clock from "@/lib/core/clock";
import { config } from "@/lib/core/config";
import { forbidden, ok, type Result } from "@/lib/core/result";

/**
 * 省流量 (data saver): the highest rung a worker's player may use. A worker chooses 240p, 360p,
 * 720p or no cap, or leaves it to the site (`VIDEO_MAX_HEIGHT`); the player caps hls.js there,
 * and the lesson page shows what the lesson costs at each rung before it plays.
 */
export const DATA_SAVER_CHOICES = ["site", "240", "360", "720", "0"] as const;
export const dataSaverInput = z.object({ cap: z.enum(DATA_SAVER_CHOICES, "video.errors.badDataSaver") });

export interface DataSaver {
  /** The worker's own choice, or "site". */
  choice: (typeof DATA_SAVER_CHOICES)[number];
  /** The height in force (0: no cap). */
  maxHeight: number;
  siteMaxHeight: number;
}

/** The acting member's cap: their own choice, else the site's. */
export async function dataSaverOf(db: Db, actor: Principal): Promise<DataSaver> {
  const site = config().VIDEO_MAX_HEIGHT;
  if (!actor.memberId) return { choice: "site", maxHeight: site, siteMaxHeight: site };
  const [p] = await db.select({ h: videoPrefs.maxHeight }).from(videoPrefs).where(eq(videoPrefs.memberId, actor.memberId));
  if (!p) return { choice: "site", maxHeight: site, siteMaxHeight: site };
  return { choice: String(p.h) as DataSaver["choice"], maxHeight: p.h, siteMaxHeight: site };
}

/**
 * The worker turned 省流量 on themselves (a cap of their own, not the site's default): the pages
 * that lead to a lesson then fetch nothing ahead of it (app/_ui/hls-warm.tsx) — hls.js comes
 * when a lesson is played.
 */
export function savesData(ds: DataSaver): boolean {
  return ds.choice !== "site" && ds.maxHeight > 0;
}

/** Sets the acting member's own cap ("site": back to the site's default). Only for themselves. */
export async function setDataSaver(db: Db, actor: Principal, input: z.infer<typeof dataSaverInput>): Promise<Result> {
  if (!can(actor, "self.learn") || !actor.memberId) return forbidden();
  if (input.cap === "site") {
    await db.delete(videoPrefs).where(eq(videoPrefs.memberId, actor.memberId));
    return ok();
  }
  const maxHeight = Number(input.cap);
  await db
    .insert(videoPrefs)
    .values({ memberId: actor.memberId, maxHeight, updatedAt: clock.now() })
    .onConflictDoUpdate({ target: videoPrefs.memberId, set: { maxHeight, updatedAt: clock.now() } });
  return ok();
}

/** Megabytes a whole playback costs at each rung (measured sizes), and the original file's. */
export function lessonCost(rungs: RungInfo[], originalBytes: number | null): { name: string; mb: number }[] {
  const mb = (b: number) => Math.round((b / 1e6) * 10) / 10;
  const out = rungs.map((r) => ({ name: r.name, mb: mb(r.bytes) }));
  if (originalBytes) out.push({ name: "original", mb: mb(originalBytes) });
  return out;
}
