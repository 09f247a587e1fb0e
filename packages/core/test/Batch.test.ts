import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Batch, Calendar, Table, Timestamp } from "../src/index.js"

const TENDERS = ["CREDIT_CARD", "DEBIT_CARD", "CASH", "MOBILE_PAY"] as const
const T = Table.make("t", {
  Trace: Table.id("TRC", 6),
  At: Table.timestamp,
  Store: Table.int,
  Total: Table.cents,
  Ratio: Table.float(2),
  Day: Table.date,
  Paid: Table.bool,
  Tender: Table.enumOf(TENDERS),
  Note: Table.string
})

const DAY = Calendar.parse("2024-11-29")

/** Appends one full row through the typed appenders. */
const appendRow = (
  b: Batch.Builder,
  r: {
    trace: number
    at: number
    store: number
    total: number
    ratio: number
    day: number
    paid: number
    tender: number
    note: string
  }
): void => {
  b.num("Trace").push(r.trace)
  b.num("At").push(r.at)
  b.num("Store").push(r.store)
  b.num("Total").push(r.total)
  b.num("Ratio").push(r.ratio)
  b.num("Day").push(r.day)
  b.code("Paid").push(r.paid)
  b.code("Tender").push(r.tender)
  b.str("Note").push(r.note)
}

describe("Batch builders", () => {
  it("grow far beyond their initial capacity (including 0 and 1) without losing values", () => {
    for (const capacity of [0, 1, 3, 1024]) {
      const b = Batch.builder(T, capacity)
      for (let i = 0; i < 5000; i++) {
        appendRow(b, {
          trace: i,
          at: DAY * 86400 + i,
          store: i % 7,
          total: i * 3,
          ratio: i / 4,
          day: DAY,
          paid: i & 1,
          tender: i % 4,
          note: `n${i}`
        })
      }
      const batch = b.finish()
      expect(batch.length).toBe(5000)
      const stores = batch.columns[2] as Float64Array
      const tender = batch.columns[7] as Uint16Array
      const notes = batch.columns[8] as ReadonlyArray<string>
      let bad = 0
      for (let i = 0; i < 5000; i++) {
        if (stores[i] !== i % 7 || tender[i] !== i % 4 || notes[i] !== `n${i}`) bad++
      }
      expect(bad, `capacity ${capacity}`).toBe(0)
    }
  })

  it("finish names the column whose length differs", () => {
    const b = Batch.builder(T)
    appendRow(b, { trace: 1, at: 0, store: 1, total: 1, ratio: 0, day: 0, paid: 0, tender: 0, note: "" })
    b.num("Store").push(2) // a half-written second row
    try {
      b.finish()
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(Batch.ColumnLengthError)
      const err = e as Batch.ColumnLengthError
      expect(err._tag).toBe("ColumnLengthError")
      expect(err.table).toBe("t")
      expect(err.column).toBe("Trace") // first column shorter than the longest (Store, 2 values)
      expect([err.length, err.expected]).toEqual([1, 2])
      expect(err.message).toContain("column Trace has 1 values, expected 2")
    }
    // The short column is named even when it is not the first one.
    // untyped view: the loop names columns by runtime strings
    const c: Batch.Builder = Batch.builder(T)
    appendRow(c, { trace: 1, at: 0, store: 1, total: 1, ratio: 0, day: 0, paid: 0, tender: 0, note: "" })
    for (const name of ["Trace", "At", "Store", "Total", "Ratio", "Day"]) c.num(name).push(0)
    c.code("Paid").push(1)
    c.code("Tender").push(1)
    expect(() => c.finish()).toThrow(/column Note has 1 values, expected 2/)
  })

  it("asking for the wrong appender is a ColumnKindError naming column and kind", () => {
    // these calls do not compile on a typed builder (test/Types.test.ts); an untyped one checks at run time
    const b: Batch.Builder = Batch.builder(T)
    expect(() => b.num("Tender")).toThrow(Batch.ColumnKindError)
    expect(() => b.num("Tender")).toThrow("column t.Tender is enum, not a num column")
    expect(() => b.code("Store")).toThrow(/t\.Store is int, not a code column/)
    expect(() => b.str("Paid")).toThrow(/t\.Paid is bool, not a str column/)
    expect(() => b.code("Note")).toThrow(/t\.Note is string, not a code column/)
    expect(() => b.num("Missing")).toThrow(/table t has no column Missing/)
    expect(b.num("Store")).toBe(b.num("Store"))
  })

  it("finish rejects enum and bool codes outside their values", () => {
    const b = Batch.builder(T)
    appendRow(b, { trace: 1, at: 0, store: 1, total: 1, ratio: 0, day: 0, paid: 0, tender: 4, note: "" })
    expect(() => b.finish()).toThrow(Batch.InvalidCodeError)
    expect(() => b.finish()).toThrow(/column Tender row 0 holds code 4/)
    // untyped view: the loop names columns by runtime strings
    const c: Batch.Builder = Batch.builder(T)
    appendRow(c, { trace: 1, at: 0, store: 1, total: 1, ratio: 0, day: 0, paid: 2, tender: 0, note: "" })
    expect(() => c.finish()).toThrow(/column Paid row 0 holds code 2/)
  })

  it("reset empties the builder; finished numeric views stay valid until then", () => {
    const b = Batch.builder(T, 2)
    appendRow(b, { trace: 1, at: 0, store: 11, total: 1, ratio: 0, day: 0, paid: 0, tender: 0, note: "a" })
    const first = b.finish()
    expect(Batch.rows(first)[0]!.Store).toBe(11)
    b.reset()
    expect(b.length).toBe(0)
    expect(b.finish().length).toBe(0)
    appendRow(b, { trace: 2, at: 0, store: 22, total: 1, ratio: 0, day: 0, paid: 1, tender: 1, note: "b" })
    expect(Batch.rows(b.finish())).toHaveLength(1)
    expect(Batch.rows(b.finish())[0]!.Store).toBe(22)
    expect(Batch.cell(first, 0, 8)).toBe("a") // string columns are not overwritten
  })

  it("empty(table) has no rows and one column per table column", () => {
    const e = Batch.empty(T)
    expect(e.length).toBe(0)
    expect(e.columns).toHaveLength(T.columns.length)
    expect(Batch.rows(e)).toEqual([])
  })
})

describe("Batch decoding", () => {
  const sample = (): Batch.Batch => {
    const b = Batch.builder(T)
    appendRow(b, {
      trace: 42,
      at: Timestamp.make(DAY, 9 * 3600 + 5),
      store: 7,
      total: 1299,
      ratio: 0.125,
      day: DAY,
      paid: 1,
      tender: 2,
      note: "hello"
    })
    // A row of nulls: NaN for numbers, NULL_CODE for codes, "" for strings.
    appendRow(b, {
      trace: Number.NaN,
      at: Number.NaN,
      store: Number.NaN,
      total: Number.NaN,
      ratio: Number.NaN,
      day: Number.NaN,
      paid: Table.NULL_CODE,
      tender: Table.NULL_CODE,
      note: ""
    })
    appendRow(b, { trace: 1, at: 0, store: -3, total: -5, ratio: 2, day: 0, paid: 0, tender: 0, note: "x,y" })
    return b.finish()
  }

  it("rows() decodes every kind, with null cells", () => {
    expect(Batch.rows(sample())).toEqual([
      {
        Trace: 42,
        At: Timestamp.make(DAY, 9 * 3600 + 5),
        Store: 7,
        Total: 1299,
        Ratio: 0.125,
        Day: DAY,
        Paid: true,
        Tender: "CASH",
        Note: "hello"
      },
      {
        Trace: null,
        At: null,
        Store: null,
        Total: null,
        Ratio: null,
        Day: null,
        Paid: null,
        Tender: null,
        Note: null
      },
      {
        Trace: 1,
        At: 0,
        Store: -3,
        Total: -5,
        Ratio: 2,
        Day: 0,
        Paid: false,
        Tender: "CREDIT_CARD",
        Note: "x,y"
      }
    ])
  })

  it("text() writes each kind as the CSV sink does", () => {
    const batch = sample()
    const line = (r: number) => T.columns.map((_, c) => Batch.text(batch, r, c))
    expect(line(0)).toEqual([
      "TRC000042",
      "2024-11-29 09:00:05",
      "7",
      "12.99",
      "0.13",
      "2024-11-29",
      "true",
      "CASH",
      "hello"
    ])
    expect(line(1)).toEqual(["", "", "", "", "", "", "", "", ""])
    expect(line(2)).toEqual([
      "TRC000001",
      "1970-01-01 00:00:00",
      "-3",
      "-0.05",
      "2.00",
      "1970-01-01",
      "false",
      "CREDIT_CARD",
      "x,y"
    ])
  })

  it("concat joins batches in order and checks their table", () => {
    const a = sample()
    const b = Batch.fromRows(T, [{ Store: 99, Tender: "MOBILE_PAY", Paid: true }])
    const joined = Batch.concat(T, [a, Batch.empty(T), b, a])
    expect(joined.length).toBe(7)
    expect(Batch.rows(joined)).toEqual([...Batch.rows(a), ...Batch.rows(b), ...Batch.rows(a)])
    expect(Batch.concat(T, []).length).toBe(0)
    const Other = Table.make("other", { A: Table.int })
    expect(() => Batch.concat(T, [Batch.empty(Other)])).toThrow(/cannot concat other into t/)
    const SameNameOtherShape = Table.make("t", { A: Table.int })
    expect(() => Batch.concat(T, [Batch.empty(SameNameOtherShape)])).toThrow(/cannot concat/)
  })

  const cell = (kind: Table.Kind): fc.Arbitrary<Batch.Cell> => {
    switch (kind) {
      case "string":
        return fc.option(fc.string({ minLength: 1 }), { nil: null })
      case "enum":
        return fc.option(fc.constantFrom(...TENDERS), { nil: null })
      case "bool":
        return fc.option(fc.boolean(), { nil: null })
      case "float":
        return fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null })
      default:
        return fc.option(fc.integer(), { nil: null })
    }
  }
  const row = fc.record(Object.fromEntries(T.columns.map((c) => [c.name, cell(c.type.kind)])))

  it.prop("rows(fromRows(rows)) is the identity", [fc.array(row, { maxLength: 40 })], ([rs]) => {
    expect(Batch.rows(Batch.fromRows(T, rs))).toEqual(rs)
  })

  it("fromRows names the row and column of a bad value", () => {
    expect(() => Batch.fromRows(T, [{}, { Tender: "CHEQUE" }])).toThrow(
      /row 1: t\.Tender cannot hold "CHEQUE"/
    )
    expect(() => Batch.fromRows(T, [{ Store: "7" }])).toThrow(/row 0: t\.Store/)
    expect(() => Batch.fromRows(T, [{ Paid: 1 }])).toThrow(/t\.Paid/)
    expect(() => Batch.fromRows(T, [{ Note: 5 }])).toThrow(/t\.Note/)
  })
})
