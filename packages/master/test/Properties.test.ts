import { describe, expect, it } from "@effect/vitest"
import { Master, Stores, Taxonomy } from "../src/index.js"
import { km, numbers, smallSpec } from "./helpers.js"

const RUNS = { fastCheck: { numRuns: 25 } }

const expectDenseIds = (ids: Float64Array): void => {
  for (let i = 0; i < ids.length; i++) if (ids[i] !== i + 1) expect(ids[i]).toBe(i + 1)
}

const expectResolves = (fk: ArrayLike<number>, size: number, what: string): void => {
  for (let i = 0; i < fk.length; i++) {
    const v = fk[i]!
    if (!(Number.isInteger(v) && v >= 1 && v <= size))
      expect.fail(`${what}[${i}] = ${v} does not resolve in 1..${size}`)
  }
}

describe("master data properties (random seeds and small sizes)", () => {
  it.prop(
    "pricing: base in band, MSRP = base ± 15 %, Cost < SalePrice ≤ MSRP, Cost 50–85 % of SalePrice",
    [smallSpec],
    ([spec]) => {
      const p = Master.generateMaster(spec).products
      for (let i = 0; i < p.length; i++) {
        const base = p.basePrice[i]!
        const msrp = p.msrp[i]!
        const sale = p.salePrice[i]!
        const cost = p.cost[i]!
        const c = p.category[i]!
        const ok =
          [base, msrp, sale, cost].every((x) => Number.isSafeInteger(x) && x > 0) &&
          base >= Taxonomy.CATEGORY_PRICE_LOW[c]! &&
          base <= Taxonomy.CATEGORY_PRICE_HIGH[c]! &&
          msrp * 100 >= base * 85 &&
          msrp * 100 <= base * 115 &&
          cost < sale &&
          sale <= msrp &&
          cost * 100 >= sale * 50 &&
          cost * 100 <= sale * 85 &&
          (sale === msrp || (sale * 100 >= msrp * 65 && sale * 100 <= msrp * 95))
        if (!ok) expect.fail(`product ${i + 1}: base ${base} msrp ${msrp} sale ${sale} cost ${cost}`)
      }
    },
    RUNS
  )

  it.prop(
    "ids are dense from 1 and every foreign key resolves",
    [smallSpec],
    ([spec]) => {
      const m = Master.generateMaster(spec)
      const b = Object.fromEntries(Master.toBatches(m).map((x) => [x.table.name, x]))
      for (const t of [
        "geographies_master",
        "stores",
        "distribution_centers",
        "trucks",
        "customers",
        "products_master"
      ]) {
        expectDenseIds(numbers(b[t]!, "ID"))
      }
      expect(m.stores.length).toBe(spec.stores)
      expect(m.dcs.length).toBe(spec.dcs)
      expect(m.customers.length).toBe(spec.customers)
      expect(m.products.length).toBe(spec.products)
      expect(m.geographies.length).toBe(spec.geographies)
      expect(m.trucks.length).toBe(spec.dcs * spec.trucksPerDc)
      const G = m.geographies.length
      expectResolves(numbers(b.stores!, "GeographyID"), G, "stores.GeographyID")
      expectResolves(numbers(b.stores!, "DCID"), m.dcs.length, "stores.DCID")
      expectResolves(numbers(b.distribution_centers!, "GeographyID"), G, "distribution_centers.GeographyID")
      expectResolves(numbers(b.trucks!, "DCID"), m.dcs.length, "trucks.DCID")
      expectResolves(numbers(b.customers!, "GeographyID"), G, "customers.GeographyID")
      expectResolves(m.customers.nearestStoreIds, m.stores.length, "customers.nearestStoreIds")
      for (const j of [1, 2, 3]) {
        const col = numbers(b.customers!, `NearestStoreID${j}`)
        if (j <= Math.min(3, spec.stores)) expectResolves(col, m.stores.length, `NearestStoreID${j}`)
        else expect(col.every((x) => Number.isNaN(x))).toBe(true)
      }
      expectResolves(numbers(b.store_inventory_snapshots!, "StoreID"), m.stores.length, "snapshot.StoreID")
      expectResolves(
        numbers(b.store_inventory_snapshots!, "ProductID"),
        m.products.length,
        "snapshot.ProductID"
      )
      expectResolves(numbers(b.dc_inventory_snapshots!, "DCID"), m.dcs.length, "dc snapshot.DCID")
      expectResolves(
        numbers(b.dc_inventory_snapshots!, "ProductID"),
        m.products.length,
        "dc snapshot.ProductID"
      )
      // Brands and companies resolve within the product table's own lists.
      expectResolves(
        Int32Array.from(m.products.brandId, (x) => x + 1),
        m.products.brands.length,
        "brandId"
      )
      for (let i = 0; i < m.products.length; i++) {
        expect(m.products.companyId[i]).toBe(m.products.brandCompany[m.products.brandId[i]!])
      }
    },
    RUNS
  )

  it.prop(
    "stores sit only in DC states and are served by their nearest DC",
    [smallSpec],
    ([spec]) => {
      const { stores, dcs, geographies: g } = Master.generateMaster(spec)
      const dcStates = new Set(Array.from(dcs.geographyId, (id) => g.state[id - 1]!))
      for (let s = 0; s < stores.length; s++) {
        expect(dcStates.has(g.state[stores.geographyId[s]! - 1]!)).toBe(true)
        const d = (j: number) =>
          km(stores.latitude[s]!, stores.longitude[s]!, dcs.latitude[j]!, dcs.longitude[j]!)
        const assigned = d(stores.dcId[s]! - 1)
        for (let j = 0; j < dcs.length; j++) expect(assigned).toBeLessThanOrEqual(d(j) + 1e-6)
      }
    },
    RUNS
  )

  it.prop(
    "customers list their nearest distinct stores, nearest first",
    [smallSpec],
    ([spec]) => {
      const { customers: c, stores } = Master.generateMaster(spec)
      const k = c.nearestCount
      expect(k).toBe(Math.min(3, spec.stores))
      const dist = new Float64Array(stores.length)
      for (let i = 0; i < c.length; i++) {
        for (let s = 0; s < stores.length; s++) {
          dist[s] = km(c.latitude[i]!, c.longitude[i]!, stores.latitude[s]!, stores.longitude[s]!)
        }
        const sorted = Float64Array.from(dist).sort()
        const listed = Array.from(c.nearestStoreIds.subarray(i * k, i * k + k))
        expect(new Set(listed).size).toBe(k)
        listed.forEach((id, j) => {
          // The j-th listed store is as close as the j-th closest store (ties allowed).
          if (Math.abs(dist[id - 1]! - sorted[j]!) > 1e-6) {
            expect.fail(
              `customer ${i + 1}: store ${id} at ${dist[id - 1]} km listed ${j + 1}th, expected ${sorted[j]}`
            )
          }
        })
      }
    },
    { fastCheck: { numRuns: 12 } }
  )

  it.prop(
    "phones are fictional (NNN-555-01XX with the home city's area code); device ids are unique",
    [smallSpec],
    ([spec]) => {
      const m = Master.generateMaster(spec)
      const b = Master.toBatch(m, "customers")
      const phones = b.columns[6] as ReadonlyArray<string>
      const seen = { ble: new Set<number>(), ad: new Set<number>(), lc: new Set<number>() }
      for (let i = 0; i < m.customers.length; i++) {
        const phone = phones[i]!
        if (!/^\d{3}-555-01\d{2}$/.test(phone)) expect.fail(`phone ${phone}`)
        expect(phone.slice(0, 3)).toBe(String(m.geographies.areaCode[m.customers.geographyId[i]! - 1]))
        seen.ble.add(m.customers.bleId[i]!)
        seen.ad.add(m.customers.adId[i]!)
        seen.lc.add(m.customers.loyaltyCard[i]!)
      }
      expect([seen.ble.size, seen.ad.size, seen.lc.size]).toEqual([
        spec.customers,
        spec.customers,
        spec.customers
      ])
    },
    RUNS
  )

  it.prop(
    "stores: valid profile, hours within the day, taxes from their city",
    [smallSpec],
    ([spec]) => {
      const { stores: s, geographies: g } = Master.generateMaster(spec)
      for (let i = 0; i < s.length; i++) {
        expect(s.volumeClass[i]).toBeLessThan(Stores.VOLUME_CLASSES.length)
        expect(s.format[i]).toBeLessThan(Stores.FORMATS.length)
        expect(Stores.HOURS.some(([o, c]) => o === s.openHour[i] && c === s.closeHour[i])).toBe(true)
        expect(s.trafficWeight[i]).toBeGreaterThan(0)
        expect(s.taxRateBps[i]).toBe(g.taxRateBps[s.geographyId[i]! - 1])
        expect(s.reducedTaxRateBps[i]).toBeLessThanOrEqual(s.taxRateBps[i]!)
      }
    },
    RUNS
  )

  it.prop(
    "trucks: every DC has its fleet, at least one refrigerated truck, unique plates",
    [smallSpec],
    ([spec]) => {
      const { trucks: t, dcs } = Master.generateMaster(spec)
      expect(new Set(t.licensePlate).size).toBe(t.length)
      for (let d = 1; d <= dcs.length; d++) {
        const rows = Array.from(
          { length: t.dcStart[d]! - t.dcStart[d - 1]! },
          (_, k) => t.dcStart[d - 1]! + k
        )
        expect(rows.length).toBe(spec.trucksPerDc)
        expect(rows.every((r) => t.dcId[r] === d)).toBe(true)
        expect(rows.some((r) => t.refrigerated[r] === 1)).toBe(true)
        expect(rows.every((r) => t.capacityUnits[r] === spec.truckCapacityUnits)).toBe(true)
      }
    },
    RUNS
  )

  it.prop(
    "snapshots: one sorted row per carried pair, positive reorder points, quantities ready to sell",
    [smallSpec],
    ([spec]) => {
      const m = Master.generateMaster(spec)
      for (const [t, locations] of [
        [m.storeInventory, m.stores.length],
        [m.dcInventory, m.dcs.length]
      ] as const) {
        expect(t.locationStart.length).toBe(locations + 1)
        expect(t.locationStart[locations]).toBe(t.length)
        expect(t.lastUpdated).toBe(spec.startDate)
        for (let l = 1; l <= locations; l++) {
          for (let r = t.locationStart[l - 1]!; r < t.locationStart[l]!; r++) {
            expect(t.locationId[r]).toBe(l)
            if (r > t.locationStart[l - 1]!) expect(t.productId[r]).toBeGreaterThan(t.productId[r - 1]!)
            const p = t.productId[r]! - 1
            expect(t.reorderPoint[r]).toBeGreaterThanOrEqual(1)
            const launched = m.products.launchDate[p]! <= spec.startDate
            if (t === m.storeInventory && !launched) expect(t.currentQuantity[r]).toBe(0)
            else expect(t.currentQuantity[r]).toBeGreaterThan(t.reorderPoint[r]!)
          }
        }
      }
      // DCs stock every product.
      expect(m.dcInventory.length).toBe(m.dcs.length * m.products.length)
    },
    { fastCheck: { numRuns: 15 } }
  )

  it.prop(
    "products: taxonomy codes agree, refrigeration follows storage, launch dates around the start",
    [smallSpec],
    ([spec]) => {
      const p = Master.generateMaster(spec).products
      for (let i = 0; i < p.length; i++) {
        const c = p.category[i]!
        expect(Taxonomy.SUBCATEGORY_CATEGORY[p.subcategory[i]!]).toBe(c)
        expect(Taxonomy.CATEGORY_DEPARTMENT[c]).toBe(p.department[i])
        expect(p.storage[i]).toBe(Taxonomy.CATEGORY_STORAGE[c])
        expect(p.taxability[i]).toBe(Taxonomy.CATEGORY_TAXABILITY[c])
        const d = p.launchDate[i]! - spec.startDate
        const before = d >= -2000 && d <= -14
        const during = spec.horizonDays > 1 && d >= 1 && d <= spec.horizonDays - 1
        if (!(before || during)) expect.fail(`product ${i + 1} launches at start ${d >= 0 ? "+" : ""}${d}`)
        expect(p.popularity[i]).toBeGreaterThan(0)
        expect(p.productName[i]!.startsWith(`${p.brands[p.brandId[i]!]!} `)).toBe(true)
      }
    },
    RUNS
  )

  it.prop(
    "geographies are distinct real-dictionary rows with 5-digit ZIP codes",
    [smallSpec],
    ([spec]) => {
      const g = Master.generateMaster(spec).geographies
      const keys = new Set<string>()
      for (let i = 0; i < g.length; i++) {
        keys.add(`${g.city[i]}|${g.state[i]}`)
        expect(g.zipCode[i]).toMatch(/^\d{5}$/)
        expect(g.state[i]).toMatch(/^[A-Z]{2}$/)
        expect(Math.abs(g.latitude[i]!)).toBeLessThanOrEqual(90)
      }
      expect(keys.size).toBe(g.length)
    },
    RUNS
  )
})
