import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { lessonRenditions, lessons } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { createLesson, queueMissingLadders, requeueLadder } from "@/lib/video";
import { seedDemo } from "@/scripts/demo";
import { createTestDb, drivers } from "../helpers/db";
import { principalOf } from "../helpers/quiz";

/**
 * Issue 16, the ladder backfill: 为旧课程生成自适应码流 queues a transcode for every lesson video
 * without a complete ladder (none, failed, or made from an earlier file) that the actor may change;
 * one with its ladder, one already queued and an archived one are left alone. A trainer scoped to a
 * team queues only the lessons they made; 重新转码 of someone else's lesson is refused.
 */
describe.each(drivers())("queueing missing ladders on %s", (driver) => {
  let h: DbHandle;
  let admin: Principal;
  let teamTrainer: Principal;
  let worker: Principal;
  const id: Record<"none" | "done" | "stale" | "failed" | "archived" | "team", number> = { none: 0, done: 0, stale: 0, failed: 0, archived: 0, team: 0 };

  async function lessonWithVideo(by: Principal, key: string): Promise<number> {
    const made = await createLesson(h.db, by, { title: `码流 ${key}`, description: "", specialty: "", requiredPercent: 90 });
    if (!made.ok) throw new Error(made.code);
    await h.db.update(lessons).set({ storageKey: key, mime: "video/mp4", sizeBytes: 1000, durationS: 3 }).where(eq(lessons.id, made.value));
    return made.value;
  }
  const stateOf = async (lessonId: number) =>
    (await h.db.select({ state: lessonRenditions.state }).from(lessonRenditions).where(eq(lessonRenditions.lessonId, lessonId)))[0]?.state ?? null;

  beforeAll(async () => {
    h = await createTestDb(driver);
    await seedDemo(h.db, { members: 20 });
    admin = await principalOf(h.db, "900001", [{ role: "admin", scope: null }]);
    teamTrainer = await principalOf(h.db, "900002", [{ role: "trainer", scope: "T10" }]);
    worker = await principalOf(h.db, "900004", [{ role: "worker", scope: null }]);
    for (const k of ["none", "done", "stale", "failed", "archived"] as const) id[k] = await lessonWithVideo(admin, `lessons/ladder-${k}.mp4`);
    id.team = await lessonWithVideo(teamTrainer, "lessons/ladder-team.mp4");
    await h.db.update(lessons).set({ status: "archived" }).where(eq(lessons.id, id.archived));
    const row = (lessonId: number, sourceKey: string, state: "done" | "failed") => ({ lessonId, sourceKey, state, percent: state === "done" ? 100 : 0 });
    await h.db
      .insert(lessonRenditions)
      .values([
        row(id.done, "lessons/ladder-done.mp4", "done"),
        row(id.stale, "lessons/an-earlier-file.mp4", "done"),
        row(id.failed, "lessons/ladder-failed.mp4", "failed"),
      ]);
  });
  afterAll(async () => h?.close());

  it("refuses a worker, and a team trainer's 重新转码 of a lesson they did not make", async () => {
    expect(await queueMissingLadders(h.db, worker)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await requeueLadder(h.db, worker, id.none)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await requeueLadder(h.db, teamTrainer, id.failed)).toMatchObject({ ok: false, code: "video.errors.notYours" });
    expect(await stateOf(id.none)).toBeNull();
    expect(await stateOf(id.failed)).toBe("failed");
  });

  it("a team trainer's backfill queues only the lessons they made", async () => {
    expect(await queueMissingLadders(h.db, teamTrainer)).toEqual({ ok: true, value: 1 });
    expect(await stateOf(id.team)).toBe("queued");
    expect(await stateOf(id.none)).toBeNull();
  });

  it("the admin's backfill queues the lessons without a complete ladder, not the one with its ladder, and counts them", async () => {
    const r = await queueMissingLadders(h.db, admin);
    expect(r.ok).toBe(true);
    // The demo's own lessons with a video and no ladder count too; ours are three of them.
    expect(r.ok && r.value).toBeGreaterThanOrEqual(3);
    const rows = await h.db
      .select({ id: lessonRenditions.lessonId, state: lessonRenditions.state, sourceKey: lessonRenditions.sourceKey })
      .from(lessonRenditions)
      .where(inArray(lessonRenditions.lessonId, Object.values(id)));
    const by = Object.fromEntries(rows.map((x) => [x.id, x]));
    expect(by[id.none]).toMatchObject({ state: "queued", sourceKey: "lessons/ladder-none.mp4" });
    expect(by[id.stale]).toMatchObject({ state: "queued", sourceKey: "lessons/ladder-stale.mp4" });
    expect(by[id.failed]).toMatchObject({ state: "queued" });
    expect(by[id.done]).toMatchObject({ state: "done" });
    expect(by[id.archived]).toBeUndefined();
    // Queued already: nothing more to queue.
    expect(await queueMissingLadders(h.db, admin)).toEqual({ ok: true, value: 0 });
  });

  it("重新转码 queues one failed lesson; a lesson with its ladder needs none", async () => {
    await h.db.update(lessonRenditions).set({ state: "failed", error: "ffmpeg: bad file" }).where(eq(lessonRenditions.lessonId, id.team));
    expect(await requeueLadder(h.db, teamTrainer, id.team)).toEqual({ ok: true });
    expect(await stateOf(id.team)).toBe("queued");
    expect(await requeueLadder(h.db, admin, id.done)).toMatchObject({ ok: false, code: "video.errors.ladderNotNeeded" });
    expect(await stateOf(id.done)).toBe("done");
  });
});
