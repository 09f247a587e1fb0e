/**
 * Malformed input is reported under `format`, naming file, line and column — never a crash —
 * and the rest of the dataset is still checked.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Batch, Table } from "@retail-datagen/core"
import { Effect } from "effect"
import { Report, Validate } from "../src/index.js"
import type { CheckId } from "../src/Report.js"
import * as F from "./fixture.js"

const D1 = "2024-03-04"
const D2 = "2024-03-05"

const counts = (report: Report.Report): Partial<Record<CheckId, number>> =>
  Object.fromEntries(report.checks.filter((c) => c.violations > 0).map((c) => [c.id, c.violations]))

/** Writes the base fixture, edits one file, validates. */
const withEdit = (rel: string, f: (text: string) => string) =>
  Effect.gen(function* () {
    const dir = yield* Effect.promise(() => F.write(F.base()))
    yield* Effect.promise(() => F.edit(dir, rel, f))
    return yield* Validate.directory(dir)
  })

const only = (report: Report.Report) => Report.get(report, "F")!.examples

describe("format findings on disk", () => {
  it.effect("an EventTS in another date's partition is an I5 violation at its line", () =>
    Effect.gen(function* () {
      const rel = F.partition("marketing", D1)
      const report = yield* withEdit(rel, (t) => t.replace(`${D1} 08:00:01`, `${D2} 08:00:01`))
      expect(counts(report)).toEqual({ I5: 1 })
      const e = Report.get(report, "I5")!.examples[0]!
      expect([e.file, e.line]).toEqual([rel, 3])
      expect(e.reason).toBe("EventTS 2024-03-05 08:00:01 in the partition of 2024-03-04")
    })
  )

  it.effect("columns swapped consistently: one header-order finding, data read by name", () =>
    Effect.gen(function* () {
      const rel = F.partition("receipts", D1)
      const swap = (line: string): string => {
        const cells = line.split(",")
        ;[cells[5], cells[6]] = [cells[6]!, cells[5]!]
        return cells.join(",")
      }
      const report = yield* withEdit(rel, (t) =>
        t
          .split("\n")
          .map((l) => (l === "" ? l : swap(l)))
          .join("\n")
      )
      expect(counts(report)).toEqual({ F: 1 })
      expect(only(report)[0]).toEqual({
        table: "receipts",
        file: rel,
        line: 1,
        reason: "header order differs from the contract at column 6: expected Subtotal, found Tax"
      })
    })
  )

  it.effect(
    "header names swapped over unswapped data: the header finding, then the receipts no longer reconcile",
    () =>
      Effect.gen(function* () {
        const rel = F.partition("receipts", D1)
        const report = yield* withEdit(rel, (t) => t.replace("Subtotal,Tax", "Tax,Subtotal"))
        expect(counts(report).F).toBe(1)
        expect(only(report)[0]!.line).toBe(1)
        // all three receipts of the day now have Subtotal ≠ Σ ExtPrice
        expect(counts(report).I3).toBe(3)
      })
  )

  const cellCases: ReadonlyArray<readonly [string, string, string, (t: string) => string, number, RegExp]> = [
    [
      "an amount with three decimals",
      "marketing",
      D2,
      (t) => t.replace(",0.25,", ",12.999,"),
      2,
      /^Cost: bad amount .*"12\.999"$/
    ],
    [
      "an amount with one decimal",
      "marketing",
      D2,
      (t) => t.replace(",0.25,", ",0.2,"),
      2,
      /^Cost: bad amount .*"0\.2"$/
    ],
    [
      "a bad integer",
      "foot_traffic",
      D1,
      (t) => t.replace(",300.0,6", ",300.0,six"),
      4,
      /^Count: bad integer "six"$/
    ],
    [
      "a bad number",
      "foot_traffic",
      D1,
      (t) => t.replace(",300.0,6", ",3x0,6"),
      4,
      /^Dwell: bad number "3x0"$/
    ],
    [
      "a bad timestamp",
      "marketing",
      D1,
      (t) => t.replace(`${D1} 08:00:01`, `${D1} 8:00:01`),
      3,
      /^EventTS: bad timestamp .*"2024-03-04 8:00:01"$/
    ],
    [
      "an impossible date",
      "marketing",
      D1,
      (t) => t.replace(`${D1} 08:00:01`, "2024-02-30 08:00:01"),
      3,
      /^EventTS: bad/
    ],
    [
      "an unknown enum value",
      "marketing",
      D1,
      (t) => t.replace("DESKTOP", "WATCH"),
      3,
      /^Device: unknown value "WATCH"$/
    ],
    [
      "an id without its prefix",
      "marketing",
      D1,
      (t) => t.replace("IMP702", "X702"),
      3,
      /^ImpressionId: "X702" does not start with IMP$/
    ],
    [
      "a missing required value",
      "marketing",
      D1,
      (t) => t.replace(",IMP702,", ",,"),
      3,
      /^ImpressionId: missing value$/
    ],
    [
      "too few fields",
      "marketing",
      D1,
      (t) => t.replace(",MOBILE\n", "\n"),
      2,
      /^8 fields, the header has 9$/
    ],
    [
      "too many fields",
      "marketing",
      D1,
      (t) => t.replace(",MOBILE\n", ",MOBILE,x\n"),
      2,
      /^10 fields, the header has 9$/
    ],
    [
      "a stray quote",
      "marketing",
      D1,
      (t) => t.replace(",AD1,", ',A"D1,'),
      2,
      /^malformed CSV: quote inside an unquoted field$/
    ],
    ["a CRLF line end", "marketing", D1, (t) => t.replace(",MOBILE\n", ",MOBILE\r\n"), 2, /CRLF/]
  ]
  for (const [name, table, date, f, line, reason] of cellCases) {
    it.effect(`${name} is a format finding at its file, line and column`, () =>
      Effect.gen(function* () {
        const rel = F.partition(table, date)
        const report = yield* withEdit(rel, f)
        expect(counts(report)).toEqual({ F: 1 })
        const e = only(report)[0]!
        expect([e.table, e.file, e.line]).toEqual([table, rel, line])
        expect(e.reason).toMatch(reason)
      })
    )
  }

  it.effect("a missing column skips the file with one finding; other files are still checked", () =>
    Effect.gen(function* () {
      const rel = F.partition("marketing", D2)
      const report = yield* withEdit(rel, (t) =>
        t
          .split("\n")
          .map((l) => l.split(",").slice(0, 8).join(","))
          .join("\n")
      )
      expect(counts(report)).toEqual({ F: 1 })
      expect(only(report)[0]).toEqual({
        table: "marketing",
        file: rel,
        line: 1,
        reason: "missing column Device; file skipped"
      })
      // day 1's marketing rows were still checked; only the skipped file's one row is missing
      const whole = yield* Validate.directory(yield* Effect.promise(() => F.write(F.base())))
      expect(Report.get(report, "I6")!.rows).toBe(Report.get(whole, "I6")!.rows - 1)
      expect(report.rows).toBe(whole.rows - 1)
    })
  )

  it.effect("an empty file, stray files and a bad partition directory are findings", () =>
    Effect.gen(function* () {
      const dir = yield* Effect.promise(() => F.write(F.base()))
      yield* Effect.promise(async () => {
        await writeFile(join(dir, F.partition("ble_pings", D2)), "")
        await writeFile(join(dir, "facts/receipts/dt=2024-03-04/receipts_20240304.csv.tmp"), "x")
        await mkdir(join(dir, "facts/receipts/dt=2024-13-01"), { recursive: true })
        await mkdir(join(dir, "facts/custom_table"), { recursive: true })
        await writeFile(join(dir, "facts/receipts/dt=2024-03-04/receipts_20240304.parquet"), "PAR1")
      })
      const report = yield* Validate.directory(dir)
      const f = Report.get(report, "F")!
      expect(f.violations).toBe(4)
      expect(f.examples.map((e) => e.file).sort()).toEqual(
        [
          F.partition("ble_pings", D2),
          "facts/receipts/dt=2024-03-04/receipts_20240304.csv.tmp",
          "facts/receipts/dt=2024-03-04/receipts_20240304.parquet",
          "facts/receipts/dt=2024-13-01"
        ].sort()
      )
      expect(f.examples.find((e) => e.file.endsWith(".parquet"))!.reason).toBe(
        "a second file for the same data: receipts_20240304.csv is read, this one is not"
      )
      expect(f.notes.join("\n")).toMatch(/facts\/custom_table ignored/)
      // nothing else is affected: the empty BLE partition simply has no rows
      expect(counts(report)).toEqual({ F: 4 })
    })
  )

  it.effect("an unmerged sharded run: a complete set of part files stands for the partition file", () =>
    Effect.gen(function* () {
      const whole = yield* Validate.directory(yield* Effect.promise(() => F.write(F.base())))
      /** Splits a partition file into `n` part files (header on each, rows dealt in turn). */
      const split = (dir: string, rel: string, n: number, keep = false) =>
        Effect.promise(async () => {
          const [header, ...rows] = (await readFile(join(dir, rel), "utf8")).trimEnd().split("\n")
          for (let k = 1; k <= n; k++) {
            const mine = rows.filter((_, i) => i % n === k - 1)
            const part = rel.replace(/\.csv$/, `.part-${k}-of-${n}.csv`)
            await writeFile(join(dir, part), `${[header, ...mine].join("\n")}\n`)
          }
          if (!keep) await rm(join(dir, rel))
        })
      const rel = F.partition("receipts", D1)
      const dir = yield* Effect.promise(() => F.write(F.base()))
      yield* split(dir, rel, 3)
      const report = yield* Validate.directory(dir)
      expect(counts(report)).toEqual({})
      expect(report.rows).toBe(whole.rows)
      // next to the merged file (merge --keep-parts) the parts are noted, not read twice
      const kept = yield* Effect.promise(() => F.write(F.base()))
      yield* split(kept, rel, 2, true)
      const keptReport = yield* Validate.directory(kept)
      expect(counts(keptReport)).toEqual({})
      expect(keptReport.rows).toBe(whole.rows)
      expect(Report.get(keptReport, "F")!.notes.join("\n")).toMatch(/part file kept next to the merged/)
      // an incomplete set is a finding naming the missing part
      const broken = yield* Effect.promise(() => F.write(F.base()))
      yield* split(broken, rel, 3)
      yield* Effect.promise(() => rm(join(broken, rel.replace(/\.csv$/, ".part-2-of-3.csv"))))
      const brokenReport = yield* Validate.directory(broken)
      expect(only(brokenReport).map((e) => e.reason)).toContain("shard part files: part 2 of 3 is missing")
    })
  )

  it.effect("a quoted field spanning lines keeps later line numbers right", () =>
    Effect.gen(function* () {
      const fx = F.base()
      // customers row 3 has an address with a newline; put a bad GeographyID on a row after it
      F.rows(fx, "customers").push(["4", "Di", "Last", "4 Elm", "9", "", "555-0104", "BLE4", "AD4"])
      const dir = yield* Effect.promise(() => F.write(fx))
      const report = yield* Validate.directory(dir)
      expect(counts(report)).toEqual({ I1: 1 })
      const e = Report.get(report, "I1")!.examples[0]!
      // header 1, rows 2, 3, 4–5 (two lines), 6
      expect([e.file, e.line, e.reason]).toEqual([
        "master/customers.csv",
        6,
        "GeographyID 9 not in geographies_master"
      ])
    })
  )

  it.effect("a directory that does not exist fails with DatasetNotFound", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Validate.directory("/nonexistent/dataset"))
      expect(error._tag).toBe("DatasetNotFound")
      expect(error.path).toBe("/nonexistent/dataset")
    })
  )
})

describe("format findings in memory", () => {
  it("a batch whose columns are out of contract order is one finding, read by name", () => {
    const fx = F.base()
    const def = F.TABLES.receipts!
    const cols = [...def.columns]
    ;[cols[5], cols[6]] = [cols[6]!, cols[5]!]
    const swapped: Table.Table = { name: "receipts", columns: cols }
    const data = F.batches(fx)
    const report = Validate.batches({
      master: data.master,
      facts: { ...data.facts, receipts: [F.batch("receipts", fx.facts.receipts!, swapped)] }
    })
    expect(counts(report)).toEqual({ F: 1 })
    expect(only(report)[0]).toEqual({
      table: "receipts",
      file: "receipts[0]",
      line: 0,
      reason: "header order differs from the contract at column 6: expected Subtotal, found Tax"
    })
  })

  it("a batch missing a contract column is skipped with one finding", () => {
    const fx = F.base()
    const def = F.TABLES.marketing!
    const partial: Table.Table = {
      name: "marketing",
      columns: def.columns.filter((c) => c.name !== "Device")
    }
    const data = F.batches(fx)
    const report = Validate.batches({
      master: data.master,
      facts: { ...data.facts, marketing: [F.batch("marketing", fx.facts.marketing!, partial)] }
    })
    expect(counts(report)).toEqual({ F: 1 })
    expect(only(report)[0]!.reason).toBe("missing column Device; batch skipped")
  })

  it("ids written with a zero-padded width and money in a float column are read through their text", () => {
    const fx = F.base()
    const def = F.TABLES.marketing!
    const other: Table.Table = {
      name: "marketing",
      columns: def.columns.map((c) =>
        c.name === "ImpressionId"
          ? { name: c.name, type: Table.id("IMP", 8) }
          : c.name === "Cost"
            ? { name: c.name, type: Table.float(2) }
            : c
      )
    }
    const b = Batch.builder(other)
    const src = F.batch("marketing", fx.facts.marketing!)
    for (let r = 0; r < src.length; r++) {
      other.columns.forEach((c, i) => {
        const v = src.columns[i]! as ArrayLike<number | string>
        const x = c.name === "Cost" ? (v[r] as number) / 100 : v[r]
        if (Table.isNumeric(c.type.kind)) b.num(c.name).push(x as number)
        else if (c.type.kind === "string") b.str(c.name).push(x as string)
        else b.code(c.name).push(x as number)
      })
    }
    const data = F.batches(fx)
    // duplicate impression id through the padded form, to show keys still compare
    const report = Validate.batches({
      master: data.master,
      facts: { ...data.facts, marketing: [b.finish(), b.finish()] }
    })
    expect(counts(report)).toEqual({ I2: 3 })
    expect(Report.get(report, "I2")!.examples[0]!.reason).toBe("duplicate ImpressionId IMP00000701")
  })
})
