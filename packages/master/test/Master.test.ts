import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Master, MasterSpec, type Tables } from "../src/index.js"
import { generate, texts } from "./helpers.js"

describe("Master", () => {
  it("reports every table once, with its row count, as it completes", () => {
    const seen: Array<[Tables.Name, number]> = []
    const m = Master.generateMaster(
      MasterSpec.make({ seed: 2, stores: 9, dcs: 2, customers: 50, products: 40 }),
      {
        onTable: (t, n) => seen.push([t, n])
      }
    )
    expect(new Set(seen.map(([t]) => t))).toEqual(new Set(Master.TABLE_NAMES))
    expect(seen).toHaveLength(8)
    const batches = Object.fromEntries(Master.toBatches(m).map((b) => [b.table.name, b.length]))
    for (const [t, n] of seen) expect(n).toBe(batches[t])
  })

  it.effect("generate decodes the spec first and fails with its error", () =>
    Effect.gen(function* () {
      const e = yield* Effect.flip(Master.generate({ stores: 0 }))
      expect(e._tag).toBe("MasterSpecError")
      expect(e.field).toBe("stores")
      const m = yield* Master.generate({ seed: 1, stores: 3, dcs: 1, customers: 10, products: 10 })
      expect(m.stores.length).toBe(3)
    })
  )

  it("handles the smallest chain: one of everything", () => {
    const m = generate({ stores: 1, dcs: 1, customers: 1, products: 1, trucksPerDc: 1, geographies: 1 })
    const b = Master.toBatches(m)
    expect(b.map((x) => x.length)).toEqual([1, 1, 1, 1, 1, 1, 1, m.storeInventory.length])
    expect(m.customers.nearestCount).toBe(1)
    expect(m.customers.nearestStoreIds[0]).toBe(1)
    expect(m.trucks.refrigerated[0]).toBe(1)
    expect(texts(b[4]!)[0]).toContain("\u0001\u0001") // NearestStoreID2 and 3 are empty
  })

  it("places several DCs in one city when there are more DCs than geographies", () => {
    const m = generate({ seed: 4, stores: 12, dcs: 6, customers: 100, products: 20, geographies: 2 })
    expect(m.dcs.length).toBe(6)
    expect(new Set(m.dcs.geographyId).size).toBeLessThanOrEqual(2)
    for (let s = 0; s < m.stores.length; s++) expect(m.stores.geographyId[s]).toBeLessThanOrEqual(2)
  })
})
