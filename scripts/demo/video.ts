import { copyFile, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { lessons, orgUnits, quizzes } from "@/db/schema";
import type { Principal } from "@/lib/auth/permissions";
import { LocalStorage, getStorage } from "@/lib/storage";
import { createCourse, createLesson, setCourseAudience, setCourseItems, setCourseStatus, setLessonStatus } from "@/lib/video";

/** The demo content is nobody's: only a trainer of the whole area changes it. */
const SYSTEM: Principal = { userId: 0, memberId: 0, roles: [{ role: "trainer", scopePath: null }] };

function must<T>(r: { ok: true; value: T } | { ok: false; code: string }): T {
  if (!r.ok) throw new Error(`demo video: ${r.code}`);
  return r.value;
}

/** The generated test pattern (ffmpeg testsrc, 8 s, WebM) stands in for a real lesson video. */
const DEMO_VIDEO = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "tests/fixtures/video/test-pattern.webm");
const DEMO_KEY = "demo/lessons/test-pattern.webm";

/**
 * A demo lesson and course for the whole area, once (keyed by codes). The video is copied into
 * local media storage when the file is at hand; without it (or with object storage) the lesson
 * and its course stay drafts.
 */
export async function seedDemoVideo(db: Db): Promise<void> {
  const [existing] = await db.select({ id: lessons.id }).from(lessons).where(eq(lessons.code, "DEMO-L1"));
  if (existing) return;
  const lessonId = must(
    await createLesson(
      db,
      SYSTEM,
      {
        title: "抽油机启机前安全检查",
        description: "启机前检查刹车、皮带、井口流程和电气设备，确认周围无人后方可启机。",
        specialty: "oil_production",
        requiredPercent: 90,
      },
      "DEMO-L1",
    ),
  );
  const storage = getStorage();
  const haveFile = await stat(DEMO_VIDEO)
    .then((s) => s.isFile())
    .catch(() => false);
  const withVideo = haveFile && storage instanceof LocalStorage;
  if (withVideo) {
    const dest = storage.localPath(DEMO_KEY);
    if (!(await stat(dest).catch(() => null))) {
      await mkdir(path.dirname(dest), { recursive: true });
      await copyFile(DEMO_VIDEO, dest);
    }
    const size = (await stat(dest)).size;
    await db.update(lessons).set({ storageKey: DEMO_KEY, mime: "video/webm", sizeBytes: size, durationS: 8 }).where(eq(lessons.id, lessonId));
    must(await setLessonStatus(db, SYSTEM, lessonId, "published"));
  }
  const courseId = must(
    await createCourse(
      db,
      SYSTEM,
      { title: "采油工岗位必修：设备启停", specialty: "oil_production", description: "以工代训：先看视频，再参加季度小会考。" },
      "DEMO-C1",
    ),
  );
  const [quiz] = await db.select({ id: quizzes.id }).from(quizzes).limit(1);
  must(
    await setCourseItems(db, SYSTEM, courseId, [
      { kind: "lesson", refId: lessonId, required: true },
      ...(quiz ? [{ kind: "quiz" as const, refId: quiz.id, required: false }] : []),
    ]),
  );
  const [area] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.code, "HJ"));
  if (area) must(await setCourseAudience(db, SYSTEM, courseId, { orgUnitIds: [area.id], jobIds: [] }));
  if (withVideo) must(await setCourseStatus(db, SYSTEM, courseId, "published"));
}
