/**
 * The database half of a backup, in a form both drivers read and write: every table of the
 * `public` schema as JSON lines (one `row_to_json` per row, in primary-key order), every sequence's
 * value, and a checksum per table computed by the database itself over the text of its rows.
 * The same format restores into PGlite or PostgreSQL, which is also how a site moves from one to
 * the other (lib/backup/index.ts).
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";

export interface TableInfo {
  name: string;
  /** Columns in table order, generated ones left out (the database makes those). */
  columns: string[];
  /** Primary-key columns (the dump's row order); every column when there is none. */
  order: string[];
  /** Whether `order` is a primary key (unique). */
  keyed: boolean;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const idents = (names: string[]) => names.map(ident).join(", ");

/**
 * Session settings under which row text is the same on both drivers and any server: the checksum
 * of a table must not change with the reader's time zone or date style.
 */
export async function stableText(tx: Db): Promise<void> {
  await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
  await tx.execute(sql`SET LOCAL DateStyle = 'ISO, YMD'`);
  await tx.execute(sql`SET LOCAL IntervalStyle = 'postgres'`);
  await tx.execute(sql`SET LOCAL extra_float_digits = 1`);
}

export async function listTables(db: Db): Promise<TableInfo[]> {
  const cols = rowsOf<{ table_name: string; column_name: string; generated: boolean }>(
    await db.execute(sql`SELECT c.table_name, c.column_name, (c.is_generated = 'ALWAYS') AS generated
      FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position`),
  );
  const keys = rowsOf<{ table_name: string; column_name: string }>(
    await db.execute(sql`SELECT cl.relname AS table_name, a.attname AS column_name
      FROM pg_index i JOIN pg_class cl ON cl.oid = i.indrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
      JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, pos) ON true
      JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND i.indisprimary ORDER BY cl.relname, k.pos`),
  );
  const tables = new Map<string, TableInfo>();
  for (const c of cols) {
    const t = tables.get(c.table_name) ?? { name: c.table_name, columns: [], order: [], keyed: false };
    if (!c.generated) t.columns.push(c.column_name);
    tables.set(c.table_name, t);
  }
  for (const k of keys) {
    const t = tables.get(k.table_name);
    t?.order.push(k.column_name);
    if (t) t.keyed = true;
  }
  for (const t of tables.values()) if (t.order.length === 0) t.order = [...t.columns];
  return [...tables.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Row count and an md5 over the sorted md5s of every row's text: equal on both drivers for equal
 * data. Hashing each row first keeps the aggregate at 32 bytes a row, whatever a row holds.
 */
export async function tableChecksum(tx: Db, table: string): Promise<{ rows: number; md5: string }> {
  const [r] = rowsOf<{ n: number | string; md5: string | null }>(
    await tx.execute(
      sql.raw(`SELECT count(*) AS n, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS md5 FROM (SELECT md5(t::text) AS h FROM ${ident(table)} t) x`),
    ),
  );
  return { rows: Number(r?.n ?? 0), md5: r?.md5 ?? "" };
}

/**
 * The table's rows as JSON text, `batch` at a time in key order: each batch starts after the
 * previous one's last key (read back from its JSON), so a large table is read in one pass. A
 * table without a primary key is paged by OFFSET.
 */
export async function* tableRows(tx: Db, t: TableInfo, batch = 5000): AsyncGenerator<string[]> {
  const keyed = t.keyed && t.order.every((c) => t.columns.includes(c));
  const order = sql.raw(idents(t.order));
  const table = sql.raw(ident(t.name));
  let last: string | undefined;
  for (let offset = 0; ; offset += batch) {
    const after = keyed && last !== undefined ? sql`WHERE (${order}) > (SELECT ${order} FROM json_populate_record(null::${table}, ${last}::json))` : sql``;
    const skip = keyed ? sql`` : sql.raw(` OFFSET ${offset}`);
    const q = sql`SELECT row_to_json(x)::text AS j FROM (SELECT ${sql.raw(idents(t.columns))} FROM ${table} ${after} ORDER BY ${order} LIMIT ${batch}${skip}) x`;
    const rows = rowsOf<{ j: string }>(await tx.execute(q));
    if (rows.length) yield rows.map((r) => r.j);
    if (rows.length < batch) return;
    last = rows.at(-1)?.j;
  }
}

/** Inserts rows given as JSON text (as tableRows made them); only the columns both sides have. */
export async function insertRows(tx: Db, t: TableInfo, dumped: string[], rows: string[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = t.columns.filter((c) => dumped.includes(c));
  const q: SQL = sql`INSERT INTO ${sql.raw(ident(t.name))} (${sql.raw(idents(cols))})
    SELECT ${sql.raw(idents(cols))} FROM json_populate_recordset(null::${sql.raw(ident(t.name))}, ${`[${rows.join(",")}]`}::json)`;
  await tx.execute(q);
}

export interface SequenceValue {
  name: string;
  value: number | null;
}

export async function sequenceValues(tx: Db): Promise<SequenceValue[]> {
  const rows = rowsOf<{ name: string; value: string | number | null }>(
    await tx.execute(sql`SELECT sequencename AS name, last_value AS value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`),
  );
  return rows.map((r) => ({ name: r.name, value: r.value === null ? null : Number(r.value) }));
}

/** Puts each sequence where the source had it (an unused one back to its start). */
export async function setSequences(tx: Db, values: SequenceValue[]): Promise<void> {
  for (const s of values) {
    const name = `public.${ident(s.name)}`;
    if (s.value === null)
      await tx.execute(
        sql`SELECT setval(${name}::regclass, (SELECT start_value FROM pg_sequences WHERE schemaname = 'public' AND sequencename = ${s.name}), false)`,
      );
    else await tx.execute(sql`SELECT setval(${name}::regclass, ${s.value})`);
  }
}

/** Rows per public table (a restore or a move needs an empty target). */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await listTables(db)) {
    const [r] = rowsOf<{ n: number | string }>(await db.execute(sql.raw(`SELECT count(*) AS n FROM ${ident(t.name)}`)));
    out[t.name] = Number(r?.n ?? 0);
  }
  return out;
}
