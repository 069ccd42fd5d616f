/**
 * The security headers of every answer (proxy.ts sets them): a Content-Security-Policy with a
 * per-request nonce, which Next puts on its own scripts (the documented way: the proxy hands the
 * policy to the render in the request headers), no framing, no MIME sniffing, referrers kept on
 * the site, the camera only on the check-in page (QR scanning), HSTS when served over https.
 */
import { config, type Config } from "@/lib/core/config";

/** Pages that may use the camera: the worker's check-in scans the instructor's QR code. */
const CAMERA_PATHS = ["/classes/check-in"];

/** Where media may come from and go to besides the site: the object store when S3 is on (presigned redirects, direct uploads). */
export function mediaOrigins(c: Pick<Config, "S3_BUCKET" | "S3_ENDPOINT"> = config()): string[] {
  if (!c.S3_BUCKET) return [];
  if (c.S3_ENDPOINT) {
    try {
      return [new URL(c.S3_ENDPOINT).origin];
    } catch {
      return [];
    }
  }
  return ["https://*.amazonaws.com"];
}

export function contentSecurityPolicy(nonce: string, opts: { https: boolean; media?: string[] }): string {
  const media = (opts.media ?? []).join(" ");
  return [
    "default-src 'self'",
    // 'strict-dynamic': the chunks Next's nonced scripts load are trusted through them.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    `style-src-elem 'self' 'nonce-${nonce}'`,
    // Progress bars and indented trees set widths in style attributes; those cannot run code.
    "style-src-attr 'unsafe-inline'",
    `img-src 'self' data: blob: ${media}`.trim(),
    `media-src 'self' blob: ${media}`.trim(),
    "font-src 'self' data:",
    // hls.js fetches playlists and segments itself: with object storage, a segment is a redirect
    // there; and the lesson uploader PUTs a direct upload's parts to the bucket (lib/video/uploads.ts).
    `connect-src 'self' ${media}`.trim(),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(opts: {
  nonce: string;
  pathname: string;
  https: boolean;
  media?: string[];
}): Record<string, string> & { "Content-Security-Policy": string } {
  const camera = CAMERA_PATHS.some((p) => opts.pathname === p || opts.pathname.startsWith(`${p}/`)) ? "(self)" : "()";
  return {
    "Content-Security-Policy": contentSecurityPolicy(opts.nonce, opts),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": `camera=${camera}, microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()`,
    ...(opts.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
