/**
 * 一机一码: the pure rules — how long a clip may be, which part of the lesson plays, and how the
 * clip's played intervals (lesson media time) become seconds of the clip.
 */
import type { Segment } from "@/lib/video/segments";

export const EQUIPMENT_KINDS = ["pump", "furnace", "switchboard", "compressor", "separator", "valve", "other"] as const;
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number];

/** A clip is one to three minutes; a whole lesson may be shorter, never longer. */
export const CLIP_MIN_S = 60;
export const CLIP_MAX_S = 180;
/** Questions a scan shows. */
export const SCAN_QUESTIONS = 3;

export interface ClipBounds {
  startS: number;
  endS: number;
}

type ClipError = "equipment.errors.clipHalf" | "equipment.errors.clipLength" | "equipment.errors.clipBeyondLesson" | "equipment.errors.lessonTooLong";

/**
 * The part of a lesson of `durationS` seconds that plays: [start, end) when both are set
 * (60–180 s, inside the lesson), else the whole lesson when it is at most 180 s long.
 */
export function clipBounds(durationS: number | null, startS: number | null, endS: number | null): ClipBounds | ClipError {
  if ((startS === null) !== (endS === null)) return "equipment.errors.clipHalf";
  if (startS !== null && endS !== null) {
    const len = endS - startS;
    if (len < CLIP_MIN_S || len > CLIP_MAX_S) return "equipment.errors.clipLength";
    if (durationS !== null && endS > Math.ceil(durationS)) return "equipment.errors.clipBeyondLesson";
    return { startS, endS };
  }
  if (durationS === null || durationS <= 0 || durationS > CLIP_MAX_S) return "equipment.errors.lessonTooLong";
  return { startS: 0, endS: durationS };
}

/**
 * Played intervals in lesson time, cut to the clip and moved to clip time (0 = the clip's start):
 * what is played outside the clip is not the clip and counts nothing.
 */
export function toClipTime(segments: readonly Segment[], clip: ClipBounds): Segment[] {
  const out: Segment[] = [];
  for (const [s, e] of segments) {
    const a = Math.max(s, clip.startS);
    const b = Math.min(e, clip.endS);
    if (b > a) out.push([a - clip.startS, b - clip.startS]);
  }
  return out;
}
