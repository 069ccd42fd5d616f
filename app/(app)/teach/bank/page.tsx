import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { bankFilter, listCategoryTree, listTags, questionsWithMedia, searchQuestions, type BankFilter, type BankRow } from "@/lib/quiz/admin";
import { getT } from "@/app/_lib/i18n";
import { LinkButton, buttonClass } from "@/app/_ui/button";
import { Dialog } from "@/app/_ui/dialog";
import { Alert, Badge, EmptyState } from "@/app/_ui/feedback";
import { CheckboxField, SelectField, TextField } from "@/app/_ui/field";
import { PageHeader } from "@/app/_ui/layout";
import { DataTable, Pagination, type Column } from "@/app/_ui/table";
import { TeachTabs } from "../_components/teach-tabs";
import { difficultyOptions, fmtScore, shortStem, typeLabel, typeOptions } from "../_lib/labels";
import { renameCategoryAction } from "./actions";
import { CategoryTree } from "./category-tree";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";

export async function generateMetadata() {
  return { title: (await getT())("quizAdmin.bank.title") };
}

function hrefWith(f: BankFilter, over: Partial<BankFilter>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, page: undefined, ...over })) if (v !== undefined && v !== "") p.set(k, String(v));
  return `/teach/bank${p.size ? `?${p}` : ""}`;
}

export default async function BankPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("teach.manage");
  const t = await getT();
  const db = await getDb();
  const raw = await searchParams;
  const f = bankFilter.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const [tree, result, tags, withMedia] = await Promise.all([
    listCategoryTree(db, user),
    searchQuestions(db, user, f),
    listTags(db, user),
    questionsWithMedia(db, user, f.cat),
  ]);
  const current = tree.find((c) => c.id === f.cat);
  const bankEmpty = tree.every((c) => c.total === 0) && !f.archived;

  const columns: Column<BankRow>[] = [
    { key: "id", header: t("quizAdmin.bank.id"), cell: (r) => <span className="font-mono text-slate-500">{r.id}</span>, wide: true },
    {
      key: "stem",
      header: t("quizAdmin.bank.stem"),
      cell: (r) => (
        <>
          <Link href={`/teach/bank/${r.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
            {r.title ? `${r.title}：` : ""}
            {shortStem(r.stem)}
          </Link>
          {/* On a phone the other columns fold into one line under the stem. */}
          <span className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500 md:hidden">
            <Badge tone="brand">{typeLabel(t, r.type)}</Badge>
            <span>
              {t("quizAdmin.difficulty.label")} {r.difficulty}
            </span>
            <span>{t("quizAdmin.points", { points: fmtScore(r.points) })}</span>
            <span>{r.categoryPath}</span>
            <span className="font-mono">
              #{r.id} v{r.version}
            </span>
          </span>
        </>
      ),
    },
    {
      key: "type",
      header: t("quizAdmin.bank.type"),
      cell: (r) => (
        <span className="whitespace-nowrap">
          <Badge tone="brand">{typeLabel(t, r.type)}</Badge>
        </span>
      ),
      wide: true,
    },
    { key: "difficulty", header: t("quizAdmin.difficulty.label"), cell: (r) => r.difficulty, wide: true },
    { key: "points", header: t("quizAdmin.editor.points"), cell: (r) => fmtScore(r.points), wide: true },
    { key: "category", header: t("quizAdmin.bank.category"), cell: (r) => r.categoryPath, wide: true },
    { key: "tags", header: t("quizAdmin.bank.tag"), cell: (r) => (r.tags.length ? r.tags.join(t("quizAdmin.sep")) : t("quizAdmin.none")), wide: true },
    { key: "version", header: t("quizAdmin.bank.version"), cell: (r) => `v${r.version}`, wide: true },
  ];
  const exportQuery = f.cat ? `&category=${f.cat}` : "";

  return (
    <div>
      <PageHeader
        title={t("quizAdmin.bank.title")}
        actions={
          <>
            <LinkButton href="/teach/bank/new" variant="primary">
              {t("quizAdmin.bank.newQuestion")}
            </LinkButton>
            <LinkButton href="/teach/bank/import">{t("quizAdmin.bank.import")}</LinkButton>
          </>
        }
      />
      <TeachTabs t={t} active="bank" />
      {raw.renamed && <Alert tone="success">{t("quizAdmin.bank.categoryRenamed")}</Alert>}
      <OutcomeAlert t={t} search={raw} />
      <div className="grid gap-4 lg:grid-cols-[15rem_minmax(0,1fr)]">
        <CategoryTree
          tree={tree}
          current={f.cat}
          hrefFor={(id) => hrefWith(f, { cat: id })}
          labels={{
            title: t("quizAdmin.bank.categories"),
            all: t("quizAdmin.bank.allCategories"),
            currentName: current ? current.names.join("/") : t("quizAdmin.bank.allCategories"),
          }}
        />
        <div className="min-w-0">
          <search>
            <form method="get" action="/teach/bank" className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-3 xl:grid-cols-5">
              {f.cat && <input type="hidden" name="cat" value={f.cat} />}
              <div className="col-span-2">
                <TextField label={t("quizAdmin.bank.search")} name="q" type="search" defaultValue={f.q} placeholder={t("quizAdmin.bank.searchPlaceholder")} />
              </div>
              <SelectField
                label={t("quizAdmin.bank.type")}
                name="type"
                defaultValue={f.type ?? ""}
                options={[{ value: "", label: t("common.all") }, ...typeOptions(t)]}
              />
              <SelectField
                label={t("quizAdmin.difficulty.label")}
                name="difficulty"
                defaultValue={f.difficulty ? String(f.difficulty) : ""}
                options={[{ value: "", label: t("common.all") }, ...difficultyOptions(t)]}
              />
              <SelectField
                label={t("quizAdmin.bank.tag")}
                name="tag"
                defaultValue={f.tag ?? ""}
                options={[{ value: "", label: t("common.all") }, ...[...new Set([...(f.tag ? [f.tag] : []), ...tags])].map((x) => ({ value: x, label: x }))]}
              />
              <div className="col-span-2 flex flex-wrap items-end gap-x-4 gap-y-2 xl:col-span-5">
                <CheckboxField label={t("quizAdmin.bank.archivedOnly")} name="archived" value="1" defaultChecked={Boolean(f.archived)} />
                <button type="submit" className={buttonClass("primary")}>
                  {t("common.filter")}
                </button>
                <Link href={f.cat ? `/teach/bank?cat=${f.cat}` : "/teach/bank"} className={buttonClass("secondary")}>
                  {t("common.reset")}
                </Link>
              </div>
            </form>
          </search>
          <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm text-slate-600">
              {current ? current.names.join(" / ") : t("quizAdmin.bank.allCategories")} · {t("quizAdmin.bank.count", { count: result.total })}
            </p>
            {current && (
              <Dialog
                trigger={t("quizAdmin.bank.renameCategory")}
                title={`${t("quizAdmin.bank.renameCategory")} · ${current.names.join(" / ")}`}
                closeLabel={t("common.close")}
              >
                <form action={renameCategoryAction} className="space-y-3">
                  <input type="hidden" name="id" value={current.id} />
                  <TextField label={t("quizAdmin.bank.categoryName")} name="name" defaultValue={current.name} required maxLength={40} />
                  <button type="submit" className={buttonClass("primary")}>
                    {t("common.save")}
                  </button>
                </form>
              </Dialog>
            )}
            <div className="flex flex-wrap gap-2" title={t("quizAdmin.bank.exportHint")}>
              <a href={`/teach/bank/export?format=xlsx${exportQuery}`} className={buttonClass("ghost", "min-h-9 px-2")} download>
                {t("quizAdmin.bank.exportXlsx")}
              </a>
              <a href={`/teach/bank/export?format=moodle${exportQuery}`} className={buttonClass("ghost", "min-h-9 px-2")} download>
                {t("quizAdmin.bank.exportMoodle")}
              </a>
              <a href={`/teach/bank/export?format=gift${exportQuery}`} className={buttonClass("ghost", "min-h-9 px-2")} download>
                {t("quizAdmin.bank.exportGift")}
              </a>
            </div>
            {withMedia.count > 0 && (
              // Said before the download: what a GIFT file of this selection will not carry.
              <p className="basis-full text-xs text-slate-600" data-testid="gift-media-notice">
                {t("quizAdmin.bank.giftMediaNotice", {
                  count: withMedia.count,
                  names: withMedia.names.join(t("quizAdmin.sep")) + (withMedia.count > withMedia.names.length ? "…" : ""),
                })}
              </p>
            )}
          </div>
          {result.rows.length === 0 ? (
            <EmptyState title={bankEmpty ? t("quizAdmin.bank.emptyBank") : t("quizAdmin.bank.empty")}>
              {bankEmpty && (
                <div className="flex flex-wrap justify-center gap-2">
                  <LinkButton href="/teach/bank/new" variant="primary">
                    {t("quizAdmin.bank.newQuestion")}
                  </LinkButton>
                  <LinkButton href="/teach/bank/import">{t("quizAdmin.bank.import")}</LinkButton>
                </div>
              )}
            </EmptyState>
          ) : (
            <DataTable caption={t("quizAdmin.bank.listCaption")} columns={columns} rows={result.rows} rowKey={(r) => r.id} />
          )}
          <Pagination
            page={result.page}
            pages={result.pages}
            hrefFor={(page) => hrefWith(f, { page: page > 1 ? page : undefined })}
            label={{
              nav: t("common.pagination"),
              prev: t("common.previous"),
              next: t("common.next"),
              summary: t("common.page", { page: result.page, pages: result.pages, total: result.total }),
            }}
          />
        </div>
      </div>
    </div>
  );
}
