/** A requirement and an outcome in words, in the user's language (pure; takes the translator). */
import type { Translate } from "@/lib/i18n";
import type { RequirementRow } from "./data";
import type { RequirementOutcome } from "./types";

/** The specialty's name from the admin's list, in the reader's language; the code when unknown. */
function specialtyLabel(t: Translate, r: Pick<RequirementRow, "specialty" | "specialtyNames">): string {
  if (!r.specialty) return "";
  if (!r.specialtyNames) return r.specialty;
  return t("eligibility.describe.specialtyNameIn") === "en" ? r.specialtyNames.en : r.specialtyNames.zh;
}

export function describeRequirement(t: Translate, r: RequirementRow): string {
  const title = (r.refTitle ?? `#${r.refId ?? ""}`) + (r.refExists === false ? t("eligibility.describe.gone") : "");
  const window = r.withinMonths
    ? t("eligibility.describe.withinMonths", { n: r.withinMonths })
    : r.withinQuarters
      ? t("eligibility.describe.withinQuarters", { n: r.withinQuarters })
      : "";
  switch (r.kind) {
    case "quiz": {
      if (r.refId !== null) return t("eligibility.describe.quizRef", { title, score: r.minScore ?? 0 }) + window;
      const target = [specialtyLabel(t, r), r.series ?? ""].filter(Boolean).join(" · ") || t("eligibility.describe.anyQuiz");
      return t("eligibility.describe.quizSeries", { target, score: r.minScore ?? 0 }) + window;
    }
    case "course":
      return t("eligibility.describe.course", { title });
    case "class": {
      // Class series are codes of the classes domain (technician, classroom) with their own labels.
      const key = `classes.series.${r.series}` as Parameters<Translate>[0];
      const series = r.series ? (t(key) === key ? r.series : t(key)) : "";
      return t("eligibility.describe.class", { series, n: r.minCount ?? 1 }) + window;
    }
    case "certificate":
      return t("eligibility.describe.certificate", { title });
    case "signoff":
      return t("eligibility.describe.signoff", { title }) + window;
    case "contest": {
      const target = [
        r.refId !== null ? title : "",
        r.contestLevel ? t(`eligibility.levels.${r.contestLevel}` as Parameters<Translate>[0]) : "",
        specialtyLabel(t, r),
      ]
        .filter(Boolean)
        .join(" · ");
      return (
        t("eligibility.describe.contest", { target }) +
        (r.maxRank ? t("eligibility.describe.contestRank", { rank: r.maxRank }) : "") +
        (r.minScore !== null ? t("eligibility.describe.contestScore", { score: r.minScore }) : "") +
        window
      );
    }
    case "service":
      return t("eligibility.describe.service", { n: r.minCount ?? 0 });
  }
}

/** How far along a member is, where that means something. */
export function describeProgress(t: Translate, o: RequirementOutcome): string | null {
  if (o.state === "expired" && o.date && o.reviewOverdue) return t("eligibility.progress.reviewOverdue", { date: o.date });
  if (o.state === "expired" && o.date) return t("eligibility.progress.expiredOn", { date: o.date });
  if ((o.state === "expiring" || o.state === "met") && o.date) return t("eligibility.progress.until", { date: o.date });
  if (o.kind === "quiz" && o.state === "missing")
    return o.have === null ? t("eligibility.progress.noScore", { need: o.need ?? 0 }) : t("eligibility.progress.score", { have: o.have, need: o.need ?? 0 });
  if (o.kind === "class" && o.state === "missing") return t("eligibility.progress.count", { have: o.have ?? 0, need: o.need ?? 0 });
  if (o.kind === "service" && o.state === "missing") return t("eligibility.progress.months", { have: o.have ?? 0, need: o.need ?? 0 });
  return null;
}
