import type { FragmentLoaderContext, LoaderCallbacks, LoaderConfiguration, LoaderContext } from "hls.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bufferOnPlay, loadHls, weakLinkHls } from "@/app/_ui/hls";
import { savesData } from "@/lib/video/data-saver";
import { chunkedLoader, HLS_START, shouldWarmHls } from "@/lib/video/hls-config";

/**
 * The lesson video's start on a weak link (issue 16; bench/hls-throttle.ts: first frame 5.2 s →
 * 2.4 s on 400 kbit/s, 400 ms, CPU 4× slower, at 240p, no stall). Each lever the bench kept fails
 * here if it goes: the light build, the lowest rung first, progressive appending in small chunks.
 */
describe("the lesson player's hls.js start", () => {
  // hls.js looks for fetch and streams on `self`, as in a browser.
  beforeAll(() => {
    vi.stubGlobal("self", globalThis);
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });

  it("loads hls.js's light build (≈ 70 kB gzipped less than the full one on the link)", async () => {
    const light = await loadHls();
    const full = await import("hls.js");
    expect(typeof light.default).toBe("function");
    // The full build has the subtitle, DRM and CMCD controllers; the light one stubs them out.
    expect(full.SubtitleStreamController).toBeDefined();
    expect(full.TimelineController).toBeDefined();
    expect(light.SubtitleStreamController).toBeUndefined();
    expect(light.TimelineController).toBeUndefined();
  });

  it("starts on the lowest rung and appends each segment as it arrives, in chunks of ≤ 32 kB", async () => {
    expect(HLS_START.config.startLevel).toBe(0);
    expect(HLS_START.config.progressive).toBe(true);
    expect(HLS_START.chunkBytes).toBeGreaterThanOrEqual(4 * 1024);
    expect(HLS_START.chunkBytes).toBeLessThanOrEqual(32 * 1024);
    const mod = await loadHls();
    const player = weakLinkHls(mod);
    try {
      expect(player.config.startLevel).toBe(0);
      expect(player.config.progressive).toBe(true);
      expect(player.config.capLevelToPlayerSize).toBe(false);
      expect(player.config.fLoader?.prototype).toBeInstanceOf(mod.FetchLoader);
    } finally {
      player.destroy();
    }
  });

  it("buffers one segment before play and as hls.js does from the first play (opening a lesson is not spending its data)", async () => {
    const mod = await loadHls();
    const player = weakLinkHls(mod);
    try {
      expect(player.config.maxMaxBufferLength).toBe(4);
      const v = Object.assign(new EventTarget(), { paused: true });
      bufferOnPlay(v, player);
      expect(player.config.maxMaxBufferLength).toBe(4);
      v.dispatchEvent(new Event("play"));
      expect(player.config.maxMaxBufferLength).toBe(new mod.default().config.maxMaxBufferLength);
      // A player attached while already playing grows at once.
      const other = { config: { maxMaxBufferLength: 4 } };
      bufferOnPlay(Object.assign(new EventTarget(), { paused: false }), other);
      expect(other.config.maxMaxBufferLength).toBe(600);
    } finally {
      player.destroy();
    }
  });

  it("the fragment loader asks the fetch loader for small chunks, and leaves a whole (init) segment whole", async () => {
    const { FetchLoader } = await loadHls();
    const seen: (number | undefined)[] = [];
    const spy = vi.spyOn(FetchLoader.prototype, "load").mockImplementation((_c: LoaderContext, cfg: LoaderConfiguration) => {
      seen.push(cfg.highWaterMark);
    });
    try {
      const Chunked = chunkedLoader(FetchLoader, 16 * 1024);
      const loader = new Chunked(new (await loadHls()).default().config);
      const base = {
        loadPolicy: { maxTimeToFirstByteMs: 1, maxLoadTimeMs: 1, timeoutRetry: null, errorRetry: null },
        timeout: 1,
        maxRetry: 0,
        retryDelay: 0,
        maxRetryDelay: 0,
      };
      const callbacks = {} as LoaderCallbacks<FragmentLoaderContext>;
      const ctx = {} as never;
      loader.load(ctx, { ...base, highWaterMark: 128 * 1024 }, callbacks);
      loader.load(ctx, { ...base, highWaterMark: 8 * 1024 }, callbacks);
      loader.load(ctx, { ...base, highWaterMark: Number.POSITIVE_INFINITY }, callbacks);
      expect(seen).toEqual([16 * 1024, 8 * 1024, Number.POSITIVE_INFINITY]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("the warm-up of hls.js on the pages that lead to a lesson", () => {
  it("fetches it ahead unless the browser asks to save data or plays HLS itself", () => {
    expect(shouldWarmHls({ nativeHls: false })).toBe(true);
    expect(shouldWarmHls({ saveData: false, nativeHls: false })).toBe(true);
    expect(shouldWarmHls({ saveData: true, nativeHls: false })).toBe(false);
    expect(shouldWarmHls({ saveData: false, nativeHls: true })).toBe(false);
  });

  it("leaves it out for a worker who turned 省流量 on themselves, not for the site's default cap", () => {
    expect(savesData({ choice: "site", maxHeight: 240, siteMaxHeight: 240 })).toBe(false);
    expect(savesData({ choice: "0", maxHeight: 0, siteMaxHeight: 240 })).toBe(false);
    expect(savesData({ choice: "240", maxHeight: 240, siteMaxHeight: 0 })).toBe(true);
    expect(savesData({ choice: "720", maxHeight: 720, siteMaxHeight: 0 })).toBe(true);
  });
});
