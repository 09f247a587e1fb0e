import { describe, expect, it } from "@effect/vitest"
import { Rng } from "@retail-datagen/core"
import { StoreChoice } from "../src/index.js"
import * as F from "./shoppers-fixture.js"

const master = F.master({ seed: 5, stores: 12, dcs: 3, customers: 4000, products: 150 })
const k = master.customers.nearestCount

describe("StoreChoice", () => {
  it("candidates: a visit's customer lists the store; ranks are drawn ∝ weight × customers at the rank", () => {
    const c = StoreChoice.candidates(master, () => true)
    const rng = Rng.make(9, "pick")
    for (let s = 0; s < master.stores.length; s++) {
      if (c.count(s) === 0) continue
      const atRank = [0, 0, 0]
      const expectedMass = [0, 0, 0]
      for (let r = 0; r < 3; r++)
        expectedMass[r] = StoreChoice.RANK_WEIGHTS[r]! * (c.start[s * 3 + r + 1]! - c.start[s * 3 + r]!)
      const total = expectedMass.reduce((a, b) => a + b, 0)
      const n = 4000
      for (let i = 0; i < n; i++) {
        const cust = c.pick(s, rng)
        const near = Array.from(master.customers.nearestStoreIds.subarray(cust * k, cust * k + k))
        const rank = near.indexOf(s + 1)
        expect(rank).toBeGreaterThanOrEqual(0)
        atRank[rank]!++
      }
      for (let r = 0; r < 3; r++) {
        const p = expectedMass[r]! / total
        const sd = Math.sqrt((p * (1 - p)) / n)
        expect(Math.abs(atRank[r]! / n - p)).toBeLessThan(5 * sd + 1e-9)
      }
    }
  })

  it("candidates: stores left out have none; a store nobody lists draws from everyone", () => {
    const c = StoreChoice.candidates(master, (s) => s % 2 === 0)
    for (let s = 0; s < master.stores.length; s++) if (s % 2 === 1) expect(c.count(s)).toBe(0)
    const rng = Rng.make(1, "x")
    const seen = new Set<number>()
    for (let i = 0; i < 2000; i++) seen.add(c.pick(1, rng))
    expect(seen.size).toBeGreaterThan(1000)
    for (const x of seen) expect(x).toBeLessThan(master.customers.length)
  })

  it("regions: a customer belongs to the region of their nearest store; regions partition customers", () => {
    const sizes = StoreChoice.regionSizes(master)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(master.customers.length)
    const all = StoreChoice.regionCustomers(master, () => true)
    expect(all.ids.length).toBe(master.customers.length)
    for (let g = 0; g < master.dcs.length; g++) {
      expect(all.start[g + 1]! - all.start[g]!).toBe(sizes[g])
      for (let j = all.start[g]!; j < all.start[g + 1]!; j++) {
        const i = all.ids[j]!
        expect(StoreChoice.regionOf(master, i)).toBe(g)
        expect(StoreChoice.homeStore(master, i)).toBe(master.customers.nearestStoreIds[i * k])
        expect(master.stores.dcId[StoreChoice.homeStore(master, i) - 1]).toBe(g + 1)
      }
    }
    const some = StoreChoice.regionCustomers(master, (g) => g === 1)
    expect(some.ids.length).toBe(sizes[1])
  })
})
