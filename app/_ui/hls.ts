import { chunkedLoader, HLS_START } from "@/lib/video/hls-config";

/**
 * hls.js for the lesson player: the light build (no subtitles, DRM, CMCD or alternate audio — the
 * lessons use none), ≈ 120 kB gzipped against ≈ 190 kB for the full one, ≈ 1.4 s less on a
 * 400 kbit/s link (bench/hls-throttle.ts). Loaded when the player mounts, not with the page.
 */
export const loadHls = () => import("hls.js/light");

/** The browser plays HLS itself (Safari): the player gives it the playlist, hls.js is never loaded. */
export const browserPlaysHls = (v: Pick<HTMLMediaElement, "canPlayType">) =>
  /Apple/.test(navigator.vendor) && v.canPlayType("application/vnd.apple.mpegurl") !== "";

type HlsModule = Awaited<ReturnType<typeof loadHls>>;

/** An hls.js player for the network ladder, tuned for a weak link (lib/video/hls-config.ts). */
export function weakLinkHls({ default: Hls, FetchLoader }: HlsModule) {
  return new Hls({ ...HLS_START.config, fLoader: chunkedLoader(FetchLoader) });
}

/**
 * Lets the player buffer as hls.js does (up to `HLS_START.playBufferS`) from the first play on;
 * until then it keeps one segment (HLS_START's `maxMaxBufferLength`). hls.js reads the setting on
 * each of its ticks.
 */
export function bufferOnPlay(v: Pick<HTMLMediaElement, "paused" | "addEventListener">, player: { config: { maxMaxBufferLength: number } }) {
  const grow = () => {
    player.config.maxMaxBufferLength = HLS_START.playBufferS;
  };
  if (!v.paused) grow();
  else v.addEventListener("play", grow, { once: true });
}
