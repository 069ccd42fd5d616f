"use client";

import { useCallback, useEffect, useEffectEvent, useRef, useState } from "react";
import { coveredSeconds, mergeSegments, resumePosition, SegmentRecorder, type Segment } from "@/lib/video/segments";
import { formatDuration } from "@/lib/video/format";
import { useFormat } from "@/app/_ui/locale";
import { browserPlaysHls, bufferOnPlay, loadHls, weakLinkHls } from "@/app/_ui/hls";
import { queueReport, storedCopy } from "@/app/_ui/offline-lessons";

const REPORT_EVERY_MS = 15_000;
const SPEEDS = [1, 1.25, 1.5, 2];
/** Ask for fresh media URLs this long before the signed ones expire. */
const RENEW_BEFORE_MS = 3 * 60_000;

/** A lesson's adaptive copy: its master playlist, each rung's own playlist (signed URLs) and the cap in force. */
export interface HlsSource {
  master: string;
  rungs: { height: number; url: string }[];
  /** The highest rung to play (0: no cap). */
  maxHeight: number;
}

interface Props {
  lessonId: number;
  /** The original file: what plays when the lesson has no ladder (yet), or the browser plays no HLS. */
  src: string;
  hls: HlsSource | null;
  poster?: string;
  /** How long `src` and `poster` stay valid (their tokens expire; the player renews them). */
  validForMs: number;
  durationS: number | null;
  requiredRatio: number;
  initial: { segments: Segment[]; watchedS: number; lastPositionS: number; completed: boolean };
  labels: Record<"watched" | "required" | "completed" | "speed" | "saved" | "saving" | "saveFailed" | "unsupported" | "playedBar", string> & {
    queued?: string;
    playingOffline?: string;
  };
  /** 离线观看: the signed-in user, whose downloaded copy of the lesson plays when there is one, and whose reports wait on the device when they cannot be sent. */
  offline?: { userId: number };
  /** Where reports go (default: the lesson's progress) and where fresh URLs come from (default: the lesson's media-url; null: none). */
  progressUrl?: string;
  renewUrl?: string | null;
  /** A part of the lesson to play (一机一码's clip): it starts at `startS` and stops at `endS`; the bar shows the part. */
  part?: { startS: number; endS: number };
}

/**
 * The lesson player. It records the intervals really played (a seek closes the open interval,
 * so skipping ahead is never counted) and reports them about every 15 s, and by sendBeacon on
 * pause and when the page is hidden or left. The server keeps the union, so a report sent twice
 * is harmless; what it confirms is dropped from the next report. Speeds above 2× are refused.
 *
 * The media URLs are signed for this user and expire within minutes: before they do, the player
 * asks for fresh ones and moves the element to them where it stands (at once while paused; while
 * playing, at the next pause, or when a request of the old URL fails).
 */
export function Player({ lessonId, src, hls, poster, validForMs, durationS, requiredRatio, initial, labels, progressUrl, renewUrl, part, offline }: Props) {
  const format = useFormat();
  const video = useRef<HTMLVideoElement>(null);
  const recorder = useRef(new SegmentRecorder());
  const [server, setServer] = useState({ segments: initial.segments, watchedS: initial.watchedS, completed: initial.completed });
  const [duration, setDuration] = useState(durationS);
  const [status, setStatus] = useState<"idle" | "saving" | "saved" | "failed" | "queued">("idle");
  /** What was watched here and kept on the device for lack of a connection (shown until the server confirms it). */
  const [local, setLocal] = useState<Segment[]>([]);
  const [rate, setRate] = useState(1);
  const inFlight = useRef(false);
  const url = progressUrl ?? `/api/lessons/${lessonId}/progress`;
  const renewFrom = renewUrl === undefined ? `/api/lessons/${lessonId}/media-url` : renewUrl;
  const renewAt = useRef(0);
  const pending = useRef<{ src: string; poster: string | null } | null>(null);
  const resumed = useRef(false);
  /** How the video plays: its HLS ladder by hls.js or the browser's own player, or the original file. */
  const [mode, setMode] = useState<"hls.js" | "native" | "file" | "offline">(hls ? "native" : "file");
  const [level, setLevel] = useState<number | null>(null);

  /** Fresh signed URLs for this lesson, or null when the viewer may no longer watch it. */
  const renew = useCallback(async () => {
    if (!renewFrom) return null;
    const r = await fetch(renewFrom, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }).catch(() => null);
    if (!r?.ok) return null;
    const j = (await r.json()) as { src: string; poster: string | null; validForMs: number };
    renewAt.current = Date.now() + j.validForMs - RENEW_BEFORE_MS;
    return j;
  }, [renewFrom]);

  /** Moves the element to a fresh URL at the same position, playing on if it was playing. */
  const swap = useCallback((next: { src: string; poster: string | null }) => {
    const v = video.current;
    if (!v) return;
    pending.current = null;
    const at = v.currentTime;
    const playing = !v.paused;
    v.addEventListener(
      "loadedmetadata",
      () => {
        v.currentTime = at;
        if (playing) void v.play().catch(() => {});
      },
      { once: true },
    );
    if (next.poster) v.poster = next.poster;
    v.src = next.src;
  }, []);

  const payload = useCallback(() => {
    const v = video.current;
    return JSON.stringify({ segments: recorder.current.segments(), positionS: v ? Math.max(0, v.currentTime) : 0, at: Date.now() });
  }, []);

  /** Without a connection (the fetch failed), an offline-capable player keeps the report on the device. */
  const keepOffline = useCallback(
    (body: string) => {
      if (!offline || navigator.onLine) return false;
      const r = JSON.parse(body) as { segments: Segment[]; positionS: number; at: number };
      if (!r.segments.length) return true;
      queueReport(offline.userId, { lessonId, ...r });
      setLocal((prev) => mergeSegments(prev, r.segments));
      return true;
    },
    [lessonId, offline],
  );

  const send = useCallback(async () => {
    if (inFlight.current) return;
    const body = payload();
    const sent = recorder.current.segments();
    inFlight.current = true;
    setStatus("saving");
    try {
      const r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body, keepalive: true });
      const j = (await r.json()) as { ok: boolean; watchedS?: number; completed?: boolean; segments?: Segment[] };
      if (!r.ok || !j.ok) throw new Error("not saved");
      recorder.current.acknowledge(sent);
      setServer({ segments: j.segments ?? [], watchedS: j.watchedS ?? 0, completed: Boolean(j.completed) });
      setLocal([]);
      setStatus("saved");
    } catch {
      if (keepOffline(body)) setStatus("queued");
      else setStatus("failed");
    } finally {
      inFlight.current = false;
    }
  }, [keepOffline, payload, url]);

  /** For the page going away: the browser delivers a beacon even after the page is gone. */
  const beacon = useCallback(() => {
    if (!recorder.current.segments().length) return;
    if (keepOffline(payload())) return;
    const ok = navigator.sendBeacon?.(url, new Blob([payload()], { type: "application/json" }));
    if (!ok) void send();
  }, [keepOffline, payload, send, url]);

  /** The media's length once known, and the first time only, the place the last sitting stopped. */
  const metadataLoaded = useEffectEvent((v: HTMLVideoElement) => {
    if (!duration && Number.isFinite(v.duration)) setDuration(v.duration);
    // Resume where the last sitting stopped: the first time only, not after a URL renewal.
    if (resumed.current) return;
    resumed.current = true;
    const at = part ? part.startS : resumePosition(initial.lastPositionS, v.duration);
    if (at > 0) v.currentTime = at;
  });
  const firstRenewalAt = useEffectEvent(() => Date.now() + validForMs - RENEW_BEFORE_MS);
  const clipEnd = useEffectEvent(() => (part ? part.endS : null));

  // Set up once for the element; the callbacks it uses are stable (they change only with the lesson).
  useEffect(() => {
    const v = video.current;
    if (!v) return;
    const rec = recorder.current;
    const onTime = () => {
      if (!v.paused && !v.seeking) rec.tick(v.currentTime);
      // A clip stops at its end (what plays past it would count nothing).
      const end = clipEnd();
      if (end !== null && v.currentTime >= end && !v.paused) v.pause();
    };
    const onStop = () => rec.stop();
    const onPause = () => {
      rec.stop();
      void send();
      if (pending.current) swap(pending.current);
    };
    const onError = async () => {
      if (!v.src.includes("/api/media/lessons/") || v.src.includes("/hls/")) return;
      // A request of an expired URL was refused mid-playback: take fresh URLs once and go on.
      if (pending.current) return swap(pending.current);
      if (Date.now() < renewAt.current) return;
      const next = await renew();
      if (next) swap(next);
    };
    const onEnded = () => {
      rec.tick(v.duration || v.currentTime);
      rec.stop();
      void send();
    };
    const onRate = () => {
      if (v.playbackRate > 2) v.playbackRate = 2;
      setRate(v.playbackRate);
    };
    const onMeta = () => metadataLoaded(v);
    const onHide = () => {
      if (document.visibilityState === "hidden") {
        rec.stop();
        beacon();
      }
    };
    const onPageHide = () => {
      rec.stop();
      beacon();
    };
    v.addEventListener("timeupdate", onTime);
    v.addEventListener("seeking", onStop);
    v.addEventListener("pause", onPause);
    v.addEventListener("ended", onEnded);
    v.addEventListener("ratechange", onRate);
    v.addEventListener("loadedmetadata", onMeta);
    v.addEventListener("error", onError);
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("pagehide", onPageHide);
    renewAt.current = firstRenewalAt();
    const timer = setInterval(() => {
      if (!v.paused && rec.segments().length) void send();
      // A ladder's tokens are not renewed: once expired, its requests go on with the session cookie.
      if (!pending.current && !v.src.includes("/hls/") && !v.src.startsWith("blob:") && Date.now() >= renewAt.current) {
        renewAt.current = Date.now() + 60_000; // one try a minute until it works
        void renew().then((next) => {
          if (!next) return;
          if (v.paused) swap(next);
          else pending.current = next;
        });
      }
    }, REPORT_EVERY_MS);
    return () => {
      clearInterval(timer);
      v.removeEventListener("timeupdate", onTime);
      v.removeEventListener("seeking", onStop);
      v.removeEventListener("pause", onPause);
      v.removeEventListener("ended", onEnded);
      v.removeEventListener("ratechange", onRate);
      v.removeEventListener("loadedmetadata", onMeta);
      v.removeEventListener("error", onError);
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", onPageHide);
      // Leaving by client-side navigation: report what was played.
      rec.stop();
      beacon();
    };
  }, [beacon, renew, send, swap]);

  // The adaptive copy: the lesson's downloaded copy when the device holds one (离线观看), else the
  // ladder from the network (startLadder). Played time stays media time whichever rung plays.
  const hlsSource = useEffectEvent(() => hls);
  const original = useEffectEvent(() => src);
  const offlineUser = useEffectEvent(() => offline?.userId ?? null);
  useEffect(() => {
    const v = video.current;
    const h = hlsSource();
    const userId = offlineUser();
    if (!v || !h) return;
    let destroyed = false;
    let instance: { destroy(): void } | null = null;
    let stopOnline: (() => void) | null = null;
    const online = () => {
      stopOnline = startLadder(v, h, original(), setMode, setLevel);
    };
    // A downloaded copy plays first (no data used, with or without a connection), through hls.js
    // reading it from the device's cache; a browser without hls.js support plays the ladder online.
    if (userId === null) online();
    else
      void loadHls()
        .then(async ({ default: Hls, LoadStats }) => {
          const copy = Hls.isSupported() ? await storedCopy(userId, lessonId, LoadStats).catch(() => null) : null;
          if (destroyed) return;
          if (!copy) return online();
          const player = new Hls({ loader: copy.loader, capLevelToPlayerSize: false });
          instance = player;
          setMode("offline");
          player.on(Hls.Events.ERROR, (_e, d) => {
            if (!d.fatal) return;
            // The stored copy cannot play (damaged, or removed meanwhile): the ladder from the network.
            player.destroy();
            instance = null;
            online();
          });
          player.loadSource(copy.url);
          player.attachMedia(v);
        })
        .catch(() => {
          if (!destroyed) online();
        });
    return () => {
      destroyed = true;
      instance?.destroy();
      stopOnline?.();
    };
  }, [lessonId]);

  const shown = mergeSegments(server.segments, local);
  const watched = coveredSeconds(shown);
  const from = part?.startS ?? 0;
  const total = part ? part.endS - part.startS : (duration ?? 0);
  const pct = total ? Math.min(100, Math.round((watched / total) * 100)) : 0;

  return (
    <div className="space-y-3">
      <video
        ref={video}
        src={hls ? undefined : src}
        poster={poster}
        controls
        playsInline
        preload="metadata"
        controlsList="nodownload noplaybackrate"
        className="aspect-video w-full rounded-lg bg-black"
        data-testid="lesson-video"
        data-mode={mode}
        data-level={level ?? ""}
      >
        {labels.unsupported}
      </video>
      {mode === "offline" && labels.playingOffline && (
        <p className="text-sm text-emerald-700" data-testid="playing-offline">
          {labels.playingOffline}
        </p>
      )}
      <fieldset className="flex flex-wrap items-center gap-2" aria-label={labels.speed}>
        <span className="text-sm text-slate-600">{labels.speed}</span>
        {SPEEDS.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={rate === s}
            onClick={() => {
              if (video.current) video.current.playbackRate = s;
            }}
            className={`min-h-9 rounded-md border px-3 text-sm ${rate === s ? "border-brand-600 bg-brand-50 text-brand-800" : "border-slate-300 bg-white text-slate-700"}`}
          >
            {s}×
          </button>
        ))}
      </fieldset>
      <div className="rounded-lg border border-slate-200 bg-white p-3">
        <div className="relative h-3 w-full overflow-hidden rounded bg-slate-200" role="img" aria-label={labels.playedBar}>
          {total > 0 &&
            shown.map(([s, e]) => (
              <span
                key={`${s}-${e}`}
                className="absolute inset-y-0 bg-brand-600"
                style={{ left: `${((s - from) / total) * 100}%`, width: `${((e - s) / total) * 100}%` }}
              />
            ))}
          {total > 0 && !part && <span className="absolute inset-y-0 w-0.5 bg-amber-500" style={{ left: `${requiredRatio * 100}%` }} aria-hidden />}
        </div>
        <p className="mt-2 text-sm text-slate-700" data-testid="watched" data-watched-s={watched} data-completed={server.completed ? "1" : "0"}>
          {format(labels.watched, { watched: formatDuration(watched), duration: formatDuration(part ? total : duration) })} ({pct}%)
        </p>
        {!part && (
          <p className="text-xs text-slate-500">{server.completed ? <strong className="text-emerald-700">{labels.completed}</strong> : labels.required}</p>
        )}
        <p className="mt-1 text-xs text-slate-500" aria-live="polite">
          {status === "saving"
            ? labels.saving
            : status === "saved"
              ? labels.saved
              : status === "failed"
                ? labels.saveFailed
                : status === "queued"
                  ? (labels.queued ?? labels.saveFailed)
                  : ""}
        </p>
      </div>
    </div>
  );
}

/**
 * Plays a lesson's ladder from the network: Safari's own HLS player, else hls.js (from the lowest
 * rung up, capped by 省流量), else the original file. Returns its teardown.
 */
function startLadder(
  v: HTMLVideoElement,
  h: HlsSource,
  original: string,
  setMode: (m: "hls.js" | "native" | "file") => void,
  setLevel: (height: number | null) => void,
): () => void {
  const capIndex = (heights: number[]) => {
    if (!h.maxHeight) return -1;
    let i = -1;
    heights.forEach((height, k) => {
      if (height <= h.maxHeight) i = k;
    });
    return Math.max(0, i);
  };
  if (browserPlaysHls(v)) {
    // Safari picks rungs itself: a cap plays that rung's own playlist.
    const capped = h.maxHeight ? h.rungs[capIndex(h.rungs.map((r) => r.height))] : undefined;
    setMode("native");
    v.src = capped?.url ?? h.master;
    return () => {};
  }
  let destroyed = false;
  let instance: { destroy(): void } | null = null;
  void loadHls().then((mod) => {
    const Hls = mod.default;
    if (destroyed) return;
    if (!Hls.isSupported()) {
      setMode(v.canPlayType("application/vnd.apple.mpegurl") ? "native" : "file");
      v.src = v.canPlayType("application/vnd.apple.mpegurl") ? h.master : original;
      return;
    }
    // From the lowest rung, each segment played as it arrives (the first frame < 3 s on 400 kbit/s).
    const player = weakLinkHls(mod);
    bufferOnPlay(v, player);
    instance = player;
    setMode("hls.js");
    player.on(Hls.Events.MANIFEST_PARSED, () => {
      player.autoLevelCapping = capIndex(player.levels.map((l) => l.height));
    });
    player.on(Hls.Events.LEVEL_SWITCHED, (_e, d) => setLevel(player.levels[d.level]?.height ?? null));
    player.on(Hls.Events.ERROR, (_e, d) => {
      if (!d.fatal) return;
      // The ladder cannot play here: the original file instead.
      player.destroy();
      instance = null;
      setMode("file");
      v.src = original;
    });
    player.loadSource(h.master);
    player.attachMedia(v);
  });
  return () => {
    destroyed = true;
    instance?.destroy();
  };
}
