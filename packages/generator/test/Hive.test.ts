/**
 * The Hive-partitioned layout as query engines read it: every SQL statement of the DuckDB section
 * of docs/reading-the-data.md runs, as written there, over freshly generated CSV and Parquet
 * datasets and over the part files of a sharded run. Row counts must equal the generator's
 * summary, every row must sit in the partition of its EventTS date, and receipts must reconcile
 * with their lines — so the document's SQL stays honest.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api"
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Effect } from "effect"
import { afterAll } from "vitest"
import { Generator } from "../src/index.js"
import { cleanup, freshDir } from "./helpers.js"

afterAll(cleanup)

const DOC = fileURLToPath(new URL("../../../docs/reading-the-data.md", import.meta.url))

/** The statements of each ```sql block of the document's DuckDB section, in order. */
const duckdbBlocks = (): Array<Array<string>> => {
  const doc = fs.readFileSync(DOC, "utf8")
  const section = doc.split(/^## /m).find((s) => s.startsWith("DuckDB\n"))
  if (section === undefined) throw new Error(`no "## DuckDB" section in ${DOC}`)
  return [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) =>
    m[1]!
      .split(/;\s*(?:\n|$)/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0)
  )
}

const blocks = duckdbBlocks()
// CSV views, Parquet views, the three checks, the any-table example
const [CSV_VIEWS, PARQUET_VIEWS, CHECKS, ANY_TABLE] = blocks as [
  Array<string>,
  Array<string>,
  Array<string>,
  Array<string>
]
const ANY_TABLE_NAME = "store_inventory_txn"

/** A statement of the document with its `data/` root moved to `dir`. */
const at = (dir: string, sql: string): string => {
  expect(dir).not.toContain("'")
  return sql.replaceAll("'data/", `'${dir}/`)
}

type Row = Record<string, unknown>

/**
 * Runs `f` with a connection to a fresh in-memory DuckDB, closed afterwards. One DuckDB thread:
 * the files are small and the test shares two cores with the generator's worker threads.
 */
const withDuckDB = <A>(f: (run: (sql: string) => Effect.Effect<Array<Row>>) => Effect.Effect<A>) =>
  Effect.acquireUseRelease(
    Effect.promise(async () => {
      const instance = await DuckDBInstance.create(":memory:", { threads: "1" })
      return { instance, connection: await instance.connect() }
    }),
    ({ connection }: { connection: DuckDBConnection }) =>
      f((sql) => Effect.promise(async () => (await connection.runAndReadAll(sql)).getRowObjectsJson())),
    ({ instance, connection }) =>
      Effect.sync(() => {
        connection.closeSync()
        instance.closeSync()
      })
  )

const START = "2024-03-01"
const DAYS = ["2024-03-01", "2024-03-02", "2024-03-03"]

/** A small configuration of every built-in plugin (nine fact tables), writing under `dir`. */
const configOf = (dir: string, format: "csv" | "parquet"): Config.Config =>
  Effect.runSync(
    Config.decode({
      seed: 31,
      volume: {
        stores: 6,
        dcs: 2,
        customers: 600,
        products: 150,
        geographies: 12,
        customers_per_day: 120,
        online_orders_per_day: 30,
        marketing_impressions_per_day: 200
      },
      dates: { start: START, end: DAYS[DAYS.length - 1] },
      output: { format },
      paths: { master: path.join(dir, "master"), facts: path.join(dir, "facts") }
    })
  )

/** The CSV dataset most tests read, generated once (tests that change files work on a copy). */
let generated: { readonly dir: string; readonly records: Readonly<Record<string, number>> } | undefined
const csvDataset = Effect.suspend(() => {
  if (generated !== undefined) return Effect.succeed(generated)
  const dir = freshDir()
  return Effect.map(Generator.generate(configOf(dir, "csv")), (summary) => {
    generated = { dir, records: summary.records }
    return generated
  })
})

const csvViews = (dir: string) => CSV_VIEWS.map((s) => at(dir, s))
const parquetViews = (dir: string) => PARQUET_VIEWS.map((s) => at(dir, s))

/** The three checks of the document over the views, and the any-table statement for every table. */
const checkDataset = (
  dir: string,
  views: ReadonlyArray<string>,
  records: Readonly<Record<string, number>>,
  ext: "csv" | "parquet"
) =>
  withDuckDB((run) =>
    Effect.gen(function* () {
      for (const v of views) yield* run(v)
      const [perDay, misplaced, reconciled] = CHECKS
      const days = yield* run(perDay!)
      expect(days.map((r) => r.dt)).toStrictEqual(DAYS)
      expect(days.reduce((n, r) => n + Number(r.rows), 0)).toBe(records.receipts)
      expect(yield* run(misplaced!)).toStrictEqual([{ misplaced: "0" }])
      const [joined] = yield* run(reconciled!)
      expect(Number(joined!.receipts)).toBe(records.receipts)
      expect(joined!.mismatched).toBe("0")
      // every table of the summary, through the document's any-table statement
      const tables = Object.keys(records)
      expect(tables).toHaveLength(9)
      for (const table of tables) {
        expect(records[table], table).toBeGreaterThan(0)
        const sql = at(dir, ANY_TABLE[0]!)
          .replaceAll(ANY_TABLE_NAME, table)
          .replace("/*.csv'", `/*.${ext}'`)
          .replace("read_csv(", ext === "csv" ? "read_csv(" : "read_parquet(")
        const [row] = yield* run(sql)
        expect(row, table).toStrictEqual({ rows: String(records[table]), misplaced: "0" })
      }
      // the types the document's table promises
      const describe = (view: string) =>
        Effect.map(run(`DESCRIBE ${view}`), (rows) =>
          Object.fromEntries(rows.map((r) => [String(r.column_name), String(r.column_type)]))
        )
      const receipts = yield* describe("receipts")
      expect(receipts).toMatchObject({
        TraceId: "VARCHAR",
        EventTS: "TIMESTAMP",
        StoreID: "BIGINT",
        CustomerID: "BIGINT",
        ReceiptId: "VARCHAR",
        Subtotal: "DECIMAL(18,2)",
        Tax: "DECIMAL(18,2)",
        Total: "DECIMAL(18,2)",
        TenderType: "VARCHAR",
        dt: "DATE"
      })
      const lines = yield* describe("receipt_lines")
      expect(lines).toMatchObject({
        EventTS: "TIMESTAMP",
        Line: "BIGINT",
        Qty: "BIGINT",
        UnitPrice: "DECIMAL(18,2)",
        ExtPrice: "DECIMAL(18,2)",
        dt: "DATE"
      })
    })
  )

describe("docs/reading-the-data.md, DuckDB section", () => {
  it("has the four SQL blocks the tests run: CSV views, Parquet views, three checks, any table", () => {
    expect(blocks.map((b) => b.length)).toStrictEqual([2, 2, 3, 1])
    for (const s of [...CSV_VIEWS, ...PARQUET_VIEWS, ...ANY_TABLE]) {
      expect(s).toContain("hive_partitioning = true")
      expect(s).toMatch(/'data\/facts\/\w+\/dt=\*\/\*\.(csv|parquet)'/)
    }
    expect(ANY_TABLE[0]).toContain(`'data/facts/${ANY_TABLE_NAME}/dt=*/*.csv'`)
  })

  it.effect("reads a CSV dataset: counts equal the summary, rows sit in their day, receipts reconcile", () =>
    Effect.gen(function* () {
      const { dir, records } = yield* csvDataset
      yield* checkDataset(dir, csvViews(dir), records, "csv")
    })
  )

  it.effect("reads a Parquet dataset the same way, with the same types", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const summary = yield* Generator.generate(configOf(dir, "parquet"))
      expect(fs.readdirSync(path.join(dir, "facts", "receipts", `dt=${START}`))).toStrictEqual([
        "receipts_20240301.parquet"
      ])
      yield* checkDataset(dir, parquetViews(dir), summary.records, "parquet")
    })
  )

  it.effect(
    "reads the part files of a sharded run (not merged) as one table with the single run's rows",
    () =>
      Effect.gen(function* () {
        const { dir: single, records } = yield* csvDataset
        const parts = freshDir()
        for (const index of [0, 1])
          yield* Generator.generate(configOf(parts, "csv"), { shard: { index, count: 2 } })
        const files = fs.readdirSync(path.join(parts, "facts", "receipts", `dt=${START}`)).sort()
        expect(files).toStrictEqual([
          "receipts_20240301.part-1-of-2.csv",
          "receipts_20240301.part-2-of-2.csv"
        ])
        yield* checkDataset(parts, csvViews(parts), records, "csv")
        // the same multiset of rows as the single run, table by table
        yield* withDuckDB((run) =>
          Effect.gen(function* () {
            for (const table of Object.keys(records)) {
              const scan = (root: string) =>
                `SELECT * FROM read_csv('${root}/facts/${table}/dt=*/*.csv', hive_partitioning = true)`
              const [diff] = yield* run(
                `SELECT (SELECT count(*) FROM (${scan(single)} EXCEPT ALL ${scan(parts)})) AS missing,
                        (SELECT count(*) FROM (${scan(parts)} EXCEPT ALL ${scan(single)})) AS extra`
              )
              expect(diff, table).toStrictEqual({ missing: "0", extra: "0" })
            }
          })
        )
      })
  )

  it.effect("the checks catch a receipt one cent off and a row filed under another day", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      fs.cpSync((yield* csvDataset).dir, dir, { recursive: true })
      const file = path.join(dir, "facts", "receipts", "dt=2024-03-02", "receipts_20240302.csv")
      const [header, ...rows] = fs.readFileSync(file, "utf8").trimEnd().split("\n")
      const cols = header!.split(",")
      const subtotal = cols.indexOf("Subtotal")
      const eventTs = cols.indexOf("EventTS")
      const cells = rows.map((r) => r.split(","))
      // receipt 0: one cent more; receipt 1: stamped on the next day, left in this partition
      const cents = Math.round(Number(cells[0]![subtotal]) * 100) + 1
      cells[0]![subtotal] = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`
      cells[1]![eventTs] = cells[1]![eventTs]!.replace("2024-03-02", "2024-03-03")
      fs.writeFileSync(file, `${[header, ...cells.map((c) => c.join(","))].join("\n")}\n`)
      yield* withDuckDB((run) =>
        Effect.gen(function* () {
          for (const v of csvViews(dir)) yield* run(v)
          expect(yield* run(CHECKS[1]!)).toStrictEqual([{ misplaced: "1" }])
          const [joined] = yield* run(CHECKS[2]!)
          expect(joined!.mismatched).toBe("1")
        })
      )
    })
  )
})
