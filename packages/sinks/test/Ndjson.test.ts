import { Batch, Calendar, Money, Table, Timestamp } from "@retail-datagen/core"
import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Ndjson } from "../src/index.js"
import * as Arb from "./support/Arbitraries.js"
import * as Reference from "./support/Reference.js"

/** The value a reader should get back for a cell, by the documented mapping. */
const expectedValue = (b: Batch.Batch, r: number, c: number): unknown => {
  const type = b.table.columns[c]!.type
  const v = Batch.cell(b, r, c)
  if (v === null) return null
  switch (type.kind) {
    case "int":
      // As JSON.stringify: -0 is written 0.
      return Number.isFinite(v) ? (v as number) + 0 : null
    case "float":
      return Number.isFinite(v) ? Number((v as number).toFixed(type.decimals)) : null
    case "cents":
      return (v as number) / 100 + 0
    case "timestamp":
      return Timestamp.format(v as number)
    case "date":
      return Calendar.format(v as number)
    case "id":
      return Batch.text(b, r, c)
    default:
      return v
  }
}

describe("Ndjson", () => {
  it.prop(
    "is byte-identical to the reference encoder on random tables and values",
    [Arb.tableWithBatches(false), fc.integer({ min: 256, max: 4096 })],
    ([{ table, batches }, chunkSize]) => {
      const enc = Ndjson.encoder(table, { chunkSize })
      const parts: Array<Buffer> = []
      for (const b of batches) for (const chunk of enc.write(b)) parts.push(Buffer.from(chunk))
      parts.push(Buffer.from(enc.end()))
      expect(Buffer.concat(parts).equals(Reference.ndjson(table, batches))).toBe(true)
    },
    { fastCheck: { numRuns: 200 } }
  )

  it.prop(
    "parses back, line by line, to the typed values with the column names as keys in order",
    [Arb.tableWithBatches(false)],
    ([{ table, batches }]) => {
      const lines = Ndjson.encode(table, batches).toString("utf8").split("\n")
      expect(lines.pop()).toBe("")
      const all = Batch.concat(table, batches)
      expect(lines.length).toBe(all.length)
      lines.forEach((line, r) => {
        const parsed = JSON.parse(line) as Record<string, unknown>
        expect(Object.keys(parsed)).toEqual(table.columns.map((c) => c.name))
        table.columns.forEach((col, c) => {
          const want = expectedValue(all, r, c)
          // JSON.parse of a lone surrogate escape gives back the same UTF-16 unit.
          expect(parsed[col.name]).toStrictEqual(want)
        })
      })
    },
    { fastCheck: { numRuns: 200 } }
  )

  it("writes each kind as documented", () => {
    const T = Table.make("t", {
      I: Table.int,
      C: Table.cents,
      F: Table.float(2),
      TS: Table.timestamp,
      D: Table.date,
      B: Table.bool,
      ID: Table.id("RCP", 6),
      E: Table.enumOf(["CASH", 'say "x"']),
      S: Table.string
    })
    const day = Calendar.parse("2024-02-29")
    const b = Batch.builder(T)
    const row = (
      i: number,
      c: number,
      f: number,
      ts: number,
      d: number,
      bo: number,
      id: number,
      e: number,
      s: string
    ) => {
      b.num("I").push(i)
      b.num("C").push(c)
      b.num("F").push(f)
      b.num("TS").push(ts)
      b.num("D").push(d)
      b.code("B").push(bo)
      b.num("ID").push(id)
      b.code("E").push(e)
      b.str("S").push(s)
    }
    row(-42, Money.parse("12.99"), 2.5, Timestamp.make(day, 3661), day, 0, 7, 1, 'a\n"b"\\')
    row(
      Number.NaN,
      300,
      Number.POSITIVE_INFINITY,
      Number.NaN,
      Number.NaN,
      Table.NULL_CODE,
      Number.NaN,
      Table.NULL_CODE,
      ""
    )
    const text = Ndjson.encode(T, [b.finish()]).toString()
    expect(text).toBe(
      '{"I":-42,"C":12.99,"F":2.50,"TS":"2024-02-29 01:01:01","D":"2024-02-29","B":false,"ID":"RCP000007","E":"say \\"x\\"","S":"a\\n\\"b\\"\\\\"}\n' +
        '{"I":null,"C":3.00,"F":null,"TS":null,"D":null,"B":null,"ID":null,"E":null,"S":null}\n'
    )
  })

  it("writes an empty object per row of a table without columns", () => {
    const T = Table.make("none", {})
    const batch: Batch.Batch = { table: T, length: 1000, columns: [] }
    const enc = Ndjson.encoder(T, { chunkSize: 256 })
    const parts: Array<Buffer> = []
    for (const chunk of enc.write(batch)) parts.push(Buffer.from(chunk))
    parts.push(Buffer.from(enc.end()))
    expect(Buffer.concat(parts).toString()).toBe("{}\n".repeat(1000))
  })
})
