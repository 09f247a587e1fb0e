import { describe, expect, it } from "@effect/vitest"
import { Calendar, Rng } from "@retail-datagen/core"
import { Departments, Patterns } from "@retail-datagen/patterns"
import { Promotions } from "../src/index.js"

describe("Promotions", () => {
  it("weeklyDeal: one deal per week of the year, code DEAL<yy><ww>, two departments, 10–25 % off", () => {
    const first = Calendar.parse("2024-01-01")
    const codes = new Set<string>()
    for (let d = first; d < first + 366; d++) {
      const deal = Promotions.weeklyDeal(42, d)
      const week = Promotions.weekOfYear(d)
      expect(deal.code).toBe(`DEAL24${String(week).padStart(2, "0")}`)
      expect(deal.start).toBeLessThanOrEqual(d)
      expect(deal.end).toBeGreaterThanOrEqual(d)
      expect(deal.end - deal.start).toBeLessThanOrEqual(6)
      expect(Calendar.year(deal.end)).toBe(2024)
      expect(Promotions.DEAL_DISCOUNTS).toContain(deal.discountBps)
      expect(new Set(deal.departmentIndices).size).toBe(2)
      for (const i of deal.departmentIndices)
        expect(Departments.DEPARTMENTS[i]).toBe(deal.departments[deal.departmentIndices.indexOf(i)])
      codes.add(deal.code)
    }
    expect(codes.size).toBe(53)
  })

  it("weeklyDeal is a function of (seed, week): same within a week, varies across seeds", () => {
    const d = Calendar.parse("2025-06-11")
    const w0 = Calendar.fromYmd(2025, 1, 1) + (Promotions.weekOfYear(d) - 1) * 7
    expect(Promotions.weeklyDeal(7, d)).toEqual(Promotions.weeklyDeal(7, w0))
    const variants = new Set(
      Array.from({ length: 20 }, (_, s) => JSON.stringify(Promotions.weeklyDeal(s, d).departmentIndices))
    )
    expect(variants.size).toBeGreaterThan(5)
  })

  it("forDay: the chain promotions of patterns, then the weekly deal, with department masks", () => {
    const p = Patterns.make({ seed: 42 })
    const bf = Calendar.parse("2024-11-29")
    const day = Promotions.forDay(p, 42, bf)
    expect(day.chain).toBe(true)
    expect(day.list.map((x) => x.code)).toEqual([
      ...p.activePromotions(bf).map((x) => x.code),
      Promotions.weeklyDeal(42, bf).code
    ])
    day.list.forEach((promo, i) => {
      for (let d = 0; d < Departments.COUNT; d++)
        expect(day.mask[i * Departments.COUNT + d]).toBe(promo.departmentIndices.includes(d) ? 1 : 0)
    })
    // Chain promotions weigh CHAIN_WEIGHT against the deal's 1.
    const rng = Rng.make(1, "pick")
    let deal = 0
    for (let i = 0; i < 20000; i++) if (day.pick.sample(rng) === day.list.length - 1) deal++
    const expected = 1 / (1 + Promotions.CHAIN_WEIGHT * (day.list.length - 1))
    expect(Math.abs(deal / 20000 - expected)).toBeLessThan(0.02)
    let quietDay = Calendar.parse("2024-01-01")
    while (p.activePromotions(quietDay).length > 0) quietDay++
    const quiet = Promotions.forDay(p, 42, quietDay)
    expect(quiet.chain).toBe(false)
    expect(quiet.list.map((x) => x.code)).toEqual([Promotions.weeklyDeal(42, quietDay).code])
  })
})
