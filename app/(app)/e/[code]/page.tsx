import Link from "next/link";
import { getDb } from "@/lib/core/db";
import { requirePermission } from "@/lib/auth/session";
import { describeProgress, describeRequirement } from "@/lib/eligibility/describe";
import { openScan } from "@/lib/equipment";
import { dataSaverOf } from "@/lib/video/data-saver";
import { formatDuration } from "@/lib/video/format";
import { getT } from "@/app/_lib/i18n";
import { lessonHlsUrl, lessonPosterUrl, lessonVideoUrl } from "@/app/api/media/_urls";
import { answerText } from "@/app/_ui/answer-text";
import { PartMarks } from "@/app/_ui/part-marks";
import { buttonClass } from "@/app/_ui/button";
import { Alert } from "@/app/_ui/feedback";
import { Card, PageHeader } from "@/app/_ui/layout";
import { OutcomeAlert } from "@/app/_ui/outcome-alert";
import { StatusPill } from "@/app/(app)/manage/roster/status-pill";
import { Player } from "@/app/(app)/courses/[id]/lessons/[lessonId]/player";
import { Inputs } from "@/app/(app)/practice/inputs";
import { answerScanAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getT())("equipment.scan.title") };
}

/**
 * 一机一码: the page a label's QR code opens (sign-in first; proxy.ts sends a visitor without a
 * session to /login with this page as callbackUrl, and the sign-in returns here). Built for a
 * phone on a weak link: plain forms for the answers, the clip on HLS from the lowest rung.
 */
export default async function ScanPage({
  params,
  searchParams,
}: {
  params: Promise<{ code: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePermission("self.learn");
  const t = await getT();
  const { code } = await params;
  const search = await searchParams;
  const db = await getDb();
  const r = await openScan(db, user, code);
  if (!r.ok) {
    const gone = r.kind === "gone";
    return (
      <div className="max-w-2xl space-y-4" data-testid="scan-refused">
        <PageHeader title={t(gone ? "equipment.scan.retiredTitle" : "equipment.scan.unknownTitle")} />
        <Alert tone={gone ? "warning" : "error"}>
          {t(gone ? "equipment.errors.retired" : r.kind === "forbidden" ? "errors.forbidden" : "equipment.errors.unknownCode")}
        </Alert>
        <Link href="/" className={buttonClass("secondary", "min-h-12")}>
          {t("nav.home")}
        </Link>
      </div>
    );
  }
  const s = r.value;
  const saver = s.clip?.hls ? await dataSaverOf(db, user) : null;
  const hls =
    s.clip?.hls && saver
      ? {
          master: lessonHlsUrl(s.clip.lessonId, "master.m3u8", s.clip.hls.token),
          rungs: s.clip.hls.rungs.map((x) => ({ height: x.height, url: lessonHlsUrl(s.clip!.lessonId, `${x.name}/index.m3u8`, s.clip!.hls!.token) })),
          maxHeight: saver.maxHeight,
        }
      : null;
  const clipLength = s.clip ? s.clip.endS - s.clip.startS : 0;
  return (
    <div className="max-w-2xl space-y-4">
      <PageHeader title={s.equipment.name}>
        {t("equipment.scan.station", { station: s.equipment.stationName, kind: t(`equipment.kinds.${s.equipment.kind}`) })}
      </PageHeader>
      <OutcomeAlert t={t} search={search} />

      <Card title={t("equipment.scan.eligibility")}>
        {s.jobs.length === 0 ? (
          <p className="text-sm text-slate-600">{t("equipment.scan.noJobs")}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="scan-jobs">
            {s.jobs.map((j) => {
              const gaps = j.requirements.filter((x) => x.state !== "met" && x.state !== "expiring");
              return (
                <li key={j.jobId} className="py-2" data-job={j.code} data-status={j.status}>
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <span className="font-medium text-slate-900">{j.name}</span>
                    <StatusPill status={j.status}>
                      {j.status === "missing" ? t("eligibility.profile.gaps", { n: gaps.length }) : t(`eligibility.status.${j.status}`)}
                    </StatusPill>
                  </div>
                  {j.status === "expiring" && j.expiresOn && (
                    <p className="mt-1 text-sm text-amber-800">{t("eligibility.profile.expiresOn", { date: j.expiresOn })}</p>
                  )}
                  {gaps.length > 0 && (
                    <ul className="mt-1 space-y-1 text-sm">
                      {gaps.map((g) => {
                        const progress = describeProgress(t, g);
                        return (
                          <li key={g.requirementId} className="flex flex-wrap items-center gap-x-2 gap-y-1" data-state={g.state}>
                            <StatusPill status={g.state}>{t(`eligibility.state.${g.state}`)}</StatusPill>
                            <span className="min-w-0 break-words text-slate-800">{describeRequirement(t, g.requirement)}</span>
                            {progress && <span className="text-xs text-slate-500">{progress}</span>}
                            {g.link.href && (
                              <Link href={g.link.href} className="text-xs font-medium text-brand-700 underline-offset-2 hover:underline">
                                {t(`eligibility.profile.go.${g.link.kind}`)} →
                              </Link>
                            )}
                          </li>
                        );
                      })}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Card>

      <Card title={t("equipment.scan.clip")}>
        {s.clip ? (
          <div className="space-y-2">
            <p className="text-sm text-slate-700">
              {s.clip.title} · {t("equipment.scan.clipHint", { length: formatDuration(clipLength) })}
            </p>
            <Player
              lessonId={s.clip.lessonId}
              hls={hls}
              src={lessonVideoUrl(s.clip.lessonId, s.clip.media.video)}
              poster={s.clip.media.poster ? lessonPosterUrl(s.clip.lessonId, s.clip.media.poster) : undefined}
              validForMs={s.clip.media.validForMs}
              durationS={null}
              requiredRatio={1}
              initial={{ segments: s.segments, watchedS: s.watchedS, lastPositionS: s.clip.startS, completed: false }}
              progressUrl={`/api/equipment/${s.code}/progress`}
              renewUrl={`/api/equipment/${s.code}/media-url`}
              part={{ startS: s.clip.startS, endS: s.clip.endS }}
              labels={{
                watched: t("video.player.watched", { watched: "{watched}", duration: "{duration}" }),
                required: "",
                completed: "",
                speed: t("video.player.speed"),
                saved: t("video.player.saved"),
                saving: t("video.player.saving"),
                saveFailed: t("video.player.saveFailed"),
                unsupported: t("video.player.unsupported"),
                playedBar: t("video.player.playedBar"),
              }}
            />
          </div>
        ) : (
          <p className="text-sm text-slate-600">{t("equipment.scan.clipNone")}</p>
        )}
      </Card>

      <Card title={t("equipment.scan.questions")}>
        {s.questions.length === 0 ? (
          <p className="text-sm text-slate-600">{t("equipment.scan.questionsNone")}</p>
        ) : (
          <ol className="space-y-4" data-testid="scan-questions">
            {s.questions.map((q, n) => (
              <li
                key={q.questionId}
                id={`q-${q.questionId}`}
                className="scroll-mt-16 space-y-2 rounded-lg border border-slate-200 p-3"
                data-testid="scan-question"
              >
                <p className="text-sm text-slate-500">{t("equipment.scan.questionN", { n: n + 1 })}</p>
                {q.feedback ? (
                  <div className="space-y-2" data-testid="scan-feedback" data-right={q.feedback.right ? "1" : "0"}>
                    <p className="whitespace-pre-wrap font-medium text-slate-900">{q.feedback.question.stem}</p>
                    <Alert tone={q.feedback.right ? "success" : "error"}>
                      <span className="font-semibold">{t(q.feedback.right ? "equipment.scan.right" : "equipment.scan.wrong")}</span>
                    </Alert>
                    {q.feedback.question.type === "group" && q.feedback.parts ? (
                      <div className="text-sm">
                        <p className="text-slate-700">{t("practice.feedback.yourAnswer")}:</p>
                        <PartMarks q={q.feedback.question} response={q.feedback.response} marks={q.feedback.parts} selfCheck t={t} />
                      </div>
                    ) : (
                      <p className="text-sm text-slate-700">
                        {t("practice.feedback.yourAnswer")}: {answerText(q.feedback.question, q.feedback.response, t, "response")}
                      </p>
                    )}
                    <p className="text-sm text-emerald-800">{t("equipment.scan.key", { answer: answerText(q.feedback.question, q.feedback.key, t, "key") })}</p>
                    {q.feedback.explanation && (
                      <p className="whitespace-pre-wrap text-sm text-slate-700">{t("equipment.scan.explanation", { text: q.feedback.explanation })}</p>
                    )}
                  </div>
                ) : q.question ? (
                  <form action={answerScanAction} className="space-y-3" data-testid="practice-form">
                    <p className="whitespace-pre-wrap text-base font-medium text-slate-900" data-testid="stem">
                      {q.question.question.stem}
                    </p>
                    <input type="hidden" name="code" value={s.code} />
                    <input type="hidden" name="questionId" value={q.questionId} />
                    <input type="hidden" name="type" value={q.question.question.type} />
                    <Inputs q={q.question.question} t={t} />
                    <button type="submit" className={buttonClass("primary", "min-h-12 w-full sm:w-auto")}>
                      {t("equipment.scan.submit")}
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </Card>

      <Card title={t("equipment.scan.hours")}>
        <p className="text-2xl font-semibold tabular-nums text-slate-900" data-testid="scan-hours" data-hours={s.hours}>
          {t("equipment.scan.hoursValue", { hours: s.hours })}
        </p>
        {s.hours === 0 && s.answered < s.questions.length && (
          <p className="mt-1 text-sm text-slate-600">{t("equipment.scan.hoursPending", { watched: formatDuration(s.watchedS) })}</p>
        )}
        <p className="mt-1 text-xs text-slate-500">{t("equipment.scan.hoursRule")}</p>
        <Link href={`/members/${user.memberId}`} className={buttonClass("secondary", "mt-3 min-h-11")}>
          {t("equipment.scan.myHours")}
        </Link>
      </Card>
    </div>
  );
}
