import { Calendar } from "@retail-datagen/core"
import { describe, expect, it } from "@effect/vitest"
import { Patterns, Weekly } from "../src/index.js"

describe("Weekly", () => {
  it("uses exactly the contract's day-of-week factors, Monday first", () => {
    expect([...Weekly.DEFAULT]).toEqual([0.7, 0.8, 0.9, 1.0, 1.2, 1.4, 1.1])
    const monday = Calendar.parse("2024-03-11")
    expect(Calendar.dayOfWeek(monday)).toBe(Calendar.MONDAY)
    const got = Array.from({ length: 7 }, (_, i) => Weekly.multiplier(monday + i))
    expect(got).toEqual([0.7, 0.8, 0.9, 1.0, 1.2, 1.4, 1.1])
    expect(Weekly.isWeekend(monday + 5)).toBe(true)
    expect(Weekly.isWeekend(monday + 4)).toBe(false)
  })

  it("the facade's day multiplier carries the weekday ratios exactly (other factors divided out)", () => {
    const p = Patterns.make({ seed: 9 })
    const start = Calendar.parse("2024-01-01")
    for (let d = start; d < start + 366 * 2; d++) {
      const rest = p.seasonal(d) * p.holiday(d) * p.eventMultiplier(d)
      if (rest === 0) continue
      expect(p.dayMultiplier(d) / rest).toBeCloseTo(Weekly.DEFAULT[Calendar.dayOfWeek(d)]!, 12)
    }
  })

  it("with a flat season, the days of an ordinary week stand exactly in the weekday ratios", () => {
    const p = Patterns.make({ seed: 9, overrides: { seasonal: new Array(12).fill(1) } })
    const monday = Calendar.parse("2024-03-04")
    const week = Array.from({ length: 7 }, (_, i) => monday + i)
    for (const d of week) {
      expect(p.holidaysOn(d)).toEqual([])
      expect(p.activePromotions(d)).toEqual([])
    }
    const ratios = week.map((d) => p.dayMultiplier(d) / p.dayMultiplier(week[3]!))
    const expected = [0.7, 0.8, 0.9, 1.0, 1.2, 1.4, 1.1]
    for (let i = 0; i < 7; i++) expect(ratios[i]).toBeCloseTo(expected[i]!, 12)
  })

  it("is overridable", () => {
    const w = [1, 1, 1, 1, 1, 2, 2]
    const p = Patterns.make({
      overrides: { weekly: w, seasonal: new Array(12).fill(1), events: { flashSales: false } }
    })
    const monday = Calendar.parse("2024-03-04")
    expect(p.weekly).toEqual(w)
    expect(p.dayMultiplier(monday + 5) / p.dayMultiplier(monday + 1)).toBeCloseTo(2, 12)
    expect(Weekly.mean(w)).toBeCloseTo(9 / 7, 12)
  })
})
