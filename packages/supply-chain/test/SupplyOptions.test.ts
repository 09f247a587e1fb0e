import { describe, expect, it } from "@effect/vitest"
import { Table } from "@retail-datagen/core"
import { Effect, Either } from "effect"
import { Inventory, Stock, SupplyChain, SupplyOptions, Tables } from "../src/index.js"

describe("SupplyOptions", () => {
  it("has a default for every field", () => {
    const o = SupplyOptions.make({})
    for (const [field, rule] of Object.entries(SupplyOptions.RULES))
      expect(o[field as keyof typeof o]).toBe(rule.default)
    expect(o.receiptsPlugin).toBe("receipts")
    expect(o.onlineOrdersPlugin).toBe("online_orders")
  })

  it("rejects bad values naming the field and its range", () => {
    const bad = SupplyOptions.decodeEither({ supplierLeadDays: 0 })
    expect(Either.isLeft(bad)).toBe(true)
    if (Either.isLeft(bad)) {
      expect(bad.left._tag).toBe("SupplyOptionsError")
      expect(bad.left.message).toBe(
        "supply-chain options: supplierLeadDays must be an integer from 1 to 60, got 0"
      )
    }
    expect(() => SupplyOptions.make({ smoothing: 2 })).toThrow(
      /smoothing must be a number from 0.001 to 1, got 2/
    )
    expect(() => SupplyOptions.make({ dispatchHour: 4.5 })).toThrow(/dispatchHour must be an integer/)
    expect(() => SupplyOptions.make({ receiptsPlugin: "" })).toThrow(
      /receiptsPlugin must be a non-empty plugin name/
    )
    expect(() => SupplyOptions.make({ lead: 3 } as never)).toThrow(/lead must be a known field/)
    expect(() => SupplyOptions.make(7 as never)).toThrow(/\(options\) must be an object/)
  })

  it.effect("decodes as an Effect", () =>
    Effect.gen(function* () {
      const o = yield* SupplyOptions.decode({ coverDays: 10, onlineOrdersPlugin: null })
      expect(o.coverDays).toBe(10)
      expect(o.onlineOrdersPlugin).toBeNull()
      const e = yield* Effect.flip(SupplyOptions.decode({ coverDays: -1 }))
      expect(e.field).toBe("coverDays")
    })
  )

  it("sets the plugins' names and dependencies", () => {
    const [stock, inventory] = SupplyChain.plugins({ receiptsPlugin: "shoppers" })
    expect(stock.name).toBe(Stock.NAME)
    expect(stock.tables).toEqual([])
    expect(stock.dependsOn).toEqual(["patterns"])
    expect(inventory.name).toBe(Inventory.NAME)
    expect(inventory.dependsOn).toEqual(["stock", "shoppers", "online_orders"])
    expect(Inventory.plugin({ onlineOrdersPlugin: null }).dependsOn).toEqual(["stock", "receipts"])
    expect(() => SupplyChain.plugins({ coverDays: 0 })).toThrow(/coverDays/)
  })
})

describe("Tables", () => {
  it("have the contract columns in contract order", () => {
    expect(Table.header(Tables.StoreInventoryTxn)).toEqual([
      "TraceId",
      "EventTS",
      "StoreID",
      "ProductID",
      "QtyDelta",
      "Reason",
      "Source"
    ])
    expect(Table.header(Tables.DcInventoryTxn)).toEqual([
      "TraceId",
      "EventTS",
      "DCID",
      "ProductID",
      "QtyDelta",
      "Reason"
    ])
    expect(Table.header(Tables.TruckMoves)).toEqual([
      "TraceId",
      "EventTS",
      "TruckId",
      "DCID",
      "StoreID",
      "ShipmentId",
      "Status",
      "ETA",
      "ETD"
    ])
    expect(Tables.STATUSES).toEqual([
      "SCHEDULED",
      "LOADING",
      "IN_TRANSIT",
      "ARRIVED",
      "UNLOADING",
      "COMPLETED"
    ])
  })
})
