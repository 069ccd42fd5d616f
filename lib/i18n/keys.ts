/**
 * The type of every message key (`section.name`), derived from the Chinese catalogue: a typo is a
 * type error. Kept apart from ./index so lib/core can name keys without loading the catalogues.
 */
import type { Messages } from "./messages/zh-CN";

type Leaves<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

export type MessageKey = Leaves<Messages>;
export type Params = Record<string, string | number>;
