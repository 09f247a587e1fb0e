/**
 * Behavioural targets of DATA-CONTRACT §6 measured on one generated year at small scale
 * (5 stores, 200 receipts and 40 online orders a day, weather off so that days compare).
 * Tolerances are stated per test; each is several standard errors wide at this volume.
 */
import { beforeAll, describe, expect, it } from "@effect/vitest"
import { Calendar, Timestamp } from "@retail-datagen/core"
import type { Master } from "@retail-datagen/master"
import { Patterns, PatternsService } from "@retail-datagen/patterns"
import { Effect } from "effect"
import { Segments, Shoppers, Stock, Tables } from "../src/index.js"
import * as F from "./shoppers-fixture.js"

const SEED = 20240101
const START = Calendar.parse("2024-01-01")
const END = Calendar.parse("2024-12-31")
const PER_DAY = 200
const ITEMS = 4.2
const ONLINE = 40
const overrides = { weather: { enabled: false } }

interface Year {
  readonly master: Master.Master
  readonly out: F.Output
  readonly patterns: Patterns.Patterns
}

let year: Year

beforeAll(async () => {
  const master = F.master({ seed: 11, stores: 5, dcs: 2, customers: 3000, products: 400 })
  const out = await Effect.runPromise(
    F.run({
      plugins: [
        PatternsService.plugin({ overrides }),
        Stock.unlimited,
        ...Shoppers.plugins({
          customersPerDay: PER_DAY,
          itemsPerTicketMean: ITEMS,
          onlineOrdersPerDay: ONLINE
        })
      ],
      master,
      seed: SEED,
      start: START,
      end: END
    })
  )
  year = { master, out, patterns: Patterns.make({ seed: SEED, overrides, start: START, end: END }) }
})

const batches = (table: string) => year.out.tables[table]!

/** Days without any holiday effect, promotion traffic or special hours. */
const ordinary = (day: number): boolean =>
  year.patterns.holidaysOn(day).length === 0 && year.patterns.eventMultiplier(day) === 1

const dayCounts = (): Map<number, number> => {
  const m = new Map<number, number>()
  batches("receipts").forEach((b, i) => {
    m.set(year.out.days[i]!, b.length)
  })
  return m
}

describe("volume", () => {
  it("averages customersPerDay receipts a day over the year (±3 %), none on Christmas Day", () => {
    const counts = dayCounts()
    expect(counts.size).toBe(END - START + 1)
    const total = [...counts.values()].reduce((a, b) => a + b, 0)
    expect(total / counts.size).toBeGreaterThan(PER_DAY * 0.97)
    expect(total / counts.size).toBeLessThan(PER_DAY * 1.03)
    expect(counts.get(Calendar.parse("2024-12-25"))).toBe(0)
  })

  it("follows the weekday factors 0.7 … 1.1 relative to Thursday (±6 %)", () => {
    const sum = new Float64Array(7)
    const n = new Float64Array(7)
    for (const [day, count] of dayCounts()) {
      if (!ordinary(day)) continue
      const w = Calendar.dayOfWeek(day)
      sum[w] = sum[w]! + count / year.patterns.seasonal(day)
      n[w]!++
    }
    const mean = Array.from(sum, (s, w) => s / n[w]!)
    const weekly = [0.7, 0.8, 0.9, 1.0, 1.2, 1.4, 1.1]
    for (let w = 0; w < 7; w++) {
      const ratio = mean[w]! / mean[Calendar.THURSDAY]!
      expect(Math.abs(ratio / weekly[w]! - 1), `weekday ${w}: ${ratio.toFixed(3)}`).toBeLessThan(0.06)
    }
  })

  it("makes Black Friday ≈ 3.5 × an ordinary Friday of the weeks before (±15 %)", () => {
    const counts = dayCounts()
    const bf = Calendar.parse("2024-11-29")
    const fridays: Array<number> = []
    for (let d = bf - 56; d < bf; d += 7)
      if (ordinary(d)) fridays.push(counts.get(d)! / year.patterns.seasonal(d))
    expect(fridays.length).toBeGreaterThanOrEqual(4)
    const base = fridays.reduce((a, b) => a + b, 0) / fridays.length
    const ratio = counts.get(bf)! / year.patterns.seasonal(bf) / base
    expect(ratio).toBeGreaterThan(3.5 * 0.85)
    expect(ratio).toBeLessThan(3.5 * 1.15)
  })

  it("peaks between 17:00 and 20:00 on weekdays, with a lunch rise above mid-morning", () => {
    const hours = new Float64Array(24)
    batches("receipts").forEach((b, i) => {
      const day = year.out.days[i]!
      if (!ordinary(day) || Calendar.dayOfWeek(day) >= Calendar.SATURDAY) return
      const ts = b.columns[1] as Float64Array
      for (let r = 0; r < b.length; r++) hours[Timestamp.hour(ts[r]!)]!++
    })
    const peak = hours.indexOf(Math.max(...hours))
    expect(peak).toBeGreaterThanOrEqual(17)
    expect(peak).toBeLessThan(20)
    expect(hours[12]!).toBeGreaterThan(hours[10]! * 1.3)
    expect(hours[12]!).toBeGreaterThan(hours[15]! * 1.3)
  })
})

/** Per receipt: segment, lines, promo, tender, store and the customer. */
const receiptFacts = () => {
  const segmentOf = new Map<number, number>()
  const receiptSegments: Array<number> = []
  const tenders = new Float64Array(4)
  let near2 = 0
  const visits = new Map<number, [number, number]>()
  const m = year.master
  const k = m.customers.nearestCount
  for (const b of batches("receipts")) {
    const store = b.columns[2] as Float64Array
    const cust = b.columns[3] as Float64Array
    const id = b.columns[4] as Float64Array
    const tender = b.columns[8] as Uint16Array
    for (let r = 0; r < b.length; r++) {
      const c = cust[r]! - 1
      const g = m.customers.segment[c]!
      segmentOf.set(id[r]!, g)
      receiptSegments.push(g)
      tenders[tender[r]!]!++
      const top2 =
        m.customers.nearestStoreIds[c * k] === store[r] || m.customers.nearestStoreIds[c * k + 1] === store[r]
      if (top2) near2++
      const v = visits.get(c) ?? [0, 0]
      v[0]++
      if (top2) v[1]++
      visits.set(c, v)
    }
  }
  return { segmentOf, receiptSegments, tenders, near2, visits }
}

describe("segments, baskets and money", () => {
  it("draws receipts from segments ≈ 35 / 25 / 20 / 20 % (±4 points)", () => {
    const { receiptSegments } = receiptFacts()
    const counts = new Float64Array(4)
    for (const g of receiptSegments) counts[g]!++
    const target = [0.35, 0.25, 0.2, 0.2]
    for (let g = 0; g < 4; g++)
      expect(Math.abs(counts[g]! / receiptSegments.length - target[g]!), Segments.NAMES[g]).toBeLessThan(0.04)
  })

  it("keeps lines per receipt within ±5 % of itemsPerTicketMean in every month", () => {
    const receipts = new Float64Array(12)
    const lines = new Float64Array(12)
    batches("receipts").forEach((b, i) => {
      const month = Calendar.month(year.out.days[i]!) - 1
      receipts[month] = receipts[month]! + b.length
      lines[month] = lines[month]! + batches("receipt_lines")[i]!.length
    })
    for (let mo = 0; mo < 12; mo++) {
      const mean = lines[mo]! / receipts[mo]!
      expect(Math.abs(mean / ITEMS - 1), `month ${mo + 1}: ${mean.toFixed(3)}`).toBeLessThan(0.05)
    }
  })

  it("puts a promotion on 10–20 % of receipts, with codes on discounted lines only", () => {
    let withPromo = 0
    let receipts = 0
    const m = year.master
    batches("receipt_lines").forEach((l, i) => {
      receipts += batches("receipts")[i]!.length
      const id = l.columns[2] as Float64Array
      const product = l.columns[4] as Float64Array
      const unit = l.columns[6] as Float64Array
      const code = l.columns[8] as ReadonlyArray<string>
      const seen = new Set<number>()
      for (let r = 0; r < l.length; r++) {
        if (code[r] === "") continue
        expect(unit[r]!).toBeLessThan(m.products.salePrice[product[r]! - 1]!)
        seen.add(id[r]!)
      }
      withPromo += seen.size
    })
    expect(withPromo / receipts).toBeGreaterThan(0.1)
    expect(withPromo / receipts).toBeLessThan(0.2)
  })

  it("mixes tenders ≈ credit 40 / debit 30 / cash 20 / mobile 10 (±3 points)", () => {
    const { tenders } = receiptFacts()
    const total = tenders.reduce((a, b) => a + b, 0)
    const target = [0.4, 0.3, 0.2, 0.1]
    for (let t = 0; t < 4; t++)
      expect(Math.abs(tenders[t]! / total - target[t]!), Tables.TENDERS[t]).toBeLessThan(0.03)
  })

  it("charges quality shoppers more per item than budget shoppers", () => {
    const { segmentOf } = receiptFacts()
    const sum = new Float64Array(4)
    const n = new Float64Array(4)
    for (const l of batches("receipt_lines")) {
      const id = l.columns[2] as Float64Array
      const unit = l.columns[6] as Float64Array
      for (let r = 0; r < l.length; r++) {
        const g = segmentOf.get(id[r]!)!
        sum[g] = sum[g]! + unit[r]!
        n[g]!++
      }
    }
    const mean = (g: number) => sum[g]! / n[g]!
    expect(mean(Segments.QUALITY)).toBeGreaterThan(mean(Segments.BUDGET) * 1.15)
  })

  it("has brand-loyal customers repeat brands more often than any other segment", () => {
    const { segmentOf } = receiptFacts()
    const m = year.master
    const seen = new Map<string, Set<number>>()
    const repeats = new Float64Array(4)
    const later = new Float64Array(4)
    const custOf = new Map<number, number>()
    for (const b of batches("receipts")) {
      const cust = b.columns[3] as Float64Array
      const id = b.columns[4] as Float64Array
      for (let r = 0; r < b.length; r++) custOf.set(id[r]!, cust[r]!)
    }
    for (const l of batches("receipt_lines")) {
      const id = l.columns[2] as Float64Array
      const product = l.columns[4] as Float64Array
      for (let r = 0; r < l.length; r++) {
        const p = product[r]! - 1
        const key = `${custOf.get(id[r]!)}:${m.products.category[p]}`
        const brands = seen.get(key)
        const g = segmentOf.get(id[r]!)!
        if (brands === undefined) seen.set(key, new Set([m.products.brandId[p]!]))
        else {
          later[g]!++
          if (brands.has(m.products.brandId[p]!)) repeats[g]!++
          brands.add(m.products.brandId[p]!)
        }
      }
    }
    const rate = (g: number) => repeats[g]! / later[g]!
    for (const g of [Segments.BUDGET, Segments.CONVENIENCE, Segments.QUALITY])
      expect(rate(Segments.BRAND_LOYAL), `vs ${Segments.NAMES[g]}`).toBeGreaterThan(rate(g) + 0.15)
  })

  it("gives brand-loyal customers a top-brand share at least twice any other segment's", () => {
    // Over customers with ≥ 2 receipts: the lines in their most bought brand ÷ their lines.
    const m = year.master
    const custOf = new Map<number, number>()
    const visits = new Map<number, number>()
    for (const b of batches("receipts")) {
      const cust = b.columns[3] as Float64Array
      const id = b.columns[4] as Float64Array
      for (let r = 0; r < b.length; r++) {
        custOf.set(id[r]!, cust[r]!)
        visits.set(cust[r]!, (visits.get(cust[r]!) ?? 0) + 1)
      }
    }
    const byCustomer = new Map<number, Map<number, number>>()
    for (const l of batches("receipt_lines")) {
      const id = l.columns[2] as Float64Array
      const product = l.columns[4] as Float64Array
      for (let r = 0; r < l.length; r++) {
        const c = custOf.get(id[r]!)!
        if (visits.get(c)! < 2) continue
        const brands = byCustomer.get(c) ?? new Map<number, number>()
        byCustomer.set(c, brands)
        const brand = m.products.brandId[product[r]! - 1]!
        brands.set(brand, (brands.get(brand) ?? 0) + 1)
      }
    }
    const top = new Float64Array(4)
    const lines = new Float64Array(4)
    for (const [c, brands] of byCustomer) {
      const g = Segments.of(m.customers, c - 1)
      top[g]! += Math.max(...brands.values())
      for (const n of brands.values()) lines[g]! += n
    }
    const share = (g: number) => top[g]! / lines[g]!
    for (const g of [Segments.BUDGET, Segments.CONVENIENCE, Segments.QUALITY])
      expect(share(Segments.BRAND_LOYAL), `vs ${Segments.NAMES[g]}`).toBeGreaterThanOrEqual(2 * share(g))
  })

  it("sends most of a customer's visits to their two nearest stores", () => {
    const { near2, receiptSegments, visits } = receiptFacts()
    expect(near2 / receiptSegments.length).toBeGreaterThan(0.85)
    let regulars = 0
    let mostlyNear = 0
    for (const [n, top2] of visits.values()) {
      if (n < 8) continue
      regulars++
      if (top2 > n / 2) mostlyNear++
    }
    expect(regulars).toBeGreaterThan(500)
    expect(mostlyNear / regulars).toBeGreaterThan(0.9)
  })
})

describe("online orders", () => {
  it("average onlineOrdersPerDay a day (±8 %), peak in the evening and reconcile", () => {
    let orders = 0
    const hours = new Float64Array(24)
    for (const b of batches("online_orders")) {
      orders += b.length
      const ts = b.columns[1] as Float64Array
      const sub = b.columns[7] as Float64Array
      const tax = b.columns[8] as Float64Array
      const total = b.columns[9] as Float64Array
      for (let r = 0; r < b.length; r++) {
        hours[Timestamp.hour(ts[r]!)]!++
        expect(total[r]).toBe(sub[r]! + tax[r]!)
        expect(sub[r]!).toBeGreaterThan(0)
      }
    }
    const perDay = orders / (END - START + 1)
    expect(Math.abs(perDay / ONLINE - 1)).toBeLessThan(0.08)
    const peak = hours.indexOf(Math.max(...hours))
    expect(peak).toBeGreaterThanOrEqual(19)
    expect(peak).toBeLessThanOrEqual(21)
    expect(hours[3]!).toBeLessThan(hours[20]! / 5)
  })
})

describe("calibration of lines per receipt", () => {
  for (const items of [1.5, 7]) {
    it(`holds for itemsPerTicketMean ${items} over a month (±5 %)`, async () => {
      const master = F.master({ seed: 12, stores: 4, dcs: 1, customers: 2000, products: 500 })
      const out = await Effect.runPromise(
        F.run({
          plugins: [
            Stock.unlimited,
            ...Shoppers.plugins({ customersPerDay: 200, itemsPerTicketMean: items, onlineOrdersPerDay: 0 })
          ],
          master,
          seed: 3,
          start: Calendar.parse("2025-03-01"),
          end: Calendar.parse("2025-03-31")
        })
      )
      const receipts = out.tables.receipts!.reduce((a, b) => a + b.length, 0)
      const lines = out.tables.receipt_lines!.reduce((a, b) => a + b.length, 0)
      expect(Math.abs(lines / receipts / items - 1)).toBeLessThan(0.05)
    })
  }
})
