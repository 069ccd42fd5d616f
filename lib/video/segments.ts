/**
 * Watched intervals. A segment is a half-open interval [start, end) of media seconds, so the
 * time played at 2× counts the media it covered, not the wall-clock time. The server keeps the
 * union of every reported segment: seeking ahead adds nothing, watching twice counts once,
 * and since a union only grows, an old or repeated report changes nothing.
 */
export type Segment = [number, number];

/** Rounded to milliseconds so JSON stays short and equal inputs stay equal. */
const round = (x: number) => Math.round(x * 1000) / 1000;

/** Sorted, disjoint, non-empty segments; overlapping or touching ones become one. */
export function normalise(segments: readonly Segment[]): Segment[] {
  const sorted = segments
    .map(([s, e]) => [round(s), round(e)] as Segment)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Segment[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** The union of what was stored and what was reported. */
export function mergeSegments(stored: readonly Segment[], reported: readonly Segment[]): Segment[] {
  return normalise([...stored, ...reported]);
}

/** Seconds covered by normalised segments. */
export function coveredSeconds(segments: readonly Segment[]): number {
  return round(segments.reduce((sum, [s, e]) => sum + (e - s), 0));
}

/** Whether `watched` unique seconds reach the lesson's required share of its duration. */
export function isComplete(watchedS: number, durationS: number | null, requiredRatio: number): boolean {
  if (!durationS || durationS <= 0) return false;
  // A player's last timeupdate fires a little before the very end: half a second of slack.
  return watchedS + 0.5 >= durationS * requiredRatio;
}

type SegmentError = "video.errors.segmentNegative" | "video.errors.segmentReversed" | "video.errors.segmentBeyondEnd";

/**
 * Checks reported segments against the lesson's duration: none negative, none reversed or
 * empty, none past the end (a second of slack for rounding between players and ffprobe).
 */
export function checkSegments(segments: readonly Segment[], durationS: number | null): SegmentError | null {
  for (const [s, e] of segments) {
    if (!Number.isFinite(s) || !Number.isFinite(e) || s < 0 || e < 0) return "video.errors.segmentNegative";
    if (e <= s) return "video.errors.segmentReversed";
    if (durationS !== null && e > durationS + 1) return "video.errors.segmentBeyondEnd";
  }
  return null;
}

/** Clips checked segments to [0, duration]. */
export function clip(segments: readonly Segment[], durationS: number | null): Segment[] {
  if (durationS === null) return segments.map(([s, e]) => [s, e]);
  return segments.map(([s, e]) => [Math.min(s, durationS), Math.min(e, durationS)] as Segment).filter(([s, e]) => e > s);
}

/**
 * What the player collects: while the media plays, the interval from where playing started to
 * the current time grows; a seek, pause or jump of more than `maxStep` media seconds between two
 * time updates closes it, so a seek ahead is never counted.
 */
export class SegmentRecorder {
  private open: Segment | null = null;
  private closed: Segment[] = [];
  constructor(private readonly maxStep = 3) {}

  /** A time update while playing. */
  tick(t: number): void {
    if (!this.open) {
      this.open = [t, t];
      return;
    }
    const step = t - this.open[1];
    if (step < 0 || step > this.maxStep) {
      this.closeAt(this.open[1]);
      this.open = [t, t];
    } else {
      this.open[1] = t;
    }
  }

  /** Pause, seeking, ended: what was open is closed where it reached. */
  stop(): void {
    if (this.open) this.closeAt(this.open[1]);
    this.open = null;
  }

  private closeAt(end: number): void {
    if (this.open && end > this.open[0]) this.closed.push([this.open[0], end]);
  }

  /** Everything played so far, including the open interval. */
  segments(): Segment[] {
    const all = [...this.closed];
    if (this.open && this.open[1] > this.open[0]) all.push([this.open[0], this.open[1]]);
    return normalise(all);
  }

  /** Forgets what the server has confirmed (it keeps the union, so a resend is harmless anyway). */
  acknowledge(upTo: Segment[]): void {
    const confirmed = normalise(upTo);
    this.closed = this.closed.filter(([s, e]) => !confirmed.some(([cs, ce]) => cs <= s && e <= ce));
  }
}

/**
 * Where playback resumes: the position the last sitting stopped at, unless that is at the very end
 * (then from the start, to watch again). "The very end" is the last 2 s of a lesson, but never more
 * than a tenth of it: on a 3 s clip a stop at 1.5 s still resumes there. A length not known yet
 * (0, NaN, Infinity for a live stream) resumes at the position.
 */
export function resumePosition(lastPositionS: number, durationS: number): number {
  if (!(lastPositionS > 0) || !Number.isFinite(lastPositionS)) return 0;
  if (!(durationS > 0) || !Number.isFinite(durationS)) return lastPositionS;
  const tail = Math.min(2, durationS / 10);
  return lastPositionS < durationS - tail ? lastPositionS : 0;
}
