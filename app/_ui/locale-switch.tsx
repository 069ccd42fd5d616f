import { setLocaleAction } from "@/app/_lib/locale-actions";
import type { Locale } from "@/lib/i18n";

/** Two buttons, no script needed: the form posts to a server action that sets the cookie. */
export function LocaleSwitch({ locale, label }: { locale: Locale; label: string }) {
  return (
    <form action={setLocaleAction} className="flex items-center gap-1" aria-label={label}>
      {(
        [
          ["zh-CN", "中文"],
          ["en", "EN"],
        ] as const
      ).map(([value, text]) => (
        <button
          key={value}
          type="submit"
          name="locale"
          value={value}
          lang={value}
          aria-pressed={locale === value}
          className={`min-h-9 rounded px-2 text-sm ${locale === value ? "bg-white/20 font-semibold text-white" : "text-brand-100 hover:bg-white/10"}`}
        >
          {text}
        </button>
      ))}
    </form>
  );
}
