import { describe, expect, it } from "@effect/vitest"
import { Table } from "../src/index.js"

const Receipts = Table.make("receipts", {
  TraceId: Table.id("TRC"),
  EventTS: Table.timestamp,
  StoreID: Table.int,
  Total: Table.cents,
  Ratio: Table.float(3),
  Day: Table.date,
  Paid: Table.bool,
  TenderType: Table.enumOf(["CREDIT_CARD", "DEBIT_CARD", "CASH", "MOBILE_PAY"]),
  Note: Table.string
})

describe("Table", () => {
  it("keeps columns in declaration order", () => {
    expect(Receipts.name).toBe("receipts")
    expect(Table.header(Receipts)).toEqual([
      "TraceId",
      "EventTS",
      "StoreID",
      "Total",
      "Ratio",
      "Day",
      "Paid",
      "TenderType",
      "Note"
    ])
  })

  it("indexOf finds columns and names the table and column when absent", () => {
    expect(Table.indexOf(Receipts, "TraceId")).toBe(0)
    expect(Table.indexOf(Receipts, "Note")).toBe(8)
    expect(() => Table.indexOf(Receipts as Table.Table, "Nope")).toThrow("table receipts has no column Nope")
  })

  it("isNumeric is true exactly for kinds stored in a Float64Array", () => {
    const numeric = Receipts.columns.filter((c) => Table.isNumeric(c.type.kind)).map((c) => c.name)
    expect(numeric).toEqual(["TraceId", "EventTS", "StoreID", "Total", "Ratio", "Day"])
  })

  it("column constructors carry their parameters", () => {
    expect(Table.id("RCP", 12)).toEqual({ kind: "id", prefix: "RCP", width: 12 })
    expect(Table.id("RCP")).toEqual({ kind: "id", prefix: "RCP", width: 0 })
    expect(Table.float(2)).toEqual({ kind: "float", decimals: 2 })
    expect(Table.enumOf(["A", "B"])).toEqual({ kind: "enum", values: ["A", "B"] })
    expect(Table.NULL_CODE).toBe(0xffff)
  })

  it("enumOf rejects empty, duplicated and oversized value lists", () => {
    expect(() => Table.enumOf([])).toThrow(RangeError)
    expect(() => Table.enumOf(["A", "B", "A"])).toThrow(/duplicate/)
    expect(() => Table.enumOf(Array.from({ length: Table.NULL_CODE }, (_, i) => `v${i}`))).toThrow(/too many/)
    expect(() => Table.enumOf(Array.from({ length: Table.NULL_CODE - 1 }, (_, i) => `v${i}`))).not.toThrow()
  })

  it("float rejects unusable decimal counts", () => {
    expect(() => Table.float(-1)).toThrow(RangeError)
    expect(() => Table.float(1.5)).toThrow(RangeError)
    expect(() => Table.float(21)).toThrow(RangeError)
  })

  it("make rejects an empty table name and column names that objects would reorder", () => {
    expect(() => Table.make("", { A: Table.int })).toThrow(RangeError)
    expect(() => Table.make("t", { A: Table.int, "2": Table.int })).toThrow(/column name "2"/)
    expect(() => Table.make("t", { "": Table.int })).toThrow(RangeError)
    // Names that merely contain digits are fine and keep their place.
    expect(Table.header(Table.make("t", { B: Table.int, "02": Table.int, A1: Table.int }))).toEqual([
      "B",
      "02",
      "A1"
    ])
  })
})
