import type { PublicQuestion } from "@/lib/quiz/types";
import { MAX_ESSAY_CHARS } from "@/lib/quiz/response";
import type { Translate } from "@/lib/i18n";
import { RichText } from "@/app/_ui/rich-text";

const choice =
  "flex min-h-12 cursor-pointer items-start gap-3 rounded-lg border border-slate-200 bg-white px-3 py-3 text-base has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50";
const field =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30";

/**
 * The answer's inputs as a plain form (no JavaScript needed on a weak link). `prefix` names them
 * apart when one form holds many questions (a mock exam), where they are `optional` too.
 */
export function Inputs({ q, t, prefix = "", optional = false }: { q: PublicQuestion; t: Translate; prefix?: string; optional?: boolean }) {
  switch (q.type) {
    case "single":
    case "multiple":
      return (
        <fieldset className="space-y-2">
          {q.options.map((o) => (
            <label key={o.id} className={choice}>
              <input
                type={q.type === "single" ? "radio" : "checkbox"}
                name={`${prefix}${q.type === "single" ? "optionId" : "optionIds"}`}
                value={o.id}
                required={q.type === "single" && !optional}
                className="mt-1 size-5 shrink-0 accent-brand-600"
              />
              <span>
                <span className="font-semibold">{o.label}.</span>{" "}
                <RichText className="whitespace-pre-wrap" text={o.text} alt={t("quiz.media.alt")} enlarge={false} />
              </span>
            </label>
          ))}
        </fieldset>
      );
    case "truefalse":
      return (
        <fieldset className="grid grid-cols-2 gap-2">
          {(["true", "false"] as const).map((v) => (
            <label key={v} className={choice}>
              <input type="radio" name={`${prefix}value`} value={v} required={!optional} className="mt-1 size-5 shrink-0 accent-brand-600" />
              <span>{t(`practice.go.${v}`)}</span>
            </label>
          ))}
        </fieldset>
      );
    case "fill":
      return (
        <div className="space-y-2">
          {Array.from({ length: q.blanks }, (_, i) => `blank${i + 1}`).map((name, i) => (
            <label key={name} className="block text-sm text-slate-600">
              {t("practice.go.blank", { n: i + 1 })}
              <input name={`${prefix}blanks`} className={field} maxLength={200} autoComplete="off" />
            </label>
          ))}
        </div>
      );
    case "numeric":
      return (
        <div className="flex items-center gap-2">
          <input
            name={`${prefix}value`}
            inputMode="decimal"
            className={field}
            placeholder={t("practice.go.numberPlaceholder")}
            maxLength={64}
            autoComplete="off"
            required={!optional}
          />
          {q.unit && <span className="shrink-0 whitespace-nowrap text-slate-700">{q.unit}</span>}
        </div>
      );
    case "matching":
      return (
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm text-slate-500">{t("quizTake.attempt.matchHint")}</legend>
          {q.items.map((item) => (
            <label key={item.id} className="block rounded-lg border border-slate-200 bg-white p-3">
              <span className="mb-2 block whitespace-pre-wrap text-base text-slate-900">{item.text}</span>
              <select name={`${prefix}pairs`} className={field} required={!optional} defaultValue="">
                <option value="">{t("quizTake.attempt.matchPick")}</option>
                {q.choices.map((c) => (
                  <option key={c.id} value={`${item.id}=${c.id}`}>
                    {c.text}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      );
    case "ordering":
      return (
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm text-slate-500">{t("practice.go.orderPick")}</legend>
          {q.items
            .map((o, i) => ({ place: `place-${o.id}`, n: i + 1 }))
            .map(({ place, n }) => (
              <label key={place} className="flex items-center gap-2 text-sm text-slate-600">
                <span className="w-14 shrink-0">{t("practice.go.position", { n })}</span>
                <select name={`${prefix}order`} className={field} required={!optional} defaultValue="">
                  <option value="">{t("quizTake.attempt.matchPick")}</option>
                  {q.items.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.text}
                    </option>
                  ))}
                </select>
              </label>
            ))}
        </fieldset>
      );
    case "cloze":
      return (
        <div className="space-y-2">
          {q.gaps
            .map((g, i) => ({ g, id: `${prefix}gap${i + 1}`, n: i + 1 }))
            .map(({ g, id, n }) =>
              g.kind === "multi" ? (
                // The place in `gaps` is kept by an empty value; each tick posts "gap index:option id".
                <fieldset key={id} className="space-y-2">
                  <legend className="text-sm text-slate-600">{t("practice.go.blankMulti", { n })}</legend>
                  <input type="hidden" name={`${prefix}gaps`} value="" />
                  {g.options.map((o) => (
                    <label key={o.id} className={choice}>
                      <input type="checkbox" name={`${prefix}gapTicks`} value={`${n - 1}:${o.id}`} className="mt-1 size-4" />
                      {o.text}
                    </label>
                  ))}
                </fieldset>
              ) : (
                <div key={id}>
                  <label htmlFor={id} className="block text-sm text-slate-600">
                    {t("practice.go.blank", { n })}
                  </label>
                  {g.kind === "choice" ? (
                    <select id={id} name={`${prefix}gaps`} className={field} defaultValue="">
                      <option value="">{t("quizTake.attempt.gapPick")}</option>
                      {g.options.map((o) => (
                        <option key={o.id} value={o.id}>
                          {/* A drag box (Moodle ddwtos) usable in several gaps says so; a finite one fills one gap only. */}
                          {q.drag?.infinite.includes(o.id) ? t("quizTake.attempt.boxReusable", { text: o.text }) : o.text}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input
                      id={id}
                      name={`${prefix}gaps`}
                      className={field}
                      maxLength={200}
                      autoComplete="off"
                      inputMode={g.kind === "numeric" ? "decimal" : undefined}
                    />
                  )}
                </div>
              ),
            )}
          {q.drag && <p className="text-sm text-slate-600">{t("quizTake.attempt.dragHint")}</p>}
        </div>
      );
    case "essay":
      // Only as a group's part: no trainer grades practice, so it is checked against the model answer, never required.
      return (
        <label className="block">
          <span className="mb-1 block text-sm text-slate-500">{t("quizTake.attempt.essaySelfCheck")}</span>
          <textarea name={`${prefix}text`} className={`${field} min-h-28`} maxLength={MAX_ESSAY_CHARS} />
        </label>
      );
    case "group":
      // Each part's ids posted in order (`part`), its fields under `p<n>.`: part ids are the bank's, not form names.
      return (
        <ol className="space-y-4">
          {q.parts.map((part, n) => (
            <li key={part.id} className="space-y-2 border-t border-slate-200 pt-3">
              <p className="text-base text-slate-900">
                <span className="font-semibold">({n + 1})</span> <RichText className="whitespace-pre-wrap" text={part.stem} alt={t("quiz.media.alt")} />{" "}
                <span className="text-sm text-slate-500">{t("quizTake.attempt.points", { points: part.points })}</span>
              </p>
              <input type="hidden" name={`${prefix}part`} value={part.id} />
              <input type="hidden" name={`${prefix}p${n}.type`} value={part.type} />
              <Inputs q={part} t={t} prefix={`${prefix}p${n}.`} optional={optional} />
            </li>
          ))}
        </ol>
      );
    default:
      return null;
  }
}
