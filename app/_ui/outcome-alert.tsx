import { searchValue } from "@/app/_lib/action";
import { translateCode, type Translate } from "@/lib/i18n";
import { Alert } from "./feedback";

type Search = Record<string, string | string[] | undefined>;

/** Shows the refusal carried back by `outcomeQuery` (in the user's language), or `success`. */
export function OutcomeAlert({ t, search, success }: { t: Translate; search: Search; success?: string | null }) {
  const code = searchValue(search, "error");
  if (code) {
    const params = Object.fromEntries(
      Object.keys(search)
        .filter((k) => k.startsWith("p."))
        .map((k) => [k.slice(2), searchValue(search, k) ?? ""]),
    );
    return <Alert tone="error">{translateCode(t, code, params)}</Alert>;
  }
  return success ? <Alert tone="success">{success}</Alert> : null;
}
