import Link from "next/link";
import { headers } from "next/headers";
import { forbidden } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/lib/core/db";
import { config } from "@/lib/core/config";
import { qrPicture } from "@/lib/core/qr";
import { requirePermission } from "@/lib/auth/session";
import { labelsFor, scanUrl } from "@/lib/equipment";
import { searchValue } from "@/app/_lib/action";
import { getT } from "@/app/_lib/i18n";
import { EmptyState } from "@/app/_ui/feedback";
import { PageHeader } from "@/app/_ui/layout";
import { PrintButton } from "./print-button";

export async function generateMetadata() {
  return { title: (await getT())("equipment.labelsTitle") };
}

const idList = z
  .string()
  .max(2000)
  .regex(/^\d{1,10}(,\d{1,10}){0,199}$/)
  .transform((s) => s.split(",").map(Number));

/**
 * The printable sheet: one label per piece of equipment (`?ids=1,2`, or all of the trainer's
 * stations), A4 with eight labels a page. Each QR code carries the absolute address of the scan
 * page — the site's address from SITE_URL, else the one this page was asked for — and is drawn
 * here as an SVG path from the `qrcode` package (lib/core/qr), sharp at any printer resolution.
 */
export default async function EquipmentLabelsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const ids = idList.safeParse(searchValue(await searchParams, "ids"));
  const r = await labelsFor(await getDb(), user, ids.success ? ids.data : null);
  if (!r.ok) forbidden();
  const h = await headers();
  const site = config().SITE_URL ?? `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host")}`;
  return (
    <div className="space-y-4">
      <div className="space-y-3 print:hidden">
        <p className="text-sm">
          <Link href="/teach/equipment" className="text-brand-700 underline-offset-2 hover:underline">
            ← {t("equipment.back")}
          </Link>
        </p>
        <PageHeader title={t("equipment.labelsTitle")} actions={r.value.length > 0 && <PrintButton label={t("equipment.print")} />}>
          {t("equipment.labelsIntro")}
        </PageHeader>
      </div>
      {r.value.length === 0 ? (
        <EmptyState title={t("equipment.labelsNone")} />
      ) : (
        <ul className="label-sheet grid grid-cols-1 gap-3 sm:grid-cols-2" data-testid="labels">
          {r.value.map((e) => {
            const url = scanUrl(site, e.code);
            const qr = qrPicture(url);
            return (
              <li
                key={e.id}
                className="label flex items-center gap-3 rounded-lg border-2 border-dashed border-slate-400 bg-white p-3 text-slate-900"
                data-testid="label"
                data-url={url}
              >
                <svg
                  viewBox={`0 0 ${qr.size} ${qr.size}`}
                  shapeRendering="crispEdges"
                  className="size-36 shrink-0 print:size-[48mm]"
                  role="img"
                  aria-label={`${e.name} ${url}`}
                  data-url={url}
                >
                  <rect width={qr.size} height={qr.size} fill="#ffffff" />
                  <path d={qr.path} fill="#000000" />
                </svg>
                <div className="min-w-0 space-y-1">
                  <p className="break-words text-lg font-bold leading-tight">{e.name}</p>
                  <p className="text-sm">{e.stationName}</p>
                  <p className="text-xs text-slate-600">{t(`equipment.kinds.${e.kind}`)}</p>
                  <p className="pt-2 text-xs font-medium text-slate-700">{t("equipment.scanHint")}</p>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
