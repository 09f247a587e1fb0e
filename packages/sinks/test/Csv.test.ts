import { Batch, Calendar, Table, Timestamp } from "@retail-datagen/core"
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Csv } from "../src/index.js"
import * as Arb from "./support/Arbitraries.js"
import * as Reference from "./support/Reference.js"

/** Encodes with a given chunk size, copying every chunk (they are views of a reused buffer). */
const chunked = (table: Table.Table, batches: ReadonlyArray<Batch.Batch>, chunkSize: number): Buffer => {
  const enc = Csv.encoder(table, { chunkSize })
  const parts: Array<Buffer> = []
  for (const b of batches) for (const chunk of enc.write(b)) parts.push(Buffer.from(chunk))
  parts.push(Buffer.from(enc.end()))
  return Buffer.concat(parts)
}

const one = (table: Table.Table, fill: (b: Batch.Builder) => void): Batch.Batch => {
  const b = Batch.builder(table)
  fill(b)
  return b.finish()
}

describe("Csv", () => {
  it.prop(
    "is byte-identical to the reference encoder on random tables and values",
    [Arb.tableWithBatches(false)],
    ([{ table, batches }]) => {
      expect(Csv.encode(table, batches).equals(Reference.csv(table, batches))).toBe(true)
    },
    { fastCheck: { numRuns: 300 } }
  )

  it.prop(
    "gives the same bytes whatever the chunk size, with rows split across chunks",
    [Arb.tableWithBatches(false, 3, 60), fc.integer({ min: 256, max: 2048 })],
    ([{ table, batches }, size]) => {
      expect(chunked(table, batches, size).equals(Reference.csv(table, batches))).toBe(true)
    },
    { fastCheck: { numRuns: 100 } }
  )

  it("hands out chunks of at most the chunk size, except one holding a huge row", () => {
    const T = Table.make("t", { S: Table.string })
    const big = "x".repeat(5000)
    const batch = one(T, (b) => {
      for (let i = 0; i < 3000; i++) b.str("S").push(i === 100 ? big : `row${i}`)
    })
    const enc = Csv.encoder(T, { chunkSize: 512 })
    const parts: Array<Buffer> = []
    for (const chunk of enc.write(batch)) parts.push(Buffer.from(chunk))
    parts.push(Buffer.from(enc.end()))
    const oversized = parts.filter((p) => p.length > 512)
    expect(oversized.length).toBe(1)
    expect(oversized[0]!.subarray(0, 5001).toString()).toBe(`${big}\n`)
    const at = parts.indexOf(oversized[0]!)
    expect(at).toBeLessThan(parts.length - 2)
    // Only the chunk cut short by the huge row and the final rest may be far from full.
    expect(parts.filter((p, i) => i !== at - 1 && i < parts.length - 1 && p.length < 400)).toEqual([])
    expect(Buffer.concat(parts).equals(Reference.csv(T, [batch]))).toBe(true)
  })

  it("writes the header row of the column names, then LF-terminated rows", () => {
    const T = Table.make("t", { A: Table.int, "B,C": Table.int, 'say "x"': Table.int })
    expect(Csv.header(T)).toBe('A,"B,C","say ""x"""\n')
    const batch = one(T, (b) => {
      b.num("A").push(1)
      b.num("B,C").push(2)
      b.num('say "x"').push(3)
    })
    expect(Csv.encode(T, [batch]).toString()).toBe('A,"B,C","say ""x"""\n1,2,3\n')
    expect(Csv.encode(T, [batch], { header: false }).toString()).toBe("1,2,3\n")
    expect(Csv.encode(T, []).toString()).toBe('A,"B,C","say ""x"""\n')
  })

  it("quotes per RFC 4180 only fields holding a comma, quote, CR or LF", () => {
    const T = Table.make("t", {
      S: Table.string,
      E: Table.enumOf(["plain", "a,b", 'q"q']),
      I: Table.id("X,", 3)
    })
    const cases: Array<[string, string]> = [
      ["abc", "abc"],
      ["a,b", '"a,b"'],
      ['say "hi"', '"say ""hi"""'],
      ['"', '""""'],
      ["line\nbreak", '"line\nbreak"'],
      ["cr\rhere", '"cr\rhere"'],
      ["crlf\r\n", '"crlf\r\n"'],
      ["café ünï 😀", "café ünï 😀"],
      ["tab\tand 'single'", "tab\tand 'single'"],
      [" padded ", " padded "]
    ]
    const batch = one(T, (b) => {
      cases.forEach(([s], i) => {
        b.str("S").push(s)
        b.code("E").push(i % 3)
        b.num("I").push(i)
      })
    })
    const enums = ["plain", '"a,b"', '"q""q"']
    const expected = `S,E,I\n${cases.map(([, q], i) => `${q},${enums[i % 3]},"X,00${i}"\n`).join("")}`
    const out = Csv.encode(T, [batch])
    expect(out.toString("utf8")).toBe(expected)
    expect(out.equals(Buffer.from(expected, "utf8"))).toBe(true)
  })

  it("writes each kind in its contract form, nulls as empty cells", () => {
    const T = Table.make("t", {
      I: Table.int,
      C: Table.cents,
      F: Table.float(2),
      TS: Table.timestamp,
      D: Table.date,
      B: Table.bool,
      ID: Table.id("RCP", 6),
      E: Table.enumOf(["CASH", "CARD"]),
      S: Table.string
    })
    const day = Calendar.parse("2024-02-29")
    const batch = one(T, (b) => {
      b.num("I").push(-42)
      b.num("C").push(-5)
      b.num("F").push(2.5)
      b.num("TS").push(Timestamp.make(day, 23 * 3600 + 59 * 60 + 7))
      b.num("D").push(day)
      b.code("B").push(1)
      b.num("ID").push(1234)
      b.code("E").push(1)
      b.str("S").push("x")
      b.num("I").push(Number.NaN)
      b.num("C").push(Number.NaN)
      b.num("F").push(Number.NaN)
      b.num("TS").push(Number.NaN)
      b.num("D").push(Number.NaN)
      b.code("B").push(Table.NULL_CODE)
      b.num("ID").push(Number.NaN)
      b.code("E").push(Table.NULL_CODE)
      b.str("S").push("")
    })
    expect(Csv.encode(T, [batch]).toString()).toBe(
      "I,C,F,TS,D,B,ID,E,S\n-42,-0.05,2.50,2024-02-29 23:59:07,2024-02-29,true,RCP001234,CARD,x\n,,,,,,,,\n"
    )
  })

  /** Values near the rounding halves of `d` decimals, where a naive `Math.round(x * 10^d)` errs. */
  const nearHalf = (d: number) =>
    fc.tuple(fc.integer({ min: -2_000_000, max: 2_000_000 }), fc.constantFrom(-1, 0, 1)).map(([n, ulps]) => {
      const x = new Float64Array([(n + 0.5) / 10 ** d])
      new BigInt64Array(x.buffer)[0]! += BigInt(ulps)
      return x[0]!
    })

  it.prop(
    "formats floats exactly as toFixed",
    [
      fc
        .integer({ min: 0, max: 20 })
        .chain((d) =>
          fc.tuple(
            fc.constant(d),
            fc.oneof(fc.double(), fc.double({ min: -1e6, max: 1e6 }), nearHalf(Math.min(d, 15)))
          )
        )
    ],
    ([[d, x]]) => {
      const T = Table.make("t", { F: Table.float(d) })
      const batch = one(T, (b) => b.num("F").push(x))
      const expected = Number.isNaN(x) ? "" : x.toFixed(d)
      expect(Csv.encode(T, [batch], { header: false }).toString()).toBe(`${expected}\n`)
    },
    { fastCheck: { numRuns: 3000 } }
  )

  it("formats the classic toFixed traps like toFixed", () => {
    const T = Table.make("t", { F: Table.float(1), G: Table.float(2) })
    const xs = [0.15, 0.35, 2.55, 1.005, 1.255, -0.05, -0.001, -0, 0.5, 1.5, 2.5, 1e21, -1e21, 123456789.125]
    const batch = one(T, (b) => {
      for (const x of xs) {
        b.num("F").push(x)
        b.num("G").push(x)
      }
    })
    const expected = xs.map((x) => `${x.toFixed(1)},${x.toFixed(2)}\n`).join("")
    expect(Csv.encode(T, [batch], { header: false }).toString()).toBe(expected)
  })

  it("rejects values outside a column's domain, naming table, column and row", () => {
    const bad: Array<[Table.ColumnType, number, RegExp]> = [
      [Table.cents, 1.5, /t\.X row 1: 1\.5 is not an integer number of cents/],
      [Table.timestamp, 10.5, /t\.X row 1: 10\.5 is not a timestamp/],
      [Table.date, 1e12, /t\.X row 1: 1000000000000 is not an integer epoch day/],
      [Table.id("R"), -1, /t\.X row 1: -1 is not a non-negative integer id/],
      [Table.enumOf(["A"]), 1, /t\.X row 1: 1 is not a code of 1 enum values/],
      [Table.bool, 2, /t\.X row 1: 2 is not a bool code/]
    ]
    for (const [type, value, message] of bad) {
      const T = Table.make("t", { X: type })
      const numeric = Table.isNumeric(type.kind)
      const batch: Batch.Batch = {
        table: T,
        length: 2,
        columns: [numeric ? Float64Array.from([0, value]) : Uint16Array.from([0, value])]
      }
      expect(() => Csv.encode(T, [batch])).toThrow(message)
    }
  })

  it("writes an empty line per row of a table without columns", () => {
    const T = Table.make("none", {})
    const batch: Batch.Batch = { table: T, length: 3000, columns: [] }
    expect(chunked(T, [batch], 256).toString()).toBe("\n".repeat(3001))
  })

  it("rejects a batch of another table or with mistyped columns", () => {
    const T = Table.make("t", { A: Table.int })
    const U = Table.make("u", { A: Table.int })
    expect(() => Csv.encode(T, [Batch.empty(U)])).toThrow(/batch of u cannot be written as t/)
    const wrong: Batch.Batch = { table: T, length: 1, columns: [["1"]] }
    expect(() => Csv.encode(T, [wrong])).toThrow(/t\.A \(int\) must be a Float64Array/)
  })
})
