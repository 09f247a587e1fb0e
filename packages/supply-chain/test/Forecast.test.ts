import { describe, expect, it } from "@effect/vitest"
import { Calendar } from "@retail-datagen/core"
import { Departments, Overrides } from "@retail-datagen/patterns"
import { FastCheck } from "effect"
import { BUCKETS, Forecast, MAX_RATIO, MIN_RATIO, ONLINE, STORE } from "../src/internal/forecast.js"
import { SupplyOptions } from "../src/index.js"
import { masterOf } from "./helpers.js"

const master = masterOf({ seed: 3, stores: 4, dcs: 1, products: 300 })
const electronics = Departments.indexOf("electronics")

describe("demand outlook", () => {
  it("anticipates Black Friday's electronics lift from the week before", () => {
    const start = Calendar.parse("2024-11-01")
    const f = new Forecast(master, 7, undefined, start, 0.2)
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
    const f = new Forecast(master, 7, undefined, Calendar.parse("2024-11-01"), 0.2)
    const day = Calendar.parse("2024-12-01")
    expect(f.ratio(STORE, Departments.indexOf("grocery"), day, day + 1, 3)).toBeLessThan(1)
  })

  it("overrides change the outlook: without the Black Friday multiplier the ratio drops", () => {
    const start = Calendar.parse("2024-11-01")
    const day = Calendar.parse("2024-11-26")
    const base = new Forecast(master, 7, undefined, start, 0.2).ratio(STORE, electronics, day, day + 1, 5)
    const flat = new Forecast(
      master,
      7,
      SupplyOptions.make({ patterns: Overrides.decodeSync({ holidays: { "black-friday": 1 } }) }).patterns,
      start,
      0.2
    ).ratio(STORE, electronics, day, day + 1, 5)
    expect(flat).toBeLessThan(base)
  })

  it("the patterns option passes through decoding; a non-object is refused naming the field", () => {
    const patterns = Overrides.decodeSync({ weekly: [1, 1, 1, 1, 1, 1, 1] })
    expect(SupplyOptions.make({ patterns }).patterns).toBe(patterns)
    expect(SupplyOptions.make({}).patterns).toBeUndefined()
    const bad = SupplyOptions.decodeEither({ patterns: 3 })
    expect(bad._tag === "Left" ? bad.left.field : "").toBe("patterns")
    const other = SupplyOptions.decodeEither({ patterns: {}, coverDays: 0 })
    expect(other._tag === "Left" ? other.left.field : "").toBe("coverDays")
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
      const a = new Forecast(master, 11, undefined, start, 0.2)
      const r = a.ratio(ch, b, day, day + 1, days)
      expect(r).toBeGreaterThanOrEqual(MIN_RATIO)
      expect(r).toBeLessThanOrEqual(MAX_RATIO)
      // asked late (after the tables grew for other days) gives the same value
      const c = new Forecast(master, 11, undefined, start, 0.2)
      c.ratio(ch, b, day + 300, day + 301, 30)
      expect(c.ratio(ch, b, day, day + 1, days)).toBe(r)
    },
    { fastCheck: { numRuns: 30 } }
  )
})
