import { describe, expect, it } from "vitest";
import type { AttemptView } from "@/lib/quiz/attempts/view";
import { dropView, forgetViews, keepView, readView, VIEWS_KEPT } from "@/lib/quiz/offline-view";

/** Local storage as the browser has it (keys in insertion order). */
class MemoryStorage {
  private map = new Map<string, string>();
  quota = Number.POSITIVE_INFINITY;
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (v.length > this.quota) throw new DOMException("full", "QuotaExceededError");
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  keys() {
    return [...this.map.keys()];
  }
}

const T0 = Date.parse("2026-12-07T02:00:00Z");
const view = (attemptId: number, over: Partial<AttemptView> = {}): AttemptView => ({
  attemptId,
  quizId: 1,
  quizTitle: "岗位练兵小会考",
  layout: "one_per_page",
  state: "in_progress",
  preview: false,
  watermark: null,
  deadline: "2026-12-07T02:30:00Z",
  saveUntil: "2026-12-07T02:31:00Z",
  // The server's clock runs 5 s ahead of the phone's.
  serverNow: new Date(T0 + 5000).toISOString(),
  questions: [{ position: 1, question: { type: "truefalse", stem: "刹车先于启机检查", id: 7 } as never }],
  answers: [{ position: 1, response: { type: "truefalse", value: true }, flagged: false, seq: 1 }],
  ...over,
});
const m = { title: "答题" };

describe("the attempt's questions kept on the phone for the offline shell (lib/quiz/offline-view)", () => {
  it("gives back what the start answered, with the server's clock moved on by the time passed on the phone", () => {
    const s = new MemoryStorage();
    keepView(s, { view: view(41), m, locale: "zh-CN" }, T0);
    const back = readView<typeof m>(s, 41, T0 + 60_000);
    expect(back?.m).toEqual(m);
    expect(back?.locale).toBe("zh-CN");
    expect(back?.view.questions).toEqual(view(41).questions);
    expect(back?.view.answers).toEqual(view(41).answers);
    expect(back?.view.serverNow).toBe(new Date(T0 + 65_000).toISOString());
    expect(readView(s, 42, T0)).toBeNull();
    // Beside the answers' own key, untouched.
    s.setItem("jr.attempt.41", '{"v":1}');
    keepView(s, { view: view(41), m, locale: "en" }, T0 + 1);
    expect(s.getItem("jr.attempt.41")).toBe('{"v":1}');
    expect(readView(s, 41, T0)?.locale).toBe("en");
  });

  it(`keeps the last ${VIEWS_KEPT} attempts opened, dropping the oldest`, () => {
    const s = new MemoryStorage();
    s.setItem("jr.other", "x");
    for (let id = 1; id <= VIEWS_KEPT + 2; id++) keepView(s, { view: view(id), m, locale: "zh-CN" }, T0 + id * 1000);
    const kept = s.keys().filter((k) => k.endsWith(".view"));
    expect(kept).toHaveLength(VIEWS_KEPT);
    expect(readView(s, 1, T0)).toBeNull();
    expect(readView(s, 2, T0)).toBeNull();
    expect(readView(s, VIEWS_KEPT + 2, T0)).not.toBeNull();
    // Opening an older one again makes it the newest.
    keepView(s, { view: view(3), m, locale: "zh-CN" }, T0 + 99_000);
    keepView(s, { view: view(99), m, locale: "zh-CN" }, T0 + 100_000);
    expect(readView(s, 3, T0)).not.toBeNull();
    expect(readView(s, 4, T0)).toBeNull();
    expect(s.getItem("jr.other")).toBe("x");
  });

  it("removes an attempt's questions at submit, all of them at sign-out, and keeps no finished attempt or preview", () => {
    const s = new MemoryStorage();
    keepView(s, { view: view(1), m, locale: "zh-CN" }, T0);
    keepView(s, { view: view(2), m, locale: "zh-CN" }, T0 + 1);
    dropView(s, 1);
    expect(readView(s, 1, T0)).toBeNull();
    expect(readView(s, 2, T0)).not.toBeNull();
    s.setItem("jr.attempt.2", "answers");
    forgetViews(s);
    expect(s.keys()).toEqual(["jr.attempt.2"]);
    keepView(s, { view: view(5, { state: "submitted" }), m, locale: "zh-CN" }, T0);
    keepView(s, { view: view(6, { preview: true }), m, locale: "zh-CN" }, T0);
    expect(s.keys()).toEqual(["jr.attempt.2"]);
  });

  it("reads nothing from a damaged copy and survives a full storage", () => {
    const s = new MemoryStorage();
    s.setItem("jr.attempt.8.view", "{not json");
    expect(readView(s, 8, T0)).toBeNull();
    s.setItem("jr.attempt.8.view", JSON.stringify({ v: 1, view: { attemptId: 9, questions: [] }, m, locale: "zh-CN", offset: 0, keptAt: 0 }));
    expect(readView(s, 8, T0)).toBeNull();
    s.quota = 10;
    expect(() => keepView(s, { view: view(10), m, locale: "zh-CN" }, T0)).not.toThrow();
    expect(readView(s, 10, T0)).toBeNull();
  });
});
