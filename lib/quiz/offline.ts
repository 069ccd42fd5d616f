/**
 * The browser's copy of an attempt's answers, kept in local storage so that nothing a worker
 * gives is lost to a dropped connection or a reload. Pure functions: the page calls them and
 * stores the result. Every change takes the next sequence number; the server keeps, per
 * question, the answer with the highest number it has seen, so re-sending is always safe.
 */

export interface LocalAnswer {
  response: unknown;
  flagged: boolean;
  seq: number;
}

export interface LocalState {
  v: 1;
  /** The highest sequence number used so far in this attempt. */
  seq: number;
  answers: Record<number, LocalAnswer>;
  /** Per question, the highest sequence number the server has confirmed. */
  confirmed: Record<number, number>;
}

export interface ServerAnswer {
  position: number;
  response: unknown;
  flagged: boolean;
  seq: number;
}

export interface OutgoingAnswer {
  position: number;
  response: unknown;
  flagged: boolean;
  seq: number;
}

export const emptyState = (): LocalState => ({ v: 1, seq: 0, answers: {}, confirmed: {} });

/** Reads a stored copy, or null when it is missing or not one of ours. */
export function parseLocal(raw: string | null): LocalState | null {
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as LocalState;
    if (s?.v !== 1 || typeof s.seq !== "number" || typeof s.answers !== "object" || typeof s.confirmed !== "object") return null;
    return s;
  } catch {
    return null;
  }
}

/**
 * What the page starts from: the server's answers, and any local answer newer than the
 * server's (given while offline, or not confirmed before a reload) still waiting to be sent;
 * an answer the server confirmed to this device is not sent again.
 */
export function merge(server: readonly ServerAnswer[], local: LocalState | null): LocalState {
  const out = emptyState();
  for (const a of server) {
    out.answers[a.position] = { response: a.response, flagged: a.flagged, seq: a.seq };
    out.confirmed[a.position] = a.seq;
    out.seq = Math.max(out.seq, a.seq);
  }
  if (local) {
    for (const [key, a] of Object.entries(local.answers)) {
      const p = Number(key);
      if (!out.answers[p] || a.seq > out.answers[p].seq) out.answers[p] = { ...a };
      out.seq = Math.max(out.seq, a.seq);
    }
    // What the server confirmed to this device stays confirmed when the server's answers are older
    // than the device's copy (the offline shell shows the answers the attempt was opened with).
    for (const [key, seq] of Object.entries(local.confirmed)) {
      const p = Number(key);
      out.confirmed[p] = Math.max(out.confirmed[p] ?? 0, seq);
    }
    out.seq = Math.max(out.seq, local.seq);
  }
  return out;
}

/** A change to one question's answer or flag, with the next sequence number. */
export function change(state: LocalState, position: number, patch: { response?: unknown; flagged?: boolean }): LocalState {
  const prev = state.answers[position] ?? { response: null, flagged: false, seq: 0 };
  const seq = state.seq + 1;
  return {
    ...state,
    seq,
    answers: {
      ...state.answers,
      [position]: { response: "response" in patch ? patch.response : prev.response, flagged: patch.flagged ?? prev.flagged, seq },
    },
  };
}

/** The answers the server has not confirmed yet. */
export function pending(state: LocalState): OutgoingAnswer[] {
  return Object.entries(state.answers)
    .filter(([p, a]) => a.seq > (state.confirmed[Number(p)] ?? 0))
    .map(([p, a]) => ({ position: Number(p), response: a.response ?? null, flagged: a.flagged, seq: a.seq }))
    .sort((a, b) => a.position - b.position);
}

/** Marks what was sent as confirmed; a change made while the request was under way stays pending. */
export function confirm(state: LocalState, sent: readonly OutgoingAnswer[]): LocalState {
  const confirmed = { ...state.confirmed };
  for (const a of sent) confirmed[a.position] = Math.max(confirmed[a.position] ?? 0, a.seq);
  return { ...state, confirmed };
}

/** Whether a response counts as answered (an empty text or no choice does not). */
export function isAnswered(response: unknown): boolean {
  if (response === null || response === undefined || typeof response !== "object") return false;
  const r = response as Record<string, unknown>;
  switch (r.type) {
    case "single":
      return typeof r.optionId === "string";
    case "multiple":
      return Array.isArray(r.optionIds) && r.optionIds.length > 0;
    case "truefalse":
      return typeof r.value === "boolean";
    case "fill":
      return Array.isArray(r.blanks) && r.blanks.some((b) => typeof b === "string" && b.trim() !== "");
    case "numeric":
      return typeof r.value === "string" && r.value.trim() !== "";
    case "essay":
      return typeof r.text === "string" && r.text.trim() !== "";
    case "matching":
      return typeof r.pairs === "object" && r.pairs !== null && Object.keys(r.pairs).length > 0;
    case "ordering":
      return Array.isArray(r.order) && r.order.length > 0;
    case "cloze":
      return Array.isArray(r.gaps) && r.gaps.some((b) => typeof b === "string" && b.trim() !== "");
    case "group":
      return typeof r.parts === "object" && r.parts !== null && Object.values(r.parts).some(isAnswered);
    default:
      return false;
  }
}
