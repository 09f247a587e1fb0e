import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Plugin, Table } from "../src/index.js"

/** 6 stores over 3 DCs (store s → DC ((s − 1) mod 3) + 1), 5 customers with 2 nearest stores each. */
const network: Plugin.Network = {
  stores: { length: 6, dcId: Int32Array.from([1, 2, 3, 1, 2, 3]) },
  dcs: { length: 3 },
  customers: { length: 5, nearestCount: 2, nearestStoreIds: Int32Array.from([1, 2, 2, 3, 3, 1, 4, 5, 6, 1]) }
}

describe("Table.partitionOf", () => {
  it("infers StoreID, then DCID; a declaration wins; null opts out", () => {
    expect(Table.partitionOf(Table.make("a", { DCID: Table.int, StoreID: Table.int }))).toBe("StoreID")
    expect(Table.partitionOf(Table.make("b", { DCID: Table.int }))).toBe("DCID")
    expect(Table.partitionOf(Table.make("c", { Day: Table.date }))).toBeUndefined()
    expect(Table.partitionOf(Table.make("d", { StoreID: Table.string }))).toBeUndefined()
    const byDc = Table.make("e", { DCID: Table.int, StoreID: Table.int }, { partition: "DCID" })
    expect(Table.partitionOf(byDc)).toBe("DCID")
    expect(Table.partitionOf(Table.make("f", { StoreID: Table.int }, { partition: null }))).toBeUndefined()
  })

  it("rejects a partition column the table lacks or that is not an int column", () => {
    expect(() => Table.make("g", { Day: Table.date } as Table.Columns, { partition: "StoreID" })).toThrow(
      "table g: partition column StoreID must be an int column of the table"
    )
    expect(() =>
      Table.make("h", { StoreID: Table.string } as Table.Columns, { partition: "StoreID" })
    ).toThrow(RangeError)
  })
})

describe("Plugin.Ownership", () => {
  it("regions of stores, DCs and customers; -1 for unknown ids", () => {
    expect(Plugin.storeRegion(network, 5)).toBe(1)
    expect(Plugin.storeRegion(network, 7)).toBe(-1)
    expect(Plugin.dcRegion(network, 3)).toBe(2)
    expect(Plugin.dcRegion(network, 0)).toBe(-1)
    // customer 3's home store is 3 (DC 3, region 2)
    expect(Plugin.customerRegion(network, 3)).toBe(2)
    expect(Plugin.customerRegion(network, 6)).toBe(-1)
    expect(Plugin.isNetwork(network)).toBe(true)
    expect(Plugin.isNetwork({ stores: 6 })).toBe(false)
  })

  it("the shards of any count partition the stores, DCs and customers", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), (count) => {
        const views = Array.from({ length: count }, (_, index) => Plugin.shardView(network, { index, count }))
        const all = (f: (v: Plugin.ShardView) => ReadonlyArray<number>) =>
          views.flatMap(f).sort((a, b) => a - b)
        expect(all((v) => v.stores())).toStrictEqual([1, 2, 3, 4, 5, 6])
        expect(all((v) => v.dcs())).toStrictEqual([1, 2, 3])
        expect(all((v) => v.customers())).toStrictEqual([1, 2, 3, 4, 5])
        views.forEach((v, index) => {
          for (const id of v.stores()) expect(v.ownsStore(id)).toBe(true)
          for (const id of v.dcs()) expect(v.ownsDc(id)).toBe(true)
          expect(
            v.stores().every((id) => Plugin.ownsRegion({ index, count }, Plugin.storeRegion(network, id)))
          ).toBe(true)
        })
      })
    )
  })
})
