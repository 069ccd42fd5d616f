import { OfflineNotice } from "./offline-notice";

export const metadata = { title: "离线 · Offline" };

/**
 * The page the service worker shows when a page that was never opened on this device is asked for
 * without a connection (app/sw.ts precaches it).
 */
export default function OfflinePage() {
  return <OfflineNotice />;
}
