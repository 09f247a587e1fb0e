import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Batch, Table } from "@retail-datagen/core"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Effect, Exit, FastCheck as fc } from "effect"
import { Csv, Ndjson, Parquet, Partition, Read } from "../src/index.js"
import * as Arb from "./support/Arbitraries.js"

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sinks-read-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
let n = 0
const fresh = (ext: string): string => path.join(dir, `f${n++}.${ext}`)

/** Concatenated so a test can compare the read batch with what was written. */
const all = (table: Table.Table, batches: ReadonlyArray<Batch.Batch>) => Batch.concat(table, batches)
const values = (b: Batch.Batch, i: number): Array<unknown> =>
  Array.from(b.columns[i] as ArrayLike<unknown>).slice(0, b.length)

const T = Table.make("t", {
  ID: Table.id("TRC", 6),
  EventTS: Table.timestamp,
  Day: Table.date,
  N: Table.int,
  Price: Table.cents,
  Ratio: Table.float(2),
  Ok: Table.bool,
  Tender: Table.enumOf(["CASH", "a,b", 'say "hi"']),
  Note: Table.string
})

const sample = Batch.fromRows(T, [
  {
    ID: 42,
    EventTS: 1_709_280_000,
    Day: 19_783,
    N: -12,
    Price: -5,
    Ratio: 1.5,
    Ok: true,
    Tender: "a,b",
    Note: 'x, "y"\nz'
  },
  {
    ID: null,
    EventTS: null,
    Day: null,
    N: null,
    Price: null,
    Ratio: null,
    Ok: null,
    Tender: null,
    Note: null
  },
  {
    ID: 0,
    EventTS: 0,
    Day: -1,
    N: 2 ** 53 - 1,
    Price: 0,
    Ratio: -0.001,
    Ok: false,
    Tender: 'say "hi"',
    Note: "é😀"
  }
])

describe("Read.file (CSV)", () => {
  it.live.prop(
    "write → read → write gives identical bytes, and the read batch holds the written values",
    [Arb.tableWithBatches(true, 3, 30)],
    ([{ table, batches }]) =>
      Effect.gen(function* () {
        const file = fresh("csv")
        const w = yield* Partition.writeFile(file, table, batches, "csv")
        const read = yield* Read.file(file, table, "csv")
        expect(read.length).toBe(w.rows)
        expect(Csv.encode(table, [read]).equals(fs.readFileSync(file))).toBe(true)
        // the read batch holds the written cells, as the file shows them (an expect is built only
        // for a cell that differs: this checks every cell of 150 random tables)
        const written = all(table, batches)
        for (let r = 0; r < read.length; r++)
          table.columns.forEach((_, c) => {
            const got = Batch.text(read, r, c)
            const want = Batch.text(written, r, c)
            if (got !== want) expect(got, `row ${r}, column ${c}`).toBe(want)
          })
      }),
    { fastCheck: { numRuns: 150 } }
  )

  it.live.prop(
    "values outside the strict set (fractional and huge ints, infinities, -0.00 floats) round-trip too",
    [
      fc.array(
        fc.tuple(
          fc.oneof(fc.double(), fc.constant(-0), fc.constant(1e21)),
          fc.oneof(fc.double(), fc.constantFrom(-0.001, -0, 0.005, 1e21, -1e-9))
        ),
        { maxLength: 30 }
      ),
      fc.integer({ min: 0, max: 6 })
    ],
    ([pairs, d]) =>
      Effect.gen(function* () {
        const U = Table.make("u", { I: Table.int, F: Table.float(d) })
        const b = Batch.builder(U)
        for (const [i, f] of pairs) {
          b.num("I").push(i)
          b.num("F").push(f)
        }
        const bytes = Csv.encode(U, [b.finish()])
        const file = fresh("csv")
        fs.writeFileSync(file, bytes)
        const read = yield* Read.file(file, U, "csv")
        expect(Csv.encode(U, [read]).toString()).toBe(bytes.toString())
      })
  )

  it.effect("reads every kind, quoted values and nulls back", () =>
    Effect.gen(function* () {
      const file = fresh("csv")
      yield* Partition.writeFile(file, T, [sample], "csv")
      const read = yield* Read.file(file, T, "csv")
      expect(Batch.rows(read)).toStrictEqual(Batch.rows(sample))
      expect(read.columns[0]).toBeInstanceOf(Float64Array)
      expect(read.columns[6]).toBeInstanceOf(Uint16Array)
      expect(Array.isArray(read.columns[8])).toBe(true)
    })
  )

  it.effect("an empty file (header only) is an empty batch", () =>
    Effect.gen(function* () {
      const file = fresh("csv")
      yield* Partition.writeFile(file, T, [], "csv")
      const read = yield* Read.file(file, T, "csv")
      expect(read.length).toBe(0)
      expect(read.columns.length).toBe(T.columns.length)
    })
  )

  const failure = (text: string) =>
    Effect.gen(function* () {
      const file = fresh("csv")
      fs.writeFileSync(file, text)
      const exit = yield* Effect.exit(Read.file(file, T, "csv"))
      if (Exit.isSuccess(exit)) throw new Error("expected a failure")
      const e = exit.cause._tag === "Fail" ? exit.cause.error : undefined
      expect(e?._tag).toBe("SinkError")
      expect(e?.path).toBe(file)
      return e!.message
    })

  it.effect("malformed input fails naming the file, line and column", () =>
    Effect.gen(function* () {
      const header = Csv.header(T)
      const good = Csv.encode(T, [sample], { header: false }).toString()
      expect(yield* failure("ID,When\n")).toMatch(/line 1: the header is "ID,When"/)
      // the first row holds a quoted LF (lines 2–3): the bad row is on line 6
      expect(yield* failure(`${header}${good}TRC1,2024-13-01 00:00:00,,,,,,,\n`)).toMatch(
        /line 6, column EventTS: "2024-13-01" is not a real date/
      )
      expect(yield* failure(`${header}TRC000001,,,,1.5,,,,\n`)).toMatch(/line 2, column Price: "1.5"/)
      expect(yield* failure(`${header}RCP000001,,,,,,,,\n`)).toMatch(/line 2, column ID: .*not an id "TRC"/)
      expect(yield* failure(`${header}TRC000001,,,,,,maybe,,\n`)).toMatch(/line 2, column Ok/)
      expect(yield* failure(`${header}TRC000001,,,,,,,CARD,\n`)).toMatch(/line 2, column Tender: "CARD"/)
      expect(yield* failure(`${header}TRC000001,,,\n`)).toMatch(
        /line 2, column N: the line has 4 values, expected 9/
      )
      expect(yield* failure(`${header}TRC000001,,,,,,,,`)).toMatch(
        /line 2, column Note: the last line has no LF/
      )
      expect(yield* failure(`${header}TRC000001,,,,,,,,"abc\n`)).toMatch(/not closed/)
    })
  )

  it.effect("a missing file is a SinkError naming it", () =>
    Effect.gen(function* () {
      const file = path.join(dir, "missing.csv")
      const e = yield* Effect.flip(Read.file(file, T, "csv"))
      expect(e.code).toBe("ENOENT")
      expect(e.path).toBe(file)
      const p = yield* Effect.flip(Read.file(path.join(dir, "missing.parquet"), T, "parquet"))
      expect(p.code).toBe("ENOENT")
      const nd = yield* Effect.flip(Read.file(path.join(dir, "missing.ndjson"), T, "ndjson"))
      expect(nd.code).toBe("ENOENT")
    })
  )
})

describe("Read.file (Parquet)", () => {
  it.live.prop(
    "write → read → write gives identical bytes, and the read batch holds the written values",
    // (enum values with a NUL byte break the Parquet writer's SQL literal: a writer limitation)
    [
      Arb.tableWithBatches(true, 2, 30).filter(
        ({ table }) =>
          !table.columns.some(
            (c) => c.type.kind === "enum" && c.type.values.some((v) => v.includes("\u0000"))
          )
      )
    ],
    ([{ table, batches }]) =>
      Effect.gen(function* () {
        const file = fresh("parquet")
        yield* Partition.writeFile(file, table, batches, "parquet")
        const read = yield* Read.file(file, table, "parquet")
        const again = fresh("parquet")
        yield* Parquet.write(again, table, [read])
        expect(fs.readFileSync(again).equals(fs.readFileSync(file))).toBe(true)
        const written = all(table, batches)
        expect(read.length).toBe(written.length)
        table.columns.forEach((_, i) => {
          expect(values(read, i)).toStrictEqual(values(written, i))
        })
      }),
    { fastCheck: { numRuns: 30 } }
  )

  it.effect("reads every kind and nulls back; another schema fails naming the file", () =>
    Effect.gen(function* () {
      const file = fresh("parquet")
      yield* Partition.writeFile(file, T, [sample], "parquet")
      const read = yield* Read.file(file, T, "parquet")
      expect(Batch.rows(read)).toStrictEqual(Batch.rows(sample))
      const other = Table.make("t", { ID: Table.id("TRC", 6), EventTS: Table.date })
      const e = yield* Effect.flip(Read.file(file, other, "parquet"))
      expect(e.path).toBe(file)
      expect(e.message).toMatch(/the schema is \(ID VARCHAR, EventTS TIMESTAMP/)
      const wrongPrefix = Table.make("t", {
        ...Object.fromEntries(T.columns.map((c) => [c.name, c.type])),
        ID: Table.id("RCP", 6)
      })
      const bad = yield* Effect.flip(Read.file(file, wrongPrefix, "parquet"))
      expect(bad.message).toMatch(/row 1, column ID: .*not an id "RCP"/)
    })
  )
})

describe("Read.file (NDJSON)", () => {
  it.live.prop(
    "write → read → write gives identical bytes (any strings: escapes, lone surrogates)",
    [Arb.tableWithBatches(false, 3, 30)],
    ([{ table, batches }]) =>
      Effect.gen(function* () {
        const file = fresh("ndjson")
        yield* Partition.writeFile(file, table, batches, "ndjson")
        const read = yield* Read.file(file, table, "ndjson")
        expect(Ndjson.encode(table, [read]).equals(fs.readFileSync(file))).toBe(true)
      }),
    { fastCheck: { numRuns: 150 } }
  )

  it.effect("reads every kind back; malformed lines name the line and column", () =>
    Effect.gen(function* () {
      const file = fresh("ndjson")
      yield* Partition.writeFile(file, T, [sample], "ndjson")
      expect(Batch.rows(yield* Read.file(file, T, "ndjson"))).toStrictEqual(Batch.rows(sample))
      const lines = fs.readFileSync(file, "utf8").split("\n")
      fs.writeFileSync(file, `${lines[0]}\n${lines[1]!.replace('"Price":null', '"Price":1.5')}\n`)
      const e = yield* Effect.flip(Read.file(file, T, "ndjson"))
      expect(e.message).toMatch(/line 2, column Price: "1.5"/)
      fs.writeFileSync(file, `${lines[0]!.replace(',"Day":', ',"Dag":')}\n`)
      expect((yield* Effect.flip(Read.file(file, T, "ndjson"))).message).toMatch(
        /line 1, column Day: expected the key "Day"/
      )
    })
  )
})
