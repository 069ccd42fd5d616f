import type { FetchLoader as FetchLoaderClass, FragmentLoaderConstructor, LoaderCallbacks, LoaderConfiguration, LoaderContext } from "hls.js";

/**
 * hls.js's start on a weak link (issue 16: first frame < 3 s and no stall on 400 kbit/s, 400 ms,
 * CPU 4× slower; bench/hls-throttle.ts measures it): the lowest rung first, each segment appended
 * as it arrives (`progressive`, in chunks of `chunkBytes` instead of hls.js's 128 kB, which is most
 * of a low rung's 4-second segment) rather than once whole, and a first bandwidth guess of a weak
 * link so the first switch up waits for a measured one.
 */
export const HLS_START = {
  config: {
    startLevel: 0,
    capLevelToPlayerSize: false,
    progressive: true,
    abrEwmaDefaultEstimate: 400_000,
    // Before play, one segment ahead at most: the start stays immediate, and a lesson only opened
    // costs ≈ 160 kB at 240p instead of whatever hls.js buffers meanwhile (1.2 MB in 30 s on
    // 400 kbit/s) — the data saver's cost is what play spends. hls.js's buffer target is
    // min(max(maxBufferLength, maxBufferSize / bitrate), maxMaxBufferLength): only the last caps it.
    maxMaxBufferLength: 4,
  },
  /** The cap from the first play on (hls.js's own default, 600 s). */
  playBufferS: 600,
  /** Bytes of a segment handed on to the demuxer at a time (≈ 0.3 s at 400 kbit/s). */
  chunkBytes: 16 * 1024,
} as const;

/** hls.js's fetch loader handing on segment bytes `chunkBytes` at a time (hls.js asks for 128 kB; an init segment, Infinity, stays whole). */
export function chunkedLoader(FetchLoader: typeof FetchLoaderClass, chunkBytes: number = HLS_START.chunkBytes): FragmentLoaderConstructor {
  class Chunked extends FetchLoader {
    load(context: LoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<LoaderContext>) {
      const hwm = config.highWaterMark;
      super.load(context, hwm !== undefined && Number.isFinite(hwm) ? { ...config, highWaterMark: Math.min(hwm, chunkBytes) } : config, callbacks);
    }
  }
  // hls.js types its fetch loader for any context and fLoader for fragments' (which it is given).
  return Chunked as unknown as FragmentLoaderConstructor;
}

/**
 * Whether a page that leads to a lesson fetches hls.js ahead of the player, when idle
 * (app/_ui/hls-warm.tsx), so the first lesson a phone opens does not wait for it (≈ 120 kB, 3 s on
 * 400 kbit/s; bench/hls-throttle.ts `new-prewarm`): not when the browser asks to save data
 * (Save-Data: a chunk the worker may never use), not where the player uses the browser's own HLS
 * (Safari: no hls.js at all).
 */
export function shouldWarmHls(env: { saveData?: boolean; nativeHls: boolean }): boolean {
  return !env.saveData && !env.nativeHls;
}
