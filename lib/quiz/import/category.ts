/**
 * Category paths as each format writes them. In the model a path is a list of names from the
 * top; a name may not contain "/" (validate.ts), so every format can write every path.
 */

/** The xlsx template's 分类: "采油/抽油机/日常维护", with "/" or the full-width "／". */
export function parsePlainPath(text: string): string[] {
  return text
    .split(/[/／]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

export function formatPlainPath(path: readonly string[]): string {
  return path.join("/");
}

/**
 * Moodle's "$course$/top/采油/抽油机" (also used by GIFT's $CATEGORY:). The "$…$" context and
 * the "top" that Moodle 3.5+ puts first are not categories of ours and are dropped; "//" is
 * Moodle's escape for a "/" inside a name and is kept as one, for validation to refuse.
 */
export function parseMoodlePath(text: string): string[] {
  let s = text.trim();
  const context = /^\$[a-z0-9_]+\$\/?/i.exec(s);
  if (context) s = s.slice(context[0].length);
  const names: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "/") {
      if (s[i + 1] === "/") {
        cur += "/";
        i++;
      } else {
        names.push(cur);
        cur = "";
      }
    } else cur += s[i];
  }
  names.push(cur);
  const out = names.map((n) => n.trim()).filter((n) => n !== "");
  if (context && out[0]?.toLowerCase() === "top") out.shift();
  return out;
}

export function formatMoodlePath(path: readonly string[]): string {
  return ["$course$", "top", ...path.map((n) => n.replace(/\//g, "//"))].join("/");
}
