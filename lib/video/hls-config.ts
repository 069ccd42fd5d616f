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
    // Before play, one segment ahead: the start stays immediate, and a lesson only opened costs
    // ≈ 160 kB at 240p instead of 30 s of video (≈ 1.3 MB) — the data saver's cost is what play spends.
    maxBufferLength: 4,
  },
  /** Seconds buffered ahead once the worker has pressed play (hls.js's own default). */
  playBufferS: 30,
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
