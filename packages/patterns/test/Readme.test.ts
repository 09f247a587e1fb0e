import { Calendar, Rng } from "@retail-datagen/core"
import { describe, expect, it } from "@effect/vitest"
import { Hourly, Patterns, StoreHours } from "../src/index.js"

// The README's opening example, with its comments checked.
describe("README example", () => {
  it("runs and its stated values hold", () => {
    const p = Patterns.make({
      seed: 42,
      start: Calendar.parse("2024-01-01"),
      end: Calendar.parse("2024-12-31")
    })
    const bf = Calendar.parse("2024-11-29")
    const store = { hours: StoreHours.PRESETS["09-21"], region: "Midwest" }

    expect(p.dayMultiplier(bf)).toBeCloseTo(p.seasonal(bf) * 3.5 * 1.2, 12)
    expect(p.seasonal(bf)).toBeCloseTo(1.04, 2)
    expect([1, 0.9, 0.7, 0.95].map((w) => w * p.dayMultiplier(bf))).toContainEqual(
      expect.closeTo(p.overall(bf, undefined, store), 12)
    )
    expect(p.overall(bf, 10, store, "electronics")).toBeGreaterThan(0)
    expect(p.categoryLift(bf, "electronics")).toBeCloseTo(1.8 * 1.45, 12)
    expect(p.activePromotions(bf).map((x) => x.code)).toEqual(["BLACKFRIDAY24"])

    const h = p.storeHours(bf, store.hours)
    expect([h.open, h.close]).toEqual([6 * 3600, 22 * 3600])
    const shares = p.hourShares(bf, h.open, h.close)
    expect(shares[5]).toBe(0)
    expect(shares[22]).toBe(0)
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    const second = p.sampler(bf, h.open, h.close).sample(Rng.make(42, "receipts", 7, bf))
    expect(second).toBeGreaterThanOrEqual(h.open)
    expect(second).toBeLessThan(h.close)

    expect(p.storeHours(Calendar.parse("2024-12-25"), store.hours).closed).toBe(true)
  })

  it("the hour-share figures quoted for an 08–22 store", () => {
    const wd = Hourly.hourShares(Hourly.WEEKDAY, 8 * 3600, 22 * 3600)
    const pct = (x: number): number => Math.round(x * 1000) / 10
    expect([8, 10, 12, 15, 17, 18, 19, 21].map((hh) => pct(wd[hh]!))).toEqual([
      5.8, 4.3, 9.8, 4.6, 11.8, 15.4, 11.7, 3.3
    ])
    const we = Hourly.hourShares(Hourly.WEEKEND, 8 * 3600, 22 * 3600)
    expect([11, 12, 13, 14].map((hh) => pct(we[hh]!))).toEqual([9.4, 11.0, 11.6, 11.0])
    const on = Hourly.hourShares(Hourly.ONLINE, 0, 24 * 3600)
    expect([2, 20].map((hh) => pct(on[hh]!))).toEqual([0.7, 11.4])
  })
})
