import { describe, expect, it } from "@effect/vitest"
import { Calendar } from "@retail-datagen/core"
import { Customers, Inventory, Products, Stores } from "../src/index.js"
import { generate } from "./helpers.js"

/** Shares measured on large samples of one seed each; tolerances are several standard errors. */
describe("shares on large samples", () => {
  it("customer segments ≈ budget 35 / convenience 25 / quality 20 / brand-loyal 20 %", () => {
    const n = 200_000
    const c = generate({ seed: 3, stores: 30, dcs: 3, customers: n, products: 10 }).customers
    const counts = new Array(Customers.SEGMENTS.length).fill(0)
    for (let i = 0; i < n; i++) counts[c.segment[i]!]++
    Customers.SEGMENT_SHARES.forEach((share, s) => {
      expect(Math.abs(counts[s] / n - share), Customers.SEGMENTS[s]).toBeLessThan(0.006)
    })
  })

  it("about 60 % of products sell at MSRP, the rest 5–35 % below", () => {
    const n = 20_000
    const p = generate({ seed: 4, stores: 5, dcs: 1, customers: 1, products: n }).products
    let atMsrp = 0
    let deepest = 1
    let shallowest = 0
    for (let i = 0; i < n; i++) {
      if (p.salePrice[i] === p.msrp[i]) atMsrp++
      else {
        const ratio = p.salePrice[i]! / p.msrp[i]!
        deepest = Math.min(deepest, ratio)
        shallowest = Math.max(shallowest, ratio)
      }
    }
    expect(Math.abs(atMsrp / n - Products.AT_MSRP_SHARE)).toBeLessThan(0.02)
    // The discounts span the documented range.
    expect(deepest).toBeGreaterThanOrEqual(0.65)
    expect(deepest).toBeLessThan(0.67)
    expect(shallowest).toBeLessThanOrEqual(0.95)
    expect(shallowest).toBeGreaterThan(0.93)
  })

  it("about 8 % of products launch during a run, the rest before it", () => {
    const n = 20_000
    const spec = { seed: 5, stores: 5, dcs: 1, customers: 1, products: n, horizonDays: 365 }
    const p = generate(spec).products
    const start = Calendar.parse("2024-01-01")
    let during = 0
    for (let i = 0; i < n; i++) if (p.launchDate[i]! > start) during++
    expect(Math.abs(during / n - Products.LAUNCH_DURING_SHARE)).toBeLessThan(0.01)
  })

  it("every department is stocked, refrigerated products exist, taxabilities all occur", () => {
    const p = generate({ seed: 6, stores: 5, dcs: 1, customers: 1, products: 5000 }).products
    expect(new Set(p.department).size).toBe(13)
    expect(new Set(p.storage)).toEqual(new Set([0, 1, 2]))
    expect(new Set(p.taxability)).toEqual(new Set([0, 1, 2]))
    // Popularity is normalised to mean 1.
    const mean = p.popularity.reduce((a, b) => a + b, 0) / p.length
    expect(Math.abs(mean - 1)).toBeLessThan(0.001)
  })

  it("store hours: some stores open 24 h, most keep 08–22 or 09–21; every volume class occurs", () => {
    const s = generate({ seed: 7, stores: 3000, dcs: 20, customers: 1, products: 20 }).stores
    let allDay = 0
    let usual = 0
    for (let i = 0; i < s.length; i++) {
      if (s.openHour[i] === 0 && s.closeHour[i] === 24) allDay++
      if ((s.openHour[i] === 8 && s.closeHour[i] === 22) || (s.openHour[i] === 9 && s.closeHour[i] === 21))
        usual++
    }
    expect(allDay / s.length).toBeGreaterThan(0.03)
    expect(allDay / s.length).toBeLessThan(0.2)
    expect(usual / s.length).toBeGreaterThan(0.5)
    expect(new Set(s.volumeClass).size).toBe(Stores.VOLUME_CLASSES.length)
    // Flagships are busier than kiosks on average.
    const mean = (cls: number) => {
      let sum = 0
      let k = 0
      for (let i = 0; i < s.length; i++) {
        if (s.volumeClass[i] === cls) {
          sum += s.trafficWeight[i]!
          k++
        }
      }
      return sum / k
    }
    expect(mean(Stores.FLAGSHIP)).toBeGreaterThan(2 * mean(Stores.MEDIUM))
    expect(mean(Stores.KIOSK)).toBeLessThan(0.5 * mean(Stores.MEDIUM))
  })

  it("stores carry their class's share of the catalogue, popular products almost everywhere", () => {
    const m = generate({ seed: 8, stores: 200, dcs: 4, customers: 1, products: 2000 })
    const carried = [0, 0, 0, 0, 0]
    const storesOf = [0, 0, 0, 0, 0]
    for (let s = 0; s < m.stores.length; s++) {
      const cls = m.stores.volumeClass[s]!
      storesOf[cls]!++
      carried[cls]! += m.storeInventory.locationStart[s + 1]! - m.storeInventory.locationStart[s]!
    }
    Inventory.CARRY_SHARE.forEach((share, cls) => {
      if (storesOf[cls]! >= 5) {
        expect(
          Math.abs(carried[cls]! / (storesOf[cls]! * 2000) - share),
          Stores.VOLUME_CLASSES[cls]
        ).toBeLessThan(0.02)
      }
    })
    // The most popular product is carried by (nearly) every non-kiosk store.
    let top = 0
    for (let i = 1; i < m.products.length; i++)
      if (m.products.popularity[i]! > m.products.popularity[top]!) top = i
    let carriers = 0
    for (let s = 1; s <= m.stores.length; s++)
      if (Inventory.rowOf(m.storeInventory, s, top + 1) >= 0) carriers++
    expect(carriers / m.stores.length).toBeGreaterThan(0.8)
  })

  it("bigger stores and more popular products start with more stock", () => {
    const m = generate({ seed: 9, stores: 100, dcs: 2, customers: 1, products: 500 })
    const inv = m.storeInventory
    const units = new Float64Array(m.stores.length)
    for (let r = 0; r < inv.length; r++) units[inv.locationId[r]! - 1]! += inv.currentQuantity[r]!
    let flag = 0
    let flagN = 0
    let kiosk = 0
    let kioskN = 0
    for (let s = 0; s < m.stores.length; s++) {
      if (m.stores.volumeClass[s] === Stores.FLAGSHIP) {
        flag += units[s]!
        flagN++
      }
      if (m.stores.volumeClass[s] === Stores.KIOSK) {
        kiosk += units[s]!
        kioskN++
      }
    }
    if (flagN > 0 && kioskN > 0) expect(flag / flagN).toBeGreaterThan(kiosk / kioskN)
    // DC reorder points grow with popularity: compare the most and least popular product at DC 1.
    let hi = 0
    let lo = 0
    for (let i = 1; i < m.products.length; i++) {
      if (m.products.popularity[i]! > m.products.popularity[hi]!) hi = i
      if (m.products.popularity[i]! < m.products.popularity[lo]!) lo = i
    }
    const rop = (p: number) => m.dcInventory.reorderPoint[Inventory.rowOf(m.dcInventory, 1, p + 1)]!
    expect(rop(hi)).toBeGreaterThan(rop(lo))
  })
})
