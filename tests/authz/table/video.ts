import { readFileSync } from "node:fs";
import type { ActionEntry, Fixture, RouteEntry } from "../types";
import { ALL, JPEG, TRAINER10 } from "./common";

/** 视频教学: courses and lessons (authored content), uploads, progress and the media routes. */

const COURSES = "app/(app)/teach/courses/actions.ts";
const LESSONS = "app/(app)/teach/lessons/actions.ts";
const OTHERS = ["manager09", "worker09", "worker11", "anonymous"] as const;

const courseForm = (id: number) => ({ id: String(id), title: "矩阵课程（改）", specialty: "oil_production", description: "" });
const lessonForm = (id: number) => ({ id: String(id), title: "矩阵视频（改）", description: "", specialty: "oil_production", requiredPercent: "80" });
const progress = () => JSON.stringify({ segments: [[0, 2]], positionS: 2, at: Date.now() });
/** The first bytes of a real video: the upload checks the first chunk's content. */
const CHUNK = new Uint8Array(readFileSync("tests/fixtures/video/test-pattern.webm").subarray(0, 4096));
/** An S3 part's ETag, as a bucket answers a part's PUT. */
const ETAG = '"0123456789abcdef0123456789abcdef"';
/** A trainer assigns the people of their scope to any published course, in one batch. */
const ASSIGN_BATCH = "assigning is a batch: members outside the caller's scope are skipped and counted, the others assigned";
/** Trainers see every lesson and cover: teaching content carries no member's data. */
const TEACHERS_SEE = "a trainer may open any lesson or cover (teaching content, no member data)";
/** Published courses are an open catalogue: a course's audience puts it on those units' lists; anyone may choose it. */
const OPEN_CATALOGUE = "published courses are an open catalogue: the audience puts a course on a unit's list, and anyone may choose it (README, video)";

export const videoActions: ActionEntry[] = [
  {
    key: "app/(app)/courses/actions.ts#chooseCourseAction",
    probes: [
      { who: ALL, why: "a draft course (not published)", call: (fx) => ({ form: { courseId: String(fx.courses.draft) } }) },
      {
        who: [...OTHERS.filter((w) => w !== "anonymous"), ...TRAINER10],
        why: "a published course for 采油八队",
        expect: "allowed",
        because: OPEN_CATALOGUE,
        writes: ["course_enrolments"],
        call: (fx) => ({ form: { courseId: String(fx.courses.t08) } }),
      },
    ],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ form: { courseId: String(fx.courses.t08) } }) },
  },

  {
    key: "app/(app)/courses/actions.ts#dataSaverAction",
    probes: [
      { who: ["anonymous"], why: "a data saver setting without a session", call: () => ({ form: { cap: "240", back: "/courses/1/lessons/1" } }) },
      {
        who: ["trainer10", "manager09", "worker09", "worker11"],
        why: "省流量: the caller's own cap, nobody else's",
        expect: "allowed",
        because:
          "it sets the caller's own data saver cap and names no one else; the lesson page it returns to opens that lesson for the caller (their own empty progress row, as any visit does)",
        writes: ["video_prefs", "lesson_progress"],
        call: () => ({ form: { cap: "240", back: "/courses/1/lessons/1" } }),
      },
      { who: ALL, why: "a return address off the site", call: () => ({ form: { cap: "240", back: "//evil.example/x" } }) },
    ],
    control: { as: "worker08", expect: "changes", call: () => ({ form: { cap: "360", back: "/courses/1/lessons/1" } }) },
  },
  {
    key: `${COURSES}#createCourseAction`,
    probes: [
      { who: OTHERS, why: "no teaching role", call: () => ({ form: courseForm(0) }) },
      {
        who: TRAINER10,
        why: "a new course of their own",
        expect: "allowed",
        because: "a trainer makes courses; the new one is theirs",
        writes: ["courses"],
        call: () => ({ form: courseForm(0) }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: () => ({ form: courseForm(0) }) },
  },
  {
    key: `${COURSES}#updateCourseAction`,
    probes: [{ who: ALL, why: "the area trainer's area-wide course", call: (fx) => ({ form: courseForm(fx.courses.area) }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: courseForm(fx.courses.area) }) },
  },
  {
    key: `${COURSES}#saveItemsAction`,
    probes: [
      {
        who: ALL,
        why: "the items of the area trainer's area-wide course",
        call: (fx) => ({ form: { id: String(fx.courses.area), items: JSON.stringify([{ kind: "lesson", refId: fx.lessons.own10, required: true }]) } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { id: String(fx.courses.area), items: JSON.stringify([{ kind: "lesson", refId: fx.lessons.own10, required: true }]) } }),
    },
  },
  {
    key: `${COURSES}#saveAudienceAction`,
    probes: [
      {
        // Units outside the caller's scope are kept as they are (ownership unitsInScope), so the
        // probe asks for one: 采油八队 is outside every principal's scope.
        who: ALL,
        why: "a unit outside the caller's scope (采油八队) in the audience of the area-wide course",
        call: (fx) => ({ form: { id: String(fx.courses.area), unit: [String(fx.units.area), String(fx.units.t08)] } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { id: String(fx.courses.area), unit: [String(fx.units.area), String(fx.units.t08)] } }),
    },
  },
  {
    key: `${COURSES}#assignAction`,
    probes: [
      {
        who: OTHERS,
        why: "the area trainer's course, a member of 采油八队",
        call: (fx) => ({ form: { id: String(fx.courses.area), employeeNos: fx.members.m08c.employeeNo } }),
      },
      {
        who: TRAINER10,
        why: "the area trainer's course, a member of 采油八队",
        expect: "unchanged",
        because: ASSIGN_BATCH,
        call: (fx) => ({ form: { id: String(fx.courses.area), employeeNos: fx.members.m08c.employeeNo } }),
      },
      {
        who: TRAINER10,
        why: "own course, a member of 采油九队",
        expect: "unchanged",
        because: ASSIGN_BATCH,
        call: (fx) => ({ form: { id: String(fx.courses.own10), employeeNos: fx.members.m09.employeeNo } }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { id: String(fx.courses.area), employeeNos: fx.members.m08c.employeeNo } }) },
  },
  {
    key: `${COURSES}#courseStatusAction`,
    probes: [{ who: ALL, why: "archiving the area trainer's area-wide course", call: (fx) => ({ form: { id: String(fx.courses.area), status: "archived" } }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { id: String(fx.courses.area), status: "archived" } }) },
  },

  {
    key: `${LESSONS}#createLessonAction`,
    probes: [
      { who: OTHERS, why: "no teaching role", call: () => ({ form: lessonForm(0) }) },
      {
        who: TRAINER10,
        why: "a new lesson of their own",
        expect: "allowed",
        because: "a trainer makes lessons; the new one is theirs",
        writes: ["lessons"],
        call: () => ({ form: lessonForm(0) }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: () => ({ form: lessonForm(0) }) },
  },
  {
    key: `${LESSONS}#updateLessonAction`,
    probes: [{ who: ALL, why: "the area trainer's lesson", call: (fx) => ({ form: lessonForm(fx.lessons.area) }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: lessonForm(fx.lessons.area) }) },
  },
  {
    key: `${LESSONS}#lessonStatusAction`,
    probes: [{ who: ALL, why: "archiving the area trainer's lesson", call: (fx) => ({ form: { id: String(fx.lessons.area), status: "archived" } }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { id: String(fx.lessons.area), status: "archived" } }) },
  },
  {
    key: `${LESSONS}#requeueLadderAction`,
    probes: [{ who: ALL, why: "重新转码 of the area trainer's lesson (no ladder yet)", call: (fx) => ({ form: { id: String(fx.lessons.area) } }) }],
    control: { as: "areaTrainer", expect: "changes", call: (fx) => ({ form: { id: String(fx.lessons.area) } }) },
  },
  {
    key: `${LESSONS}#queueMissingLaddersAction`,
    probes: [
      { who: OTHERS, why: "no teaching role", call: () => ({ form: {} }) },
      {
        who: TRAINER10,
        why: "为旧课程生成自适应码流: the area trainer's lessons without a ladder",
        expect: "allowed",
        because: "a team trainer's backfill queues only the lessons they made (lib/video/ladder-queue): their own lesson's video, nobody else's",
        writes: ["lesson_renditions"],
        call: () => ({ form: {} }),
      },
    ],
    control: { as: "areaTrainer", expect: "changes", call: () => ({ form: {} }) },
  },
];

const coverPath = (fx: Fixture) => `/api/media/courses/${fx.courses.t08}/cover`;
const lessonPath = (fx: Fixture) => `/api/media/lessons/${fx.lessons.t08}`;
const posterPath = (fx: Fixture) => `/api/media/lessons/${fx.lessons.t08}/poster`;
const hlsPath = (fx: Fixture) => `/api/media/lessons/${fx.lessons.t08}/hls/master.m3u8`;

/** A media GET or HEAD: refused to whoever is outside the 采油八队 course, seen by trainers. */
function media(key: string, path: (fx: Fixture) => string, why: string): RouteEntry {
  return {
    key,
    probes: [
      { who: OTHERS, why, call: (fx) => ({ path: path(fx) }) },
      { who: TRAINER10, why, expect: "unchanged", because: TEACHERS_SEE, call: (fx) => ({ path: path(fx) }) },
    ],
    control: { as: "worker08", expect: "succeeds", call: (fx) => ({ path: path(fx) }) },
  };
}

/** A course cover: published courses show in everyone's catalogue; a draft's cover only to trainers. */
function cover(key: string): RouteEntry {
  const draft = (fx: Fixture) => `/api/media/courses/${fx.courses.draft}/cover`;
  return {
    key,
    probes: [
      { who: OTHERS, why: "the cover of a draft course", call: (fx) => ({ path: draft(fx) }) },
      { who: TRAINER10, why: "the cover of a draft course", expect: "unchanged", because: TEACHERS_SEE, call: (fx) => ({ path: draft(fx) }) },
      {
        who: OTHERS.filter((w) => w !== "anonymous"),
        why: "the cover of a published course for 采油八队",
        expect: "unchanged",
        because: OPEN_CATALOGUE,
        call: (fx) => ({ path: coverPath(fx) }),
      },
    ],
    control: { as: "worker08", expect: "succeeds", call: (fx) => ({ path: coverPath(fx) }) },
  };
}

export const videoRoutes: RouteEntry[] = [
  cover("app/api/media/courses/[id]/cover/route.ts#GET"),
  cover("app/api/media/courses/[id]/cover/route.ts#HEAD"),
  media("app/api/media/lessons/[id]/route.ts#GET", lessonPath, "the video of a lesson only in a course for 采油八队"),
  media("app/api/media/lessons/[id]/route.ts#HEAD", lessonPath, "the video of a lesson only in a course for 采油八队"),
  media("app/api/media/lessons/[id]/poster/route.ts#GET", posterPath, "the poster of a lesson only in a course for 采油八队"),
  media("app/api/media/lessons/[id]/poster/route.ts#HEAD", posterPath, "the poster of a lesson only in a course for 采油八队"),
  media("app/api/media/lessons/[id]/hls/[...file]/route.ts#GET", hlsPath, "the HLS playlist of a lesson only in a course for 采油八队"),
  media("app/api/media/lessons/[id]/hls/[...file]/route.ts#HEAD", hlsPath, "the HLS playlist of a lesson only in a course for 采油八队"),
  {
    key: "app/api/lessons/[id]/download/route.ts#POST",
    probes: [
      {
        who: OTHERS,
        why: "downloading for offline a lesson only in a course for 采油八队",
        call: (fx) => ({ path: `/api/lessons/${fx.lessons.t08}/download`, body: "{}" }),
      },
      {
        who: TRAINER10,
        why: "downloading for offline a lesson only in a course for 采油八队",
        expect: "unchanged",
        because: TEACHERS_SEE,
        call: (fx) => ({ path: `/api/lessons/${fx.lessons.t08}/download`, body: "{}" }),
      },
    ],
    control: { as: "worker08", expect: "succeeds", call: (fx) => ({ path: `/api/lessons/${fx.lessons.t08}/download`, body: "{}" }) },
  },
  {
    key: "app/api/downloads/check/route.ts#POST",
    probes: [
      {
        who: ["anonymous"],
        why: "which downloads of the 采油八队 lesson may be kept, without a session",
        call: (fx) => ({ path: "/api/downloads/check", body: JSON.stringify({ lessonIds: [fx.lessons.t08] }) }),
      },
      {
        who: ["manager09", "worker09", "worker11", "trainer10"],
        why: "which downloads of the 采油八队 lesson may be kept",
        expect: "unchanged",
        because:
          "the check only answers which of the given lessons the caller may watch themselves (downloadsAllowed: an outsider gets an empty list, a trainer sees teaching content); it writes nothing",
        call: (fx) => ({ path: "/api/downloads/check", body: JSON.stringify({ lessonIds: [fx.lessons.t08] }) }),
      },
    ],
    control: {
      as: "worker08",
      expect: "succeeds",
      call: (fx) => ({ path: "/api/downloads/check", body: JSON.stringify({ lessonIds: [fx.lessons.t08] }) }),
    },
  },
  {
    key: "app/api/lessons/[id]/media-url/route.ts#POST",
    probes: [
      {
        who: OTHERS,
        why: "signed media URLs of a lesson only in a course for 采油八队",
        call: (fx) => ({ path: `/api/lessons/${fx.lessons.t08}/media-url`, body: "{}" }),
      },
      {
        who: TRAINER10,
        why: "signed media URLs of a lesson only in a course for 采油八队",
        expect: "unchanged",
        because: TEACHERS_SEE,
        call: (fx) => ({ path: `/api/lessons/${fx.lessons.t08}/media-url`, body: "{}" }),
      },
    ],
    control: { as: "worker08", expect: "succeeds", call: (fx) => ({ path: `/api/lessons/${fx.lessons.t08}/media-url`, body: "{}" }) },
  },
  {
    key: "app/api/media/courses/[id]/cover/route.ts#PUT",
    probes: [
      {
        who: ALL,
        why: "replacing the cover of the area trainer's area-wide course",
        call: (fx) => ({ path: `/api/media/courses/${fx.courses.area}/cover`, body: JPEG, headers: { "Content-Type": "image/jpeg" } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ path: `/api/media/courses/${fx.courses.area}/cover`, body: JPEG, headers: { "Content-Type": "image/jpeg" } }),
    },
  },
  {
    key: "app/api/lessons/[id]/progress/route.ts#POST",
    probes: [
      {
        who: OTHERS,
        why: "progress on a lesson only in a course for 采油八队",
        call: (fx) => ({ path: `/api/lessons/${fx.lessons.t08}/progress`, body: progress() }),
      },
      {
        who: TRAINER10,
        why: "progress on a lesson only in a course for 采油八队",
        expect: "allowed",
        because: "a trainer may watch any lesson: their own progress is recorded",
        writes: ["lesson_progress"],
        call: (fx) => ({ path: `/api/lessons/${fx.lessons.t08}/progress`, body: progress() }),
      },
    ],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ path: `/api/lessons/${fx.lessons.t08}/progress`, body: progress() }) },
  },
  {
    key: "app/api/lessons/[id]/uploads/route.ts#POST",
    probes: [
      {
        who: ALL,
        why: "a new video for the area trainer's lesson",
        call: (fx) => ({ path: `/api/lessons/${fx.lessons.area}/uploads`, body: JSON.stringify({ fileName: "x.webm", size: 4096 }) }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ path: `/api/lessons/${fx.lessons.area}/uploads`, body: JSON.stringify({ fileName: "x.webm", size: 4096 }) }),
    },
  },
  {
    key: "app/api/lessons/uploads/[uploadId]/route.ts#GET",
    probes: [{ who: ALL, why: "the area trainer's upload in flight", call: (fx) => ({ path: `/api/lessons/uploads/${fx.uploads.pending}` }) }],
    control: { as: "areaTrainer", expect: "succeeds", call: (fx) => ({ path: `/api/lessons/uploads/${fx.uploads.pending}` }) },
  },
  {
    key: "app/api/lessons/uploads/[uploadId]/route.ts#PUT",
    probes: [
      {
        who: ALL,
        why: "bytes into the area trainer's upload",
        call: (fx) => ({ path: `/api/lessons/uploads/${fx.uploads.pending}?offset=0`, body: CHUNK, headers: { "Content-Type": "application/octet-stream" } }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ path: `/api/lessons/uploads/${fx.uploads.pending}?offset=0`, body: CHUNK, headers: { "Content-Type": "application/octet-stream" } }),
    },
  },
  {
    key: "app/api/lessons/uploads/[uploadId]/part-urls/route.ts#POST",
    probes: [
      {
        who: ALL,
        why: "presigned URLs for parts of the area trainer's direct upload",
        call: (fx) => ({ path: `/api/lessons/uploads/${fx.uploads.direct}/part-urls`, body: JSON.stringify({ partNumbers: [1, 2] }) }),
      },
    ],
    control: {
      none: "the matrix's server stores media on disk, where no URL can be signed; the starter's URLs against s3rver: tests/integration/video-upload-presigned.test.ts",
    },
  },
  {
    key: "app/api/lessons/uploads/[uploadId]/parts/route.ts#POST",
    probes: [
      {
        who: ALL,
        why: "an ETag into the area trainer's direct upload (the part it joins)",
        call: (fx) => ({ path: `/api/lessons/uploads/${fx.uploads.direct}/parts`, body: JSON.stringify({ partNumber: 1, etag: ETAG }) }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ path: `/api/lessons/uploads/${fx.uploads.direct}/parts`, body: JSON.stringify({ partNumber: 1, etag: ETAG }) }),
    },
  },
  {
    key: "app/api/lessons/uploads/[uploadId]/complete/route.ts#POST",
    probes: [
      {
        who: ALL,
        why: "completing the area trainer's upload (it replaces the lesson's video)",
        call: (fx) => ({ path: `/api/lessons/uploads/${fx.uploads.full}/complete`, body: JSON.stringify({ durationS: 8 }) }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ path: `/api/lessons/uploads/${fx.uploads.full}/complete`, body: JSON.stringify({ durationS: 8 }) }),
    },
  },
];
