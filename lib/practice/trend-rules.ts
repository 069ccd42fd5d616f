import { addDays, daysBetween } from "@/lib/core/time";

/** One day of a member's practice in one category: answers, right ones, questions answered for the first time. */
export interface PracticeDay {
  day: string;
  answers: number;
  right: number;
  firsts: number;
}

/** One week (Monday to Sunday, the site's days) of a category's practice. */
export interface PracticeWeek {
  /** The week's Monday. */
  week: string;
  answers: number;
  right: number;
  /** Questions of the category practised at least once by the week's end (those before the window included). */
  practised: number;
}

/** Day rows of several categories or teams (numbers from SQL as it returns them), as each one's weekly series. */
export function seriesByKey(
  rows: readonly { key: unknown; day: unknown; answers: unknown; right: unknown; firsts: unknown }[],
  today: string,
  weeks: number,
): Map<number, PracticeWeek[]> {
  const days = new Map<number, PracticeDay[]>();
  for (const r of rows) {
    const key = Number(r.key);
    const list = days.get(key) ?? [];
    list.push({ day: String(r.day).slice(0, 10), answers: Number(r.answers), right: Number(r.right), firsts: Number(r.firsts) });
    days.set(key, list);
  }
  return new Map([...days].map(([key, list]) => [key, weeklySeries(list, today, weeks)]));
}

/** The Monday of the week holding `day` (ISO weeks: Monday first). */
export function mondayOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((dow + 6) % 7));
}

/**
 * The last `weeks` weeks up to the one holding `today`, oldest first: answers and right answers of
 * each week, and how many questions had been practised by its end. Days after `today` are not
 * counted (a clock moved back must not show the future); days before the window add to
 * `practised` only.
 */
export function weeklySeries(days: readonly PracticeDay[], today: string, weeks: number): PracticeWeek[] {
  const first = addDays(mondayOf(today), -7 * (weeks - 1));
  const out: PracticeWeek[] = Array.from({ length: weeks }, (_, i) => ({ week: addDays(first, 7 * i), answers: 0, right: 0, practised: 0 }));
  let before = 0;
  const firstsIn = new Array<number>(weeks).fill(0);
  for (const d of days) {
    if (d.day > today) continue;
    if (d.day < first) {
      before += d.firsts;
      continue;
    }
    const w = Math.floor(daysBetween(first, d.day) / 7);
    out[w]!.answers += d.answers;
    out[w]!.right += d.right;
    firstsIn[w]! += d.firsts;
  }
  let practised = before;
  out.forEach((w, i) => {
    practised += firstsIn[i]!;
    w.practised = practised;
  });
  return out;
}
