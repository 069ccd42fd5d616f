import { describe, expect, it } from "vitest";
import {
  DOWNLOAD_DAYS,
  daysLeft,
  downloadExpiry,
  downloadsToDrop,
  enqueueReport,
  parseStored,
  playlistUris,
  rewritePlaylist,
  type StoredDownload,
} from "@/lib/video/offline";

const NOW = Date.parse("2026-12-06T10:00:00Z");
const DAY = 24 * 3600_000;
const dl = (lessonId: number, expiresAt: number): StoredDownload => ({
  lessonId,
  courseId: 1,
  title: `课 ${lessonId}`,
  rung: "240p",
  bytes: 1000,
  savedAt: NOW - DAY,
  expiresAt,
});

describe("offline downloads", () => {
  it("expire 30 days after they were made", () => {
    expect(DOWNLOAD_DAYS).toBe(30);
    expect(downloadExpiry(NOW)).toBe(Date.parse("2027-01-05T10:00:00Z"));
  });

  it("drops the expired ones (at the very instant too) and, when the server answered, those it no longer allows", () => {
    const list = [dl(1, NOW + DAY), dl(2, NOW), dl(3, NOW - 1), dl(4, NOW + 29 * DAY)];
    // Offline (no answer): only the expired ones.
    expect(downloadsToDrop(list, null, NOW).map((d) => d.lessonId)).toEqual([2, 3]);
    // The server allows 1 and 3: 4 goes (access lost), 3 goes anyway (expired).
    expect(downloadsToDrop(list, [1, 3], NOW).map((d) => d.lessonId)).toEqual([2, 3, 4]);
    // An empty answer: everything goes.
    expect(downloadsToDrop(list, [], NOW)).toHaveLength(4);
    expect(downloadsToDrop([], [1], NOW)).toEqual([]);
  });
});

describe("progress watched offline", () => {
  it("keeps one entry per lesson: the union of the segments, the latest position", () => {
    let q = enqueueReport([], { lessonId: 7, segments: [[0, 4]], positionS: 4, at: 100 });
    q = enqueueReport(q, { lessonId: 8, segments: [[10, 12]], positionS: 12, at: 150 });
    q = enqueueReport(q, {
      lessonId: 7,
      segments: [
        [3, 9],
        [20, 22],
      ],
      positionS: 22,
      at: 200,
    });
    // A report sent late (older `at`) adds its segments but does not move the position back.
    q = enqueueReport(q, { lessonId: 7, segments: [[30, 31]], positionS: 1, at: 50 });
    expect(q).toEqual([
      { lessonId: 8, segments: [[10, 12]], positionS: 12, at: 150 },
      {
        lessonId: 7,
        segments: [
          [0, 9],
          [20, 22],
          [30, 31],
        ],
        positionS: 22,
        at: 200,
      },
    ]);
  });

  it("reads back only a stored list", () => {
    expect(parseStored(null)).toEqual([]);
    expect(parseStored("not json")).toEqual([]);
    expect(parseStored('{"a":1}')).toEqual([]);
    expect(parseStored("[1]")).toEqual([1]);
  });
});

describe("the stored playlist", () => {
  const m3u8 = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nseg_0000.ts?t=abc\n#EXTINF:2.5,\nseg_0001.ts?t=abc\n#EXT-X-ENDLIST\n";
  it("lists its segments and names them without the token", () => {
    expect(playlistUris(m3u8)).toEqual(["seg_0000.ts?t=abc", "seg_0001.ts?t=abc"]);
    const local = rewritePlaylist(m3u8, (_u, i) => `seg_${i}.ts`);
    expect(local).toBe("#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nseg_0.ts\n#EXTINF:2.5,\nseg_1.ts\n#EXT-X-ENDLIST\n");
    expect(local).not.toContain("t=");
  });

  it("days left to an expiry count calendar days in the site's zone: 0 on its last day and after", () => {
    const tz = "Asia/Shanghai";
    // NOW is 18:00 in Shanghai on 2026-12-06.
    expect(daysLeft(downloadExpiry(NOW), NOW, tz)).toBe(DOWNLOAD_DAYS);
    expect(daysLeft(Date.parse("2026-12-07T15:59:00Z"), NOW, tz)).toBe(1); // 23:59 on the 7th
    expect(daysLeft(Date.parse("2026-12-07T16:00:00Z"), NOW, tz)).toBe(2); // 00:00 on the 8th
    expect(daysLeft(Date.parse("2026-12-06T15:00:00Z"), NOW, tz)).toBe(0);
    expect(daysLeft(NOW - DAY, NOW, tz)).toBe(0);
  });
});
