/**
 * Row pickers for tests under noUncheckedIndexedAccess: a test that reads back what it has just
 * written knows the row is there, and if it is not, it should fail saying so, not with
 * "cannot read properties of undefined" three lines later.
 */

/** The first element; throws when there is none. */
export function first<T>(rows: readonly T[], what = "row"): T {
  const row = rows[0];
  if (row === undefined) throw new Error(`expected at least one ${what}, found none`);
  return row;
}

/** The one element; throws when there are none or several. */
export function only<T>(rows: readonly T[], what = "row"): T {
  const row = rows[0];
  if (row === undefined || rows.length !== 1) throw new Error(`expected exactly one ${what}, found ${rows.length}`);
  return row;
}

/** A tuple of `n` elements of T (for `const [a, b, c] = firstN(ids, 3)`). */
export type Tuple<T, N extends number, Acc extends T[] = []> = Acc["length"] extends N ? Acc : Tuple<T, N, [...Acc, T]>;

/** The first `n` elements as a tuple; throws when there are fewer. */
export function firstN<T, N extends number>(rows: readonly T[], n: N, what = "row"): Tuple<T, N> {
  if (rows.length < n) throw new Error(`expected at least ${n} ${what}s, found ${rows.length}`);
  // The length was checked just above: this is the one place the tuple type is asserted.
  return rows.slice(0, n) as Tuple<T, N>;
}

/** A lookup over a table the test built from the seed (codes to ids, …); throws naming the key it lacks. */
export function lookup<V>(entries: Iterable<readonly [string, V]>, what = "entry"): (key: string) => V {
  const map = new Map(entries);
  return (key) => {
    const value = map.get(key);
    if (value === undefined) throw new Error(`no ${what} ${JSON.stringify(key)}`);
    return value;
  };
}
