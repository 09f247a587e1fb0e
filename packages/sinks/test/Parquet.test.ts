import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api"
import { Batch, Money, Table } from "@retail-datagen/core"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { Parquet, Partition } from "../src/index.js"
import * as Arb from "./support/Arbitraries.js"

let dir: string
let db: DuckDBInstance
let con: DuckDBConnection

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sinks-parquet-"))
  db = await DuckDBInstance.create(":memory:")
  con = await db.connect()
})

afterAll(() => {
  con.closeSync()
  db.closeSync()
  fs.rmSync(dir, { recursive: true, force: true })
})

const sql = (s: string): string => `'${s.replace(/'/g, "''")}'`
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`

/** Each column read back as text (DOUBLE as a number), so it compares with the batch's values. */
const readBack = (type: Table.ColumnType, name: string): string => {
  const x = ident(name)
  switch (type.kind) {
    case "timestamp":
      return `CAST(epoch_us(${x}) AS VARCHAR)`
    case "date":
      return `CAST(${x} - DATE '1970-01-01' AS VARCHAR)`
    case "float":
      return x
    default:
      return `CAST(${x} AS VARCHAR)`
  }
}

/** The value the file must hold for a cell, in the form `readBack` produces. */
const expected = (b: Batch.Batch, r: number, c: number): unknown => {
  const type = b.table.columns[c]!.type
  const v = Batch.cell(b, r, c)
  if (v === null) return null
  switch (type.kind) {
    case "int":
      return `${v}`
    case "cents":
      return Money.format(v as number)
    case "timestamp":
      return `${BigInt(v as number) * 1_000_000n}`
    case "date":
      return `${v}`
    case "float":
      return v
    case "bool":
      return v ? "true" : "false"
    default:
      return Batch.text(b, r, c)
  }
}

const TYPES: Record<Table.Kind, string> = {
  int: "BIGINT",
  cents: "DECIMAL(18,2)",
  float: "DOUBLE",
  timestamp: "TIMESTAMP",
  date: "DATE",
  bool: "BOOLEAN",
  id: "VARCHAR",
  enum: "VARCHAR",
  string: "VARCHAR"
}

let files = 0

describe("Parquet", () => {
  it("maps every column kind to its documented type", () => {
    for (const [kind, type] of Object.entries(TYPES)) {
      const t: Table.ColumnType =
        kind === "float"
          ? Table.float(2)
          : kind === "id"
            ? Table.id("X")
            : kind === "enum"
              ? Table.enumOf(["A"])
              : ({ kind } as Table.ColumnType)
      expect(Parquet.columnType(t)).toBe(type)
    }
  })

  it.live.prop(
    "round-trips random batches: column names, types and every value read back by DuckDB",
    [Arb.tableWithBatches(true, 3, 60)],
    ([{ table, batches }]) =>
      Effect.gen(function* () {
        const file = path.join(dir, `rt-${files++}.parquet`)
        const written = yield* Partition.writeFile(file, table, batches, "parquet")
        const all = Batch.concat(table, batches)
        expect(written.rows).toBe(all.length)

        const described = yield* Effect.promise(() =>
          con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sql(file)})`)
        )
        expect(described.getRowObjectsJS().map((r) => [r.column_name, r.column_type])).toEqual(
          table.columns.map((c) => [c.name, TYPES[c.type.kind]])
        )

        const select = table.columns.map((c) => readBack(c.type, c.name)).join(", ")
        const read = yield* Effect.promise(() =>
          con.runAndReadAll(`SELECT ${select} FROM read_parquet(${sql(file)})`)
        )
        const rows = read.getRowsJS()
        expect(rows.length).toBe(all.length)
        rows.forEach((row, r) => {
          table.columns.forEach((_, c) => {
            expect(row[c]).toStrictEqual(expected(all, r, c))
          })
        })
      }),
    { fastCheck: { numRuns: 40 } }
  )

  it("writes large batches across many DuckDB chunks in order", async () => {
    const T = Table.make("big", {
      N: Table.int,
      C: Table.cents,
      E: Table.enumOf(["A", "B", "C"]),
      S: Table.string
    })
    const b = Batch.builder(T, 10_000)
    for (let i = 0; i < 10_000; i++) {
      b.num("N").push(i)
      b.num("C").push(i % 7 === 0 ? Number.NaN : i * 3 - 5000)
      b.code("E").push(i % 11 === 0 ? Table.NULL_CODE : i % 3)
      b.str("S").push(i % 5 === 0 ? "" : `s${i}`)
    }
    const batch = b.finish()
    const file = path.join(dir, "big.parquet")
    expect(await Effect.runPromise(Parquet.write(file, T, [batch, batch]))).toBe(20_000)
    const r = await con.runAndReadAll(
      `SELECT count(*), count(C), count(E), count(S), sum(N), bool_and(N = file_row_number % 10000)
       FROM read_parquet(${sql(file)}, file_row_number = true)`
    )
    const expectedC = 2 * Array.from({ length: 10_000 }, (_, i) => i).filter((i) => i % 7 !== 0).length
    const expectedE = 2 * Array.from({ length: 10_000 }, (_, i) => i).filter((i) => i % 11 !== 0).length
    expect(r.getRowsJS()[0]).toEqual([
      20_000n,
      BigInt(expectedC),
      BigInt(expectedE),
      16_000n,
      99_990_000n,
      true
    ])
  })

  it("fails with a SinkError naming the column and row of a value it cannot represent", async () => {
    const T = Table.make("t", { N: Table.int })
    const batch: Batch.Batch = { table: T, length: 3, columns: [Float64Array.from([1, 2, 2.5])] }
    const file = path.join(dir, "bad.parquet")
    const exit = await Effect.runPromiseExit(Parquet.write(file, T, [batch]))
    expect(Exit.isFailure(exit)).toBe(true)
    if (Exit.isFailure(exit)) {
      expect(String(exit.cause)).toMatch(/t\.N row 2: 2\.5 is not a safe integer/)
    }
    expect(fs.existsSync(file)).toBe(false)
  })

  it("writes an empty file with the table's schema", async () => {
    const T = Table.make("e", { A: Table.int, B: Table.timestamp })
    const file = path.join(dir, "empty.parquet")
    expect(await Effect.runPromise(Parquet.write(file, T, [Batch.empty(T)]))).toBe(0)
    const r = await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sql(file)})`)
    expect(r.getRowObjectsJS().map((x) => [x.column_name, x.column_type])).toEqual([
      ["A", "BIGINT"],
      ["B", "TIMESTAMP"]
    ])
  })
})
