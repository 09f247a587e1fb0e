/**
 * Parquet input: the fixture written as Parquet by the sinks package validates exactly as its
 * CSV form; corruptions are found at the Parquet file and row; schema problems (a missing,
 * repeated, reordered or retyped column, a file that is not Parquet) are `format` findings
 * naming the file and column, never a crash; CSV and Parquet mix freely.
 */
import { copyFile, rename, rm, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { DuckDBInstance } from "@duckdb/node-api"
import { describe, expect, it } from "@effect/vitest"
import { Table } from "@retail-datagen/core"
import { Effect } from "effect"
import { Report, Validate } from "../src/index.js"
import type { Chunk } from "../src/internal/chunk.js"
import { readCsv, readParquet } from "../src/internal/disk.js"
import { Duck } from "../src/internal/duck.js"
import { Session } from "../src/internal/session.js"
import * as S from "../src/internal/spec.js"
import type { CheckId } from "../src/Report.js"
import * as F from "./fixture.js"

const D1 = "2024-03-04"
const D2 = "2024-03-05"

const counts = (report: Report.Report): Partial<Record<CheckId, number>> =>
  Object.fromEntries(report.checks.filter((c) => c.violations > 0).map((c) => [c.id, c.violations]))

/** What a report says besides where its examples are. */
const summary = (report: Report.Report) => ({
  rows: report.rows,
  sources: report.sources,
  checks: report.checks.map((c) => ({
    id: c.id,
    status: c.status,
    rows: c.rows,
    violations: c.violations,
    notes: c.notes,
    reasons: c.examples.map((e) => `${e.table}: ${e.reason}`)
  }))
})

const validate = (
  fx: F.Fixture,
  format: F.Format | ((table: string) => F.Format),
  defs: Readonly<Record<string, Table.Table>> = {}
) =>
  Effect.gen(function* () {
    const dir = yield* Effect.promise(() => F.write(fx, undefined, format, defs))
    return yield* Validate.directory(dir)
  })

/** The fixture table `name` with its columns changed by `f`. */
const retable = (name: string, f: (columns: Array<Table.Column>) => Array<Table.Column>): Table.Table => ({
  name,
  columns: f([...F.TABLES[name]!.columns])
})

/** A session without checks that keeps a copy of every decoded row. */
class Capture extends Session {
  readonly got: Array<{
    has: Array<boolean>
    num: Array<Array<number>>
    str: Array<Array<string>>
    line: number
  }> = []
  constructor() {
    super([], 5)
  }
  private keep(chunk: Chunk): void {
    for (let r = 0; r < chunk.length; r++) {
      this.got.push({
        has: [...chunk.has],
        num: chunk.num.map((col) => (col.length > 0 ? [col[r]!] : [])),
        str: chunk.str.map((col) => (col.length > 0 ? [col[r]!] : [])),
        line: chunk.line[r]!
      })
    }
  }
  override master(chunk: Chunk): void {
    this.keep(chunk)
  }
  override fact(chunk: Chunk): void {
    this.keep(chunk)
  }
}

/**
 * Reads every file of `fx` written as CSV and as Parquet (`defs` override table definitions)
 * and checks both decode to the same rows and the same findings; returns the Parquet findings.
 */
const decodeBoth = (fx: F.Fixture, defs: Readonly<Record<string, Table.Table>> = {}) =>
  Effect.gen(function* () {
    const csv = yield* Effect.promise(() => F.write(fx))
    const parquet = yield* Effect.promise(() => F.write(fx, undefined, "parquet", defs))
    const files: Array<readonly [string, string, string]> = [
      ...F.MASTER.map((t) => [t, F.masterFile(t), F.masterFile(t, "parquet")] as const),
      ...F.FACTS.flatMap((t) =>
        [D1, D2]
          .filter((d) => fx.facts[t]!.some((r) => r[1]!.startsWith(d)))
          .map((d) => [t, F.partition(t, d), F.partition(t, d, "parquet")] as const)
      )
    ]
    const duck = new Duck()
    const findings: Array<Report.Example> = []
    for (const [table, c, p] of files) {
      const spec = S.byName.get(table)!
      const a = new Capture()
      const b = new Capture()
      yield* Effect.promise(() => readCsv(a, csv, c, spec))
      yield* Effect.promise(() => readParquet(b, duck, parquet, p, spec))
      expect(a.got.length, c).toBeGreaterThan(0)
      const fa = a.format.result().examples
      const fb = b.format.result().examples
      expect(
        fb.map((e) => e.reason),
        p
      ).toEqual(fa.map((e) => e.reason))
      findings.push(...fb)
      expect(
        b.got.map(({ line: _, ...rest }) => rest),
        p
      ).toEqual(a.got.map(({ line: _, ...rest }) => rest))
      if (fb.length === 0) expect(b.got.map((r) => r.line)).toEqual(a.got.map((_, i) => i + 1))
    }
    yield* Effect.promise(() => duck.close())
    return findings
  })

describe("Parquet reader", () => {
  it.effect("decodes every file of the fixture to the same values as its CSV form, rows numbered 1..n", () =>
    Effect.gen(function* () {
      expect(yield* decodeBoth(F.base())).toEqual([])
    })
  )

  it.effect("keys without a numeric form, unknown enum values and bad cells decode as in CSV", () =>
    Effect.gen(function* () {
      const fx = F.base()
      const r = F.find(fx, "receipts", "ReceiptId", "RCP101")
      F.set(fx, "receipts", r, "ReceiptId", "RCP000101") // zero-padded: kept as text
      for (const l of [0, 1]) F.set(fx, "receipt_lines", l, "ReceiptId", "RCP000101")
      F.set(fx, "ble_pings", 0, "CustomerBLEId", "12345") // no prefix, digits: a number
      F.set(fx, "ble_pings", 1, "CustomerBLEId", "0123") // leading zero: text
      F.set(fx, "foot_traffic", 2, "Zone", "LOBBY") // open domain: accepted
      F.set(fx, "marketing", 1, "Device", "WATCH") // closed domain: a finding
      F.set(fx, "truck_moves", 2, "TruckId", "TRUCK1") // wrong prefix: a finding
      const text = (name: string, columns: ReadonlyArray<string>) =>
        retable(name, (cols) =>
          cols.map((c) => (columns.includes(c.name) ? { name: c.name, type: Table.string } : c))
        )
      const findings = yield* decodeBoth(fx, {
        receipts: text("receipts", ["ReceiptId"]),
        receipt_lines: text("receipt_lines", ["ReceiptId"]),
        foot_traffic: text("foot_traffic", ["Zone"]),
        marketing: text("marketing", ["Device"]),
        truck_moves: text("truck_moves", ["TruckId"])
      })
      expect(findings.map((e) => [e.file, e.line, e.reason])).toEqual([
        [F.partition("truck_moves", D1, "parquet"), 3, 'TruckId: "TRUCK1" does not start with TRK'],
        [F.partition("marketing", D1, "parquet"), 2, 'Device: unknown value "WATCH"']
      ])
    })
  )
})

describe("Parquet datasets", () => {
  it.effect("the fixture as Parquet passes every check, with the same report as its CSV form", () =>
    Effect.gen(function* () {
      const parquet = yield* validate(F.base(), "parquet")
      expect(Report.ok(parquet), Report.text(parquet)).toBe(true)
      for (const c of parquet.checks) {
        expect(c.notes, c.name).toEqual([])
        expect(c.rows, c.name).toBeGreaterThan(0)
      }
      const csv = yield* validate(F.base(), "csv")
      expect(summary(parquet)).toEqual(summary(csv))
    })
  )

  it.effect("a mixed dataset (every other table in Parquet) reports as the all-CSV one", () =>
    Effect.gen(function* () {
      const names = [...F.MASTER, ...F.FACTS]
      const mixed = (t: string): F.Format => (names.indexOf(t as never) % 2 === 0 ? "parquet" : "csv")
      const report = yield* validate(F.base(), mixed)
      expect(Report.ok(report), Report.text(report)).toBe(true)
      expect(summary(report)).toEqual(summary(yield* validate(F.base(), "csv")))
    })
  )

  it.effect("a wrong total is found at the Parquet file and row", () =>
    Effect.gen(function* () {
      const fx = F.base()
      const r = F.find(fx, "receipts", "ReceiptId", "RCP102")
      F.set(fx, "receipts", r, "Total", "2.18")
      const report = yield* validate(fx, "parquet")
      expect(counts(report)).toEqual({ I3: 1 })
      const e = Report.get(report, "I3")!.examples[0]!
      expect(e).toEqual({
        table: "receipts",
        file: F.partition("receipts", D1, "parquet"),
        line: 2,
        reason: "RCP102: Total 2.18 ≠ Subtotal + Tax 2.17"
      })
      expect(F.where(fx, "receipts", r, "parquet").disk).toEqual({ file: e.file, line: e.line })
    })
  )

  it.effect("a negative stock is found at the Parquet row that drives it below zero", () =>
    Effect.gen(function* () {
      const fx = F.base()
      // store 1, product 2 holds 5 and sells 1 on D1: damaging 5 more at 13:00 leaves -1
      F.rows(fx, "store_inventory_txn").splice(4, 0, [
        "TRC901",
        `${D1} 13:00:00`,
        "1",
        "2",
        "-5",
        "DAMAGED",
        "SHRINK"
      ])
      const report = yield* validate(fx, "parquet")
      expect(counts(report)).toEqual({ I4: 1 })
      const e = Report.get(report, "I4")!.examples[0]!
      expect([e.file, e.line]).toEqual([F.partition("store_inventory_txn", D1, "parquet"), 5])
      expect(e.reason).toBe("StoreID 1 ProductID 2: stock 4 → -1 at 2024-03-04 13:00:00 (DAMAGED -5)")
    })
  )

  it.effect("swapped columns: one header-order finding naming the file, data read by name", () =>
    Effect.gen(function* () {
      const swapped = retable("receipts", (cols) => {
        ;[cols[5], cols[6]] = [cols[6]!, cols[5]!]
        return cols
      })
      const report = yield* validate(F.base(), "parquet", { receipts: swapped })
      expect(counts(report)).toEqual({ F: 2 })
      expect(Report.get(report, "F")!.examples).toEqual(
        [D1, D2].map((d) => ({
          table: "receipts",
          file: F.partition("receipts", d, "parquet"),
          line: 0,
          reason: "header order differs from the contract at column 6: expected Subtotal, found Tax"
        }))
      )
    })
  )

  it.effect("a column of the wrong type is one finding naming file and column; the file is skipped", () =>
    Effect.gen(function* () {
      const retyped = retable("receipts", (cols) =>
        cols.map((c) => (c.name === "Total" ? { name: c.name, type: Table.float(2) } : c))
      )
      const fx = F.base()
      const report = yield* validate(fx, (t) => (t === "receipts" ? "parquet" : "csv"), { receipts: retyped })
      const f = Report.get(report, "F")!
      expect(f.violations).toBe(2)
      expect(f.examples[0]).toEqual({
        table: "receipts",
        file: F.partition("receipts", D1, "parquet"),
        line: 0,
        reason: "column Total is DOUBLE, expected DECIMAL(18,2); file skipped"
      })
      // the skipped receipts' lines are orphans (I3) — read, not crashed on
      expect(counts(report).I3).toBe(fx.facts.receipt_lines!.length)
    })
  )

  it.effect("several columns of the wrong type, a timestamp as text and an id as a number", () =>
    Effect.gen(function* () {
      const retyped = retable("marketing", (cols) =>
        cols.map((c) =>
          c.name === "EventTS"
            ? { name: c.name, type: Table.string }
            : c.name === "CampaignId"
              ? { name: c.name, type: Table.int }
              : c
        )
      )
      const fx = F.base()
      fx.facts.marketing = fx.facts.marketing!.map((r) => r.map((v, i) => (i === 3 ? v.slice(4) : v)))
      const report = yield* validate(fx, "parquet", { marketing: retyped })
      expect(counts(report)).toEqual({ F: 2 })
      expect(Report.get(report, "F")!.examples[0]!.reason).toBe(
        "columns EventTS is VARCHAR, expected TIMESTAMP; CampaignId is BIGINT, expected VARCHAR; file skipped"
      )
    })
  )

  it.effect("a missing column and a file that is not Parquet are findings, the rest is checked", () =>
    Effect.gen(function* () {
      const partial = retable("marketing", (cols) => cols.filter((c) => c.name !== "Device"))
      const dir = yield* Effect.promise(() => F.write(F.base(), undefined, "parquet", { marketing: partial }))
      const broken = F.partition("ble_pings", D2, "parquet")
      yield* Effect.promise(() => writeFile(join(dir, broken), "PAR1 not really"))
      const report = yield* Validate.directory(dir)
      const f = Report.get(report, "F")!
      expect(f.examples.map((e) => [e.file, e.line, e.reason])).toEqual([
        [F.partition("marketing", D1, "parquet"), 0, "missing column Device; file skipped"],
        [broken, 0, expect.stringMatching(/^cannot read: /)],
        [F.partition("marketing", D2, "parquet"), 0, "missing column Device; file skipped"]
      ])
      expect(counts(report)).toEqual({ F: 3 })
    })
  )

  it.effect("an extra column of the wrong type is not read, and the rules needing it are skipped", () =>
    Effect.gen(function* () {
      const retyped = retable("stores", (cols) =>
        cols.map((c) => (c.name === "TaxRateBps" ? { name: c.name, type: Table.float(1) } : c))
      )
      const report = yield* validate(F.base(), "parquet", { stores: retyped })
      expect(counts(report)).toEqual({ F: 1 })
      expect(Report.get(report, "F")!.examples[0]!.reason).toBe(
        "column TaxRateBps is DOUBLE, expected BIGINT; column not read"
      )
      expect(Report.get(report, "I3")!.notes.join("\n")).toMatch(/TaxRate/)
    })
  )

  it.effect("a value the contract cannot hold is a finding at its row (a fraction of a second)", () =>
    Effect.gen(function* () {
      const fx = F.base()
      const dir = yield* Effect.promise(() => F.write(fx, undefined, "parquet"))
      // rewrite one partition through DuckDB with a fractional EventTS on row 2
      const rel = F.partition("marketing", D1, "parquet")
      yield* Effect.promise(() => rewrite(join(dir, rel), "EventTS + INTERVAL 500 MILLISECOND", 2, "EventTS"))
      const report = yield* Validate.directory(dir)
      expect(counts(report)).toEqual({ F: 1 })
      expect(Report.get(report, "F")!.examples[0]).toEqual({
        table: "marketing",
        file: rel,
        line: 2,
        reason: "EventTS: 2024-03-04 08:00:01 and .500000 s is not a whole second"
      })
    })
  )

  it.effect(
    "an integer over 15 digits, a non-finite number and an impossible hour are findings at their row",
    () =>
      Effect.gen(function* () {
        const dir = yield* Effect.promise(() => F.write(F.base(), undefined, "parquet"))
        const traffic = F.partition("foot_traffic", D1, "parquet")
        const stores = F.masterFile("stores", "parquet")
        yield* Effect.promise(async () => {
          await rewrite(join(dir, traffic), "CAST(10000000000000000 AS BIGINT)", 3, "Count")
          await rewrite(join(dir, traffic), "'Infinity'::DOUBLE", 1, "Dwell")
          await rewrite(join(dir, stores), "CAST(25 AS BIGINT)", 2, "CloseHour")
        })
        const report = yield* Validate.directory(dir)
        expect(Report.get(report, "F")!.examples.map((e) => [e.file, e.line, e.reason])).toEqual([
          [stores, 2, "CloseHour: 25 is not an hour of the day (0–24)"],
          [traffic, 1, "Dwell: Infinity is not a finite number"],
          [traffic, 3, "Count: 10000000000000000 has more than 15 digits"]
        ])
      })
  )

  it.effect("a partition with both a CSV and a Parquet file: the CSV is read, the other is a finding", () =>
    Effect.gen(function* () {
      const fx = F.base()
      const dir = yield* Effect.promise(() => F.write(fx))
      const parquet = yield* Effect.promise(() => F.write(fx, undefined, "parquet"))
      const rel = F.partition("receipts", D1, "parquet")
      yield* Effect.promise(async () => {
        await copyFile(join(parquet, rel), join(dir, rel))
        await copyFile(
          join(parquet, F.masterFile("stores", "parquet")),
          join(dir, F.masterFile("stores", "parquet"))
        )
        await rm(join(parquet), { recursive: true, force: true })
      })
      const report = yield* Validate.directory(dir)
      expect(counts(report)).toEqual({ F: 2 })
      expect(Report.get(report, "F")!.examples.map((e) => [e.file, e.reason])).toEqual([
        [
          F.masterFile("stores", "parquet"),
          "a second file for the same data: stores.csv is read, this one is not"
        ],
        [rel, "a second file for the same data: receipts_20240304.csv is read, this one is not"]
      ])
    })
  )
})

/** Rewrites column `column` of row `row` (1-based) of a Parquet file to the SQL `expr`. */
const rewrite = async (path: string, expr: string, row: number, column: string): Promise<void> => {
  const db = await DuckDBInstance.create(":memory:")
  const c = await db.connect()
  const tmp = `${path}.tmp.parquet`
  await c.run(
    `COPY (SELECT * EXCLUDE (file_row_number)
       REPLACE (CASE WHEN file_row_number = ${row - 1} THEN ${expr} ELSE "${column}" END AS "${column}")
       FROM read_parquet('${path}', file_row_number = true)) TO '${tmp}' (FORMAT parquet)`
  )
  c.closeSync()
  await rename(tmp, path)
}
