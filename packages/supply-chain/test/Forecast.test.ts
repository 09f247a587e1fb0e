import { describe, expect, it } from "@effect/vitest"
import { Calendar } from "@retail-datagen/core"
import { Departments, Overrides, Patterns } from "@retail-datagen/patterns"
import { FastCheck } from "effect"
import { SupplyOptions } from "../src/index.js"
import { BUCKETS, Forecast, MAX_RATIO, MIN_RATIO, ONLINE, STORE } from "../src/internal/forecast.js"
import { masterOf } from "./helpers.js"

const master = masterOf({ seed: 3, stores: 4, dcs: 1, products: 300 })
const electronics = Departments.indexOf("electronics")

/** The outlook over the patterns of (seed, overrides) from `start`, as the stock plugin builds it. */
const outlook = (seed: number, start: number, overrides?: Overrides.PatternOverrides) =>
  new Forecast(
    master,
    seed,
    Patterns.make({ seed, start, ...(overrides === undefined ? {} : { overrides }) }),
    start,
    0.2
  )

describe("demand outlook", () => {
  it("anticipates Black Friday's electronics lift from the week before", () => {
    const start = Calendar.parse("2024-11-01")
    const f = outlook(7, start)
    const day = Calendar.parse("2024-11-24") // 5 days before Black Friday
    const lead = f.ratio(STORE, electronics, day, day + 1, 5)
    const later = f.ratio(STORE, electronics, day, day + 6, 14)
    const ordinary = f.ratio(
      STORE,
      electronics,
      Calendar.parse("2024-11-10"),
      Calendar.parse("2024-11-11"),
      7
    )
    // the week with Black Friday (3.5 × traffic, electronics lifted) is well above the smoothed past
    expect(f.ratio(STORE, electronics, day, day + 1, 7)).toBeGreaterThan(1.3)
    expect(lead).toBeGreaterThan(1)
    // an ordinary mid-November week (no holiday) stays near the past
    expect(Math.abs(ordinary - 1)).toBeLessThan(0.25)
    expect(later).toBeGreaterThan(0)
  })

  it("does not carry a peak past it: the days after Black Friday's weekend are below the smoothed past", () => {
    const f = outlook(7, Calendar.parse("2024-11-01"))
    const day = Calendar.parse("2024-12-01")
    expect(f.ratio(STORE, Departments.indexOf("grocery"), day, day + 1, 3)).toBeLessThan(1)
  })

  it("overrides change the outlook: without the Black Friday multiplier the ratio drops", () => {
    const start = Calendar.parse("2024-11-01")
    const day = Calendar.parse("2024-11-26")
    const base = outlook(7, start).ratio(STORE, electronics, day, day + 1, 5)
    const flat = outlook(7, start, Overrides.decodeSync({ holidays: { "black-friday": 1 } })).ratio(
      STORE,
      electronics,
      day,
      day + 1,
      5
    )
    expect(flat).toBeLessThan(base)
  })

  it("the patterns are not a supply-chain option (they come from the patterns plugin): refused naming the field", () => {
    const bad = SupplyOptions.decodeEither({ patterns: {} })
    expect(bad._tag === "Left" ? bad.left.field : "").toBe("patterns")
    expect(bad._tag === "Left" ? bad.left.message : "").toMatch(/a known field/)
  })

  it.prop(
    "ratios are bounded, positive and a pure function of the inputs",
    [
      FastCheck.integer({ min: 0, max: 5000 }),
      FastCheck.integer({ min: 0, max: 400 }),
      FastCheck.integer({ min: 1, max: 60 }),
      FastCheck.integer({ min: 0, max: BUCKETS - 1 }),
      FastCheck.boolean()
    ],
    ([startOffset, dayOffset, days, b, online]) => {
      const start = Calendar.parse("2020-01-01") + startOffset
      const day = start + dayOffset
      const ch = online ? ONLINE : STORE
      const a = outlook(11, start)
      const r = a.ratio(ch, b, day, day + 1, days)
      expect(r).toBeGreaterThanOrEqual(MIN_RATIO)
      expect(r).toBeLessThanOrEqual(MAX_RATIO)
      // asked late (after the tables grew for other days) gives the same value
      const c = outlook(11, start)
      c.ratio(ch, b, day + 300, day + 301, 30)
      expect(c.ratio(ch, b, day, day + 1, days)).toBe(r)
    },
    { fastCheck: { numRuns: 30 } }
  )
})
