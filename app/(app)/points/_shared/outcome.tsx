import { translateCode, type Translate } from "@/lib/i18n";
import { Alert } from "@/app/_ui/feedback";

type Search = Record<string, string | string[] | undefined>;

/** The query string that carries an action's refusal (`error` code, `p.<name>` params) back to the page. */
export function outcomeQuery(r: { code: string; params?: Record<string, string | number> }): string {
  const p = new URLSearchParams({ error: r.code });
  for (const [k, v] of Object.entries(r.params ?? {})) p.set(`p.${k}`, String(v));
  return p.toString();
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Shows the refusal or the success message named in the query string. */
export function OutcomeAlert({ t, search, success }: { t: Translate; search: Search; success?: string | null }) {
  const code = first(search.error);
  if (code) {
    const params = Object.fromEntries(Object.entries(search).filter(([k]) => k.startsWith("p.")).map(([k, v]) => [k.slice(2), first(v) ?? ""]));
    return <Alert tone="error">{translateCode(t, code, params)}</Alert>;
  }
  return success ? <Alert tone="success">{success}</Alert> : null;
}

export function one(search: Search, name: string): string | undefined {
  return first(search[name]);
}
