import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Customers, Inventory, Stores, Taxonomy, Trucks } from "../src/index.js"
import { generate } from "./helpers.js"

describe("helpers", () => {
  it.prop(
    "device ids are bijections: anonymous ids beyond the customer count never collide with a customer's",
    [fc.integer(), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 2000 })],
    ([seed, customers, extra]) => {
      const known = new Set<number>()
      for (let n = 1; n <= customers; n++) known.add(Customers.bleIdNumber(seed, n))
      expect(known.size).toBe(customers)
      for (let k = 1; k <= extra; k++)
        expect(known.has(Customers.bleIdNumber(seed, customers + k))).toBe(false)
    },
    { fastCheck: { numRuns: 20 } }
  )

  it("the stored ids equal the documented functions of the customer id", () => {
    const m = generate({ seed: 77, stores: 4, dcs: 1, customers: 50, products: 5 })
    for (let i = 0; i < 50; i++) {
      expect(m.customers.bleId[i]).toBe(Customers.bleIdNumber(77, i + 1))
      expect(m.customers.adId[i]).toBe(Customers.adIdNumber(77, i + 1))
      expect(m.customers.loyaltyCard[i]).toBe(Customers.loyaltyNumber(77, i + 1))
    }
    expect(Customers.formatBleId(42)).toBe("BLE0000000042")
    expect(Customers.formatAdId(7)).toBe("AD0000000007")
    expect(Customers.formatLoyaltyCard(123)).toBe("LC0000000123")
  })

  it("homeStoreId is the first nearest store", () => {
    const m = generate({ seed: 9, stores: 8, dcs: 2, customers: 100, products: 5 })
    for (let i = 0; i < 100; i++)
      expect(Customers.homeStoreId(m.customers, i)).toBe(m.customers.nearestStoreIds[i * 3])
  })

  it("addressOf and phoneOf give the text written in the batches", () => {
    const m = generate({ seed: 3, stores: 4, dcs: 1, customers: 200, products: 5 })
    for (let i = 0; i < 200; i++) {
      const a = Customers.addressOf(m.customers, i)
      expect(
        a.startsWith(`${m.customers.houseNumber[i]} ${Customers.STREET_NAMES[m.customers.street[i]!]} `)
      ).toBe(true)
      expect(
        a.endsWith(
          m.customers.unit[i] === 0
            ? Customers.STREET_SUFFIXES[m.customers.streetSuffix[i]!]!
            : `Apt ${m.customers.unit[i]}`
        )
      ).toBe(true)
      expect(Customers.phoneOf(m.customers, m.geographies, i)).toMatch(/^\d{3}-555-01\d{2}$/)
    }
  })

  it("Inventory.rowOf finds carried pairs and reports missing ones", () => {
    const m = generate({ seed: 3, stores: 6, dcs: 2, customers: 10, products: 300 })
    const inv = m.storeInventory
    for (let r = 0; r < inv.length; r += 7)
      expect(Inventory.rowOf(inv, inv.locationId[r]!, inv.productId[r]!)).toBe(r)
    for (let s = 1; s <= m.stores.length; s++) {
      const carried = new Set(inv.productId.subarray(inv.locationStart[s - 1], inv.locationStart[s]))
      for (let p = 1; p <= 300; p++) expect(Inventory.rowOf(inv, s, p) >= 0).toBe(carried.has(p))
    }
  })

  it("Stores.isOpen follows the opening hours; taxRateFor follows taxability", () => {
    const m = generate({ seed: 3, stores: 30, dcs: 2, customers: 10, products: 5 })
    const s = m.stores
    for (let i = 0; i < s.length; i++) {
      const open = Array.from({ length: 24 }, (_, h) => Stores.isOpen(s, i, h)).filter(Boolean).length
      expect(open).toBe(s.closeHour[i]! - s.openHour[i]!)
      expect(Stores.taxRateFor(s, i, Taxonomy.TAXABILITIES.indexOf("taxable"))).toBe(s.taxRateBps[i])
      expect(Stores.taxRateFor(s, i, Taxonomy.TAXABILITIES.indexOf("exempt_food"))).toBe(0)
      expect(Stores.taxRateFor(s, i, Taxonomy.TAXABILITIES.indexOf("reduced"))).toBe(s.reducedTaxRateBps[i])
    }
  })

  it("Taxonomy lookups name the 13 departments and reject unknown names", () => {
    expect(Taxonomy.DEPARTMENTS).toHaveLength(13)
    for (const d of [
      "Grocery",
      "Beverages",
      "Household",
      "Personal Care",
      "Health & Beauty",
      "Electronics",
      "Clothing",
      "Home & Garden",
      "Baby & Kids",
      "Pet",
      "Automotive",
      "Office",
      "Seasonal & Sports"
    ]) {
      expect(Taxonomy.DEPARTMENTS[Taxonomy.departmentIndex(d)]).toBe(d)
    }
    expect(Taxonomy.DEPARTMENTS[Taxonomy.CATEGORY_DEPARTMENT[Taxonomy.categoryIndex("Grilling")]!]).toBe(
      "Home & Garden"
    )
    expect(() => Taxonomy.categoryIndex("Beer")).toThrow(/no category named "Beer"/)
    expect(Taxonomy.STORAGES[Taxonomy.CATEGORY_STORAGE[Taxonomy.categoryIndex("Frozen")]!]).toBe("frozen")
    expect(Taxonomy.DEPARTMENT_SHARES.reduce((a, b) => a + b, 0)).toBe(100)
  })

  it("Trucks.truckId writes the fact-table TruckId", () => {
    expect(Trucks.truckId(42)).toBe("TRK0042")
    expect(Trucks.truckId(12345)).toBe("TRK12345")
  })
})
