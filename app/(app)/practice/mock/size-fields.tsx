import type { Translate } from "@/lib/i18n";
import { MOCK_LIMITS } from "@/lib/practice/mock";

const field = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base";

/** A mock exam's size: its question count and time limit, within MOCK_LIMITS (the worker's start form and the trainer's). */
export function MockSizeFields({ t, questions, minutes }: { t: Translate; questions: number; minutes: number }) {
  return (
    <>
      <label className="block text-sm font-medium text-slate-700">
        {t("practice.mock.questions")}
        <input
          name="questions"
          type="number"
          min={MOCK_LIMITS.minQuestions}
          max={MOCK_LIMITS.maxQuestions}
          defaultValue={questions}
          required
          className={field}
        />
      </label>
      <label className="block text-sm font-medium text-slate-700">
        {t("practice.mock.minutes")}
        <input name="minutes" type="number" min={MOCK_LIMITS.minMinutes} max={MOCK_LIMITS.maxMinutes} defaultValue={minutes} required className={field} />
      </label>
    </>
  );
}
