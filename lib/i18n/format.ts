/**
 * ICU MessageFormat for the catalogues (FormatJS's intl-messageformat): `{name}` arguments,
 * `{count, plural, one {# question} other {# questions}}`, `{kind, select, …}`, with the plural
 * rules of the reader's language. Used on the server by the translator and in client components
 * (app/_ui/locale.tsx), so the phone formats "3 questions are not answered" the same way.
 * A literal brace in a message is quoted: '{'…'}'. tests/unit/i18n.test.ts compiles every message.
 */
import { IntlMessageFormat } from "intl-messageformat";
import type { Params } from "./keys";

const compiled = new Map<string, IntlMessageFormat>();

function compile(text: string, locale: string): IntlMessageFormat {
  const key = `${locale}\u0000${text}`;
  let m = compiled.get(key);
  if (!m) {
    m = new IntlMessageFormat(text, locale, undefined, { ignoreTag: true });
    compiled.set(key, m);
  }
  return m;
}

/** The message with its arguments filled in; a message that cannot be formatted is shown as written. */
export function formatMessage(text: string, params: Params | undefined, locale: string): string {
  if (!text.includes("{") && !text.includes("'")) return text;
  try {
    const out = compile(text, locale).format(params ?? {});
    return typeof out === "string" ? out : String(out);
  } catch {
    return text;
  }
}

/** The argument names a message uses (for the catalogue test: both languages take the same ones). */
export function messageArguments(text: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: unknown[]) => {
    for (const n of nodes as { type: number; value?: string; options?: Record<string, { value: unknown[] }> }[]) {
      if (n.type >= 1 && n.type <= 6 && typeof n.value === "string") names.add(n.value);
      for (const o of Object.values(n.options ?? {})) walk(o.value);
    }
  };
  walk(compile(text, locale).getAst() as unknown[]);
  return [...names].sort();
}
