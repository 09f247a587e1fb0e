import { describe, expect, it } from "@effect/vitest"
import { Calendar, Rng } from "@retail-datagen/core"
import { Inventory } from "@retail-datagen/master"
import { FastCheck as fc } from "effect"
import { Basket, Behaviours, Segments, World } from "../src/index.js"
import * as F from "./shoppers-fixture.js"

const master = F.master({ seed: 21, stores: 6, dcs: 2, customers: 1500, products: 600, horizonDays: 365 })
const world = World.make(master, { seed: 21, itemsPerTicketMean: 4.2 })
const START = Calendar.parse("2024-01-01")

const customersOf = (segment: number): Array<number> => {
  const out: Array<number> = []
  for (let i = 0; i < master.customers.length; i++)
    if (master.customers.segment[i] === segment) out.push(i + 1)
  return out
}

describe("Basket.generate", () => {
  it("draws launched, distinct products with SalePrice or a discounted promotion price", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: master.customers.length }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: START, max: START + 364 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.option(fc.integer({ min: 1, max: master.stores.length }), { nil: undefined }),
        (customer, behaviour, day, key, storeId) => {
          const b = Basket.generate(world, customer, behaviour, day, Rng.make(1, "basket", key), { storeId })
          expect(b.productIds.length).toBeGreaterThanOrEqual(1)
          expect(b.quantities.length).toBe(b.productIds.length)
          expect(new Set(b.productIds).size).toBe(b.productIds.length)
          b.productIds.forEach((id, i) => {
            expect(id).toBeGreaterThanOrEqual(1)
            expect(master.products.launchDate[id - 1]!).toBeLessThanOrEqual(day)
            const sale = master.products.salePrice[id - 1]!
            if (b.promoCodes[i] === null) expect(b.unitPrices[i]).toBe(sale)
            else expect(b.unitPrices[i]!).toBeLessThan(sale)
            expect(b.quantities[i]!).toBeGreaterThanOrEqual(1)
            expect(b.quantities[i]!).toBeLessThanOrEqual(Behaviours.MAX_QTY[behaviour]!)
          })
        }
      ),
      { numRuns: 300, seed: 77 }
    )
  })

  it("is deterministic in the stream and accepts behaviour names", () => {
    const day = Calendar.parse("2024-11-29")
    const a = Basket.generate(world, 42, "family_shopping", day, Rng.make(5, "b"))
    const b = Basket.generate(world, 42, Behaviours.FAMILY_SHOPPING, day, Rng.make(5, "b"))
    expect(a).toEqual(b)
    expect(a.behaviour).toBe(Behaviours.FAMILY_SHOPPING)
    const c = Basket.generate(world, 42, "family_shopping", day, Rng.make(6, "b"))
    expect(c).not.toEqual(a)
  })

  it("with storeId, draws only what the store carries (a line draws among carried products)", () => {
    const storeId = master.stores.volumeClass.indexOf(Math.max(...master.stores.volumeClass)) + 1
    let lines = 0
    let carried = 0
    for (let i = 0; i < 300; i++) {
      const b = Basket.generate(world, 1 + (i % 1500), i % 4, START + 30, Rng.make(2, "s", i), { storeId })
      for (const id of b.productIds) {
        lines++
        if (Inventory.rowOf(master.storeInventory, storeId, id) >= 0) carried++
      }
    }
    expect(carried).toBe(lines)
  })

  it("with promotion: true, the first line carries the promotion code", () => {
    let withCode = 0
    for (let i = 0; i < 200; i++) {
      const b = Basket.generate(world, 1 + i, Behaviours.QUICK_TRIP, START + i, Rng.make(3, "p", i), {
        promotion: true
      })
      if (b.promoCodes[0] !== null) withCode++
      const none = Basket.generate(world, 1 + i, Behaviours.QUICK_TRIP, START + i, Rng.make(3, "p", i), {
        promotion: false
      })
      expect(none.promoCodes.every((c) => c === null)).toBe(true)
    }
    expect(withCode).toBeGreaterThan(190)
  })

  it("orders behaviours by basket size: quick trip < grocery run < family shopping", () => {
    const mean = (behaviour: number) => {
      let n = 0
      for (let i = 0; i < 800; i++)
        n += Basket.generate(world, 1 + i, behaviour, START + 40, Rng.make(4, behaviour, i)).productIds.length
      return n / 800
    }
    const quick = mean(Behaviours.QUICK_TRIP)
    const grocery = mean(Behaviours.GROCERY_RUN)
    const family = mean(Behaviours.FAMILY_SHOPPING)
    expect(quick).toBeLessThan(2)
    expect(grocery).toBeGreaterThan(quick * 1.8)
    expect(family).toBeGreaterThan(grocery * 1.4)
  })

  it("tilts prices by segment: quality baskets cost more per unit than budget baskets", () => {
    const meanPrice = (segment: number) => {
      const ids = customersOf(segment)
      let s = 0
      let n = 0
      for (let i = 0; i < 600; i++) {
        const b = Basket.generate(
          world,
          ids[i % ids.length]!,
          Behaviours.GROCERY_RUN,
          START + 50,
          Rng.make(5, segment, i),
          { promotion: false }
        )
        for (const u of b.unitPrices) {
          s += u
          n++
        }
      }
      return s / n
    }
    expect(meanPrice(Segments.QUALITY)).toBeGreaterThan(meanPrice(Segments.BUDGET) * 1.2)
  })

  it("never sells a product before its launch date", () => {
    const late = Array.from(master.products.launchDate)
      .map((d, i) => [d, i + 1] as const)
      .filter(([d]) => d > START + 100)
    expect(late.length).toBeGreaterThan(10)
    const lateIds = new Set(late.map(([, id]) => id))
    let sold = 0
    for (let i = 0; i < 1500; i++) {
      const b = Basket.generate(world, 1 + i, Behaviours.FAMILY_SHOPPING, START + 100, Rng.make(6, i))
      for (const id of b.productIds) if (lateIds.has(id)) sold++
    }
    expect(sold).toBe(0)
    // …and sells them once launched.
    let after = 0
    for (let i = 0; i < 1500; i++) {
      const b = Basket.generate(world, 1 + i, Behaviours.FAMILY_SHOPPING, START + 364, Rng.make(7, i))
      for (const id of b.productIds)
        if (lateIds.has(id) && master.products.launchDate[id - 1]! <= START + 364) after++
    }
    expect(after).toBeGreaterThan(0)
  })

  it("rejects unknown customers, stores and behaviours", () => {
    const rng = Rng.make(1)
    expect(() => Basket.generate(world, 0, 0, START, rng)).toThrow(/customer 0/)
    expect(() => Basket.generate(world, 1, "window_shopping", START, rng)).toThrow(/behaviour/)
    expect(() => Basket.generate(world, 1, 0, START, rng, { storeId: 99 })).toThrow(/store 99/)
  })
})
