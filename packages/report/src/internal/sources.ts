/**
 * The dataset's tables as DuckDB views with fixed column types, over the Hive layout
 * `facts/<table>/dt=YYYY-MM-DD/<table>_YYYYMMDD.(csv|parquet)` and `master/<table>.(csv|parquet)`.
 * Only the whole-day files are read (never a shard's part files). A table without files has no
 * view; the figures that need it are left out.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { type Db, literal } from "./duck.js"

const T = "TIMESTAMP"
const I = "INTEGER"
const D = "DOUBLE"
const V = "VARCHAR"

/** Columns (name, type) each view exposes. */
const COLUMNS: Record<string, ReadonlyArray<readonly [string, string]>> = {
  receipts: [
    ["EventTS", T],
    ["StoreID", I],
    ["CustomerID", I],
    ["ReceiptId", V],
    ["Subtotal", D],
    ["Total", D],
    ["TenderType", V]
  ],
  receipt_lines: [
    ["EventTS", T],
    ["ReceiptId", V],
    ["Line", I],
    ["ProductID", I],
    ["Qty", I],
    ["UnitPrice", D],
    ["ExtPrice", D],
    ["PromoCode", V]
  ],
  foot_traffic: [
    ["EventTS", T],
    ["StoreID", I],
    ["Zone", V],
    ["Count", I]
  ],
  marketing: [
    ["EventTS", T],
    ["Channel", V],
    ["CustomerAdId", V],
    ["Cost", D]
  ],
  online_orders: [
    ["EventTS", T],
    ["CustomerID", I],
    ["FulfillmentMode", V],
    ["Total", D]
  ],
  store_inventory_txn: [
    ["EventTS", T],
    ["StoreID", I],
    ["ProductID", I],
    ["QtyDelta", I],
    ["Reason", V]
  ],
  truck_moves: [
    ["EventTS", T],
    ["ShipmentId", V],
    ["Status", V],
    ["DCID", I],
    ["ETA", T]
  ],
  customers: [
    ["ID", I],
    ["AdId", V],
    ["Segment", V],
    ["NearestStoreID1", I],
    ["NearestStoreID2", I],
    ["NearestStoreID3", I]
  ],
  products_master: [
    ["ID", I],
    ["Brand", V],
    ["Department", V],
    ["Category", V]
  ],
  stores: [
    ["ID", I],
    ["DCID", I],
    ["OpenHour", I],
    ["CloseHour", I],
    ["TrafficWeight", D]
  ],
  truth_lost_sales: [
    ["Date", "DATE"],
    ["StoreID", I],
    ["ProductID", I],
    ["UnitsAsked", I],
    ["UnitsSubstituted", I],
    ["LostUnits", I]
  ],
  truth_store_day: [
    ["Date", "DATE"],
    ["StoreID", I],
    ["Visits", I],
    ["LostVisits", I],
    ["RedirectedVisits", I]
  ],
  store_inventory_snapshots: [
    ["StoreID", I],
    ["ProductID", I],
    ["CurrentQuantity", I],
    ["ReorderPoint", I]
  ]
}

/** Fact tables read by the report. */
export const FACTS = [
  "receipts",
  "receipt_lines",
  "foot_traffic",
  "marketing",
  "online_orders",
  "store_inventory_txn",
  "truck_moves"
] as const

/**
 * Ground-truth tables read by the report when the dataset has them (`generate --truth`): view
 * name → folder under `facts/` (files named after the folder's last segment).
 */
export const TRUTH: ReadonlyArray<readonly [string, string]> = [
  ["truth_lost_sales", "_truth/lost_sales"],
  ["truth_store_day", "_truth/store_day"]
]

/** Master tables read by the report. */
export const MASTER = ["customers", "products_master", "stores", "store_inventory_snapshots"] as const

/** What was found on disk. */
export interface Sources {
  readonly format: "csv" | "parquet"
  /** Tables that have a view. */
  readonly tables: ReadonlySet<string>
  /** Columns present per table (master extras such as Segment are optional). */
  readonly columns: ReadonlyMap<string, ReadonlySet<string>>
}

/** A whole-day file of a table (`_truth/lost_sales` → `lost_sales_YYYYMMDD.<ext>`). */
const dayFile = (table: string, ext: string) => new RegExp(`^${path.basename(table)}_\\d{8}\\.${ext}$`)

const hasDayFile = (dir: string, table: string, ext: string): boolean => {
  const root = path.join(dir, "facts", table)
  if (!fs.existsSync(root)) return false
  const re = dayFile(table, ext)
  for (const p of fs.readdirSync(root)) {
    if (!p.startsWith("dt=")) continue
    const files = fs.readdirSync(path.join(root, p))
    if (files.some((f) => re.test(f))) return true
  }
  return false
}

/** CSV as text with the header's columns (no sniffing per file); Parquet as typed. */
const reader = (glob: string, format: "csv" | "parquet", header: ReadonlyArray<string>): string =>
  format === "csv"
    ? `read_csv(${literal(glob)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', ` +
      `columns = {${header.map((c) => `${literal(c)}: 'VARCHAR'`).join(", ")}})`
    : `read_parquet(${literal(glob)})`

const headerOf = (file: string): ReadonlyArray<string> => {
  const fd = fs.openSync(file, "r")
  try {
    const buf = Buffer.alloc(4096)
    const n = fs.readSync(fd, buf, 0, buf.length, 0)
    return buf.subarray(0, n).toString("utf8").split("\n")[0]!.trim().split(",")
  } finally {
    fs.closeSync(fd)
  }
}

/** Creates the views over `dir`'s files; the format is the receipts' (CSV unless only Parquet exists). */
export const register = async (db: Db, dir: string): Promise<Sources> => {
  const format: "csv" | "parquet" =
    !hasDayFile(dir, "receipts", "csv") && hasDayFile(dir, "receipts", "parquet") ? "parquet" : "csv"
  const tables = new Set<string>()
  const columns = new Map<string, Set<string>>()
  const view = async (table: string, source: string, present: ReadonlyArray<string>) => {
    const have = new Set(present)
    const cols = COLUMNS[table]!.map(([c, t]) =>
      have.has(c) ? `CAST("${c}" AS ${t}) AS "${c}"` : `CAST(NULL AS ${t}) AS "${c}"`
    )
    await db.all(`CREATE VIEW ${table} AS SELECT ${cols.join(", ")} FROM ${source}`)
    tables.add(table)
    columns.set(table, have)
  }
  for (const [table, rel] of [...FACTS.map((t) => [t, t] as const), ...TRUTH]) {
    if (!hasDayFile(dir, rel, format)) continue
    const glob = path.join(dir, "facts", rel, "dt=*", `${path.basename(rel)}_${"[0-9]".repeat(8)}.${format}`)
    const present =
      format === "csv"
        ? headerOf(firstFile(path.join(dir, "facts", rel), rel, format))
        : await parquetColumns(db, glob)
    await view(table, reader(glob, format, present), present)
  }
  for (const table of MASTER) {
    const file = [format, format === "csv" ? "parquet" : "csv"]
      .map((ext) => path.join(dir, "master", `${table}.${ext}`))
      .find((f) => fs.existsSync(f))
    if (file === undefined) continue
    const ext = file.endsWith(".csv") ? "csv" : "parquet"
    const present = ext === "csv" ? headerOf(file) : await parquetColumns(db, file)
    await view(table, reader(file, ext, present), present)
  }
  return { format, tables, columns }
}

const firstFile = (root: string, table: string, ext: string): string => {
  const re = dayFile(table, ext)
  for (const p of fs.readdirSync(root).sort()) {
    if (!p.startsWith("dt=")) continue
    const f = fs.readdirSync(path.join(root, p)).find((x) => re.test(x))
    if (f !== undefined) return path.join(root, p, f)
  }
  throw new Error(`no ${table} file under ${root}`)
}

const parquetColumns = async (db: Db, glob: string): Promise<ReadonlyArray<string>> => {
  const rows = await db.all(`DESCRIBE SELECT * FROM read_parquet(${literal(glob)})`)
  return rows.map((r) => String(r.column_name))
}
