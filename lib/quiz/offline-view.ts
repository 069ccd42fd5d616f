/**
 * The attempt's questions kept on the phone for a reload without a connection: the service worker
 * answers a failed load of /attempts/<id> with a static shell (app/offline/attempt, lib/pwa), which
 * shows the attempt from this copy — the view the start answered with (or the attempt page had),
 * the quizTake messages and the reader's language. No page is fetched to keep it: at a quiz's
 * opening thousands of workers start within a minute, and a page render per worker cost the server
 * more than the starts. The answers themselves stay in their own key (lib/quiz/offline).
 *
 * One key per attempt, `jr.attempt.<id>.view`; the last VIEWS_KEPT kept, removed at submit and on
 * sign-out. Pure over a Storage (local storage in the browser, a Map in the tests).
 */
import type { AttemptView } from "./attempts/view";

/** How many attempts' questions one phone keeps (a worker has one open attempt at a time, rarely two). */
export const VIEWS_KEPT = 3;

const PREFIX = "jr.attempt.";
const SUFFIX = ".view";
const keyOf = (attemptId: number) => `${PREFIX}${attemptId}${SUFFIX}`;
const isViewKey = (key: string) => key.startsWith(PREFIX) && key.endsWith(SUFFIX) && /^\d+$/.test(key.slice(PREFIX.length, -SUFFIX.length));

type Store = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

export interface KeptView<M> {
  view: AttemptView;
  m: M;
  locale: string;
}

interface Stored<M> extends KeptView<M> {
  v: 1;
  /** The server's clock minus the phone's when kept: the timer runs on the server's clock offline too. */
  offset: number;
  keptAt: number;
}

function parse<M>(raw: string | null): Stored<M> | null {
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Stored<M>;
    if (s?.v !== 1 || typeof s.view?.attemptId !== "number" || !Array.isArray(s.view.questions) || typeof s.m !== "object" || typeof s.offset !== "number")
      return null;
    return s;
  } catch {
    return null;
  }
}

/** The keys of the kept views, newest first. */
function keptKeys(store: Store): string[] {
  const found: { key: string; at: number }[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key && isViewKey(key)) found.push({ key, at: parse(store.getItem(key))?.keptAt ?? 0 });
  }
  return found.sort((a, b) => b.at - a.at).map((f) => f.key);
}

/**
 * Keeps an attempt's questions (an attempt in progress; a preview is a trainer's look, not kept),
 * and drops the oldest beyond VIEWS_KEPT. A full or blocked storage keeps nothing: online the page
 * works as before.
 */
export function keepView<M>(store: Store, kept: KeptView<M>, nowMs: number): void {
  const { view } = kept;
  if (view.state !== "in_progress" || view.preview) return;
  const stored: Stored<M> = { v: 1, ...kept, offset: Date.parse(view.serverNow) - nowMs, keptAt: nowMs };
  try {
    store.setItem(keyOf(view.attemptId), JSON.stringify(stored));
    for (const key of keptKeys(store).slice(VIEWS_KEPT)) store.removeItem(key);
  } catch {}
}

/** The kept questions of an attempt, with the server's "now" moved on by the time passed on the phone; null when none are kept. */
export function readView<M>(store: Store, attemptId: number, nowMs: number): KeptView<M> | null {
  let s: Stored<M> | null = null;
  try {
    s = parse<M>(store.getItem(keyOf(attemptId)));
  } catch {}
  if (!s || s.view.attemptId !== attemptId) return null;
  return { view: { ...s.view, serverNow: new Date(nowMs + s.offset).toISOString() }, m: s.m, locale: s.locale };
}

/** Forgets one attempt's questions (submitted, or finished by the server). */
export function dropView(store: Store, attemptId: number): void {
  try {
    store.removeItem(keyOf(attemptId));
  } catch {}
}

/** Forgets every kept attempt (sign-out: the next person on the phone sees none of them). */
export function forgetViews(store: Store): void {
  try {
    for (const key of keptKeys(store)) store.removeItem(key);
  } catch {}
}
