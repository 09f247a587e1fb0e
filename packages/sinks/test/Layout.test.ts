import { Calendar } from "@retail-datagen/core"
import { describe, expect, it } from "@effect/vitest"
import { Layout } from "../src/index.js"

describe("Layout", () => {
  const day = Calendar.parse("2024-03-01")

  it("puts a fact table's day in a Hive partition named by the date", () => {
    expect(Layout.factPath("data/facts", "receipts", day, "csv")).toBe(
      "data/facts/receipts/dt=2024-03-01/receipts_20240301.csv"
    )
    expect(Layout.factPath("/out/facts", "ble_pings", day, "parquet")).toBe(
      "/out/facts/ble_pings/dt=2024-03-01/ble_pings_20240301.parquet"
    )
    expect(Layout.factPath("f", "t", Calendar.parse("1999-12-31"), "ndjson")).toBe(
      "f/t/dt=1999-12-31/t_19991231.ndjson"
    )
    expect(Layout.partitionDir("f", "t", day)).toBe("f/t/dt=2024-03-01")
  })

  it("puts a dimension table in one file under the root", () => {
    expect(Layout.masterPath("data/master", "stores", "csv")).toBe("data/master/stores.csv")
    expect(Layout.masterPath("data/master", "products_master", "parquet")).toBe(
      "data/master/products_master.parquet"
    )
  })

  it("knows its formats", () => {
    expect(Layout.formats).toEqual(["csv", "parquet", "ndjson"])
    expect(Layout.formats.every(Layout.isFormat)).toBe(true)
    expect(Layout.isFormat("json")).toBe(false)
  })
})
