import { Calendar, Rng } from "@retail-datagen/core"
import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import { Departments, Holidays, Hourly, Patterns, StoreHours } from "../src/index.js"

const H = 3600
const p = Patterns.make({ seed: 42, start: Calendar.parse("2024-01-01"), end: Calendar.parse("2025-12-31") })

/**
 * Days with the same weekday as `day`, from `before` weeks before to `after` weeks after, free of
 * holidays (summer aside) and promotions.
 */
const ordinarySameWeekday = (
  pp: Patterns.Patterns,
  day: number,
  before: number,
  after = before
): Array<number> => {
  const out: Array<number> = []
  for (let w = -before; w <= after; w++) {
    const d = day + 7 * w
    if (w === 0) continue
    if (pp.holidaysOn(d).some((n) => n !== "summer")) continue
    if (pp.activePromotions(d).length > 0) continue
    out.push(d)
  }
  return out
}
const mean = (xs: ReadonlyArray<number>): number => xs.reduce((s, x) => s + x, 0) / xs.length

describe("Black Friday", () => {
  it("is 3.5× (±3 %) the average ordinary Friday of the surrounding ±6 weeks, after all multipliers, 1990–2100", () => {
    for (let y = 1990; y <= 2100; y++) {
      const bf = Holidays.blackFriday(y)
      const refs = ordinarySameWeekday(p, bf, 6)
      expect(refs.length).toBeGreaterThanOrEqual(2)
      const ratio = p.dayMultiplier(bf) / mean(refs.map((d) => p.dayMultiplier(d)))
      expect(ratio, `Black Friday ${y}`).toBeGreaterThan(3.5 * 0.97)
      expect(ratio, `Black Friday ${y}`).toBeLessThan(3.5 * 1.03)
    }
  })

  it("follows an overridden multiplier", () => {
    const q = Patterns.make({ seed: 42, overrides: { holidays: { "black-friday": 5 } } })
    const bf = Holidays.blackFriday(2024)
    const ratio = q.dayMultiplier(bf) / mean(ordinarySameWeekday(q, bf, 6).map((d) => q.dayMultiplier(d)))
    expect(ratio).toBeGreaterThan(5 * 0.97)
    expect(ratio).toBeLessThan(5 * 1.03)
  })

  it("has extended hours: regular stores open earlier than on an ordinary Friday", () => {
    const bf = Holidays.blackFriday(2024)
    for (const h of [StoreHours.PRESETS["08-22"], StoreHours.PRESETS["09-21"], StoreHours.PRESETS["10-20"]]) {
      expect(p.storeHours(bf, h).open).toBeLessThan(p.storeHours(bf - 7, h).open)
    }
  })
})

describe("Christmas", () => {
  it("the run-up (December 15–22) is ≈ 2× (±10 %) an ordinary day of the same weekday in the 8 weeks before", () => {
    for (let y = 2000; y <= 2060; y++) {
      for (let d = Calendar.fromYmd(y, 12, 15); d <= Calendar.fromYmd(y, 12, 22); d++) {
        const refs = ordinarySameWeekday(p, d, 8, 0)
        const ratio = p.dayMultiplier(d) / mean(refs.map((r) => p.dayMultiplier(r)))
        expect(ratio, Calendar.format(d)).toBeGreaterThan(1.8)
        expect(ratio, Calendar.format(d)).toBeLessThan(2.2)
      }
    }
  })

  it("Christmas Day: every store closed, zero store traffic, online open", () => {
    for (let y = 1990; y <= 2100; y += 5) {
      const xmas = Holidays.christmasDay(y)
      expect(p.dayMultiplier(xmas)).toBe(0)
      expect(p.dayMultiplier(xmas, "online")).toBeGreaterThan(0)
      for (const hours of Object.values(StoreHours.PRESETS)) {
        const store = { hours, region: "Midwest" }
        const h = p.storeHours(xmas, hours)
        expect(h.closed).toBe(true)
        expect(p.storeDayMultiplier(xmas, store)).toBe(0)
        for (let hour = 0; hour < 24; hour++) expect(p.overall(xmas, hour, store, "grocery")).toBe(0)
        expect(Array.from(p.hourShares(xmas, h.open, h.close)).every((s) => s === 0)).toBe(true)
        expect(p.sampler(xmas, h.open, h.close).sample(Rng.make(1, "x"))).toBe(-1)
      }
    }
  })
})

describe("Patterns.overall", () => {
  const store = { hours: StoreHours.PRESETS["08-22"], region: "Southeast" }

  it("without options is the day multiplier; with a store, times weather; with a department, times its lift", () => {
    for (let d = Calendar.parse("2024-01-01"); d <= Calendar.parse("2024-12-31"); d += 3) {
      expect(p.overall(d)).toBe(p.dayMultiplier(d))
      const closed = p.storeHours(d, store.hours).closed
      const expected = closed ? 0 : p.dayMultiplier(d) * p.weatherMultiplier(d, store.region)
      expect(p.overall(d, undefined, store)).toBeCloseTo(expected, 12)
      expect(p.overall(d, undefined, store, "electronics")).toBeCloseTo(
        expected * p.categoryLift(d, "electronics", store.region),
        12
      )
      expect(p.overall(d, undefined, undefined, 5)).toBeCloseTo(p.dayMultiplier(d) * p.categoryLift(d, 5), 12)
    }
  })

  it("hour factors average to 1 over the open hours (a day's total is preserved)", () => {
    for (let d = Calendar.parse("2024-11-20"); d <= Calendar.parse("2024-12-31"); d++) {
      const h = p.storeHours(d, store.hours)
      const day = p.storeDayMultiplier(d, store)
      let sum = 0
      for (let hour = 0; hour < 24; hour++) sum += p.overall(d, hour, store)
      if (h.closed) expect(sum).toBe(0)
      else expect(sum / ((h.close - h.open) / H)).toBeCloseTo(day, 9)
      let sumChain = 0
      for (let hour = 0; hour < 24; hour++) sumChain += p.overall(d, hour)
      expect(sumChain / 24).toBeCloseTo(p.dayMultiplier(d), 9)
    }
  })

  it("closed hours are 0 and the weekday peak hour is in 17:00–20:00", () => {
    const wed = Calendar.parse("2024-03-13")
    expect(p.overall(wed, 6, store)).toBe(0)
    expect(p.overall(wed, 22, store)).toBe(0)
    let best = 0
    for (let hour = 0; hour < 24; hour++)
      if (p.overall(wed, hour, store) > p.overall(wed, best, store)) best = hour
    expect(best).toBeGreaterThanOrEqual(17)
    expect(best).toBeLessThanOrEqual(19)
  })

  it("uses the weekend curve on weekends and on day-off holidays, the online curve online", () => {
    const sat = Calendar.parse("2024-03-16")
    const wed = Calendar.parse("2024-03-13")
    expect(p.curve(sat)).toBe(Hourly.WEEKEND)
    expect(p.curve(wed)).toBe(Hourly.WEEKDAY)
    expect(p.curve(Holidays.laborDay(2024))).toBe(Hourly.WEEKEND)
    expect(p.curve(wed, "online")).toBe(Hourly.ONLINE)
  })
})

describe("Patterns lifts", () => {
  it("August lifts electronics and clothing; summer lifts outdoor and BBQ departments; Cyber Monday lifts online", () => {
    const avgLift = (m: number, dept: string): number => {
      const xs: Array<number> = []
      for (let d = Calendar.fromYmd(2025, m, 1); d < Calendar.fromYmd(2025, m, 1) + 28; d++)
        xs.push(p.categoryLift(d, dept))
      return mean(xs)
    }
    expect(avgLift(8, "electronics")).toBeGreaterThan(1.3)
    expect(avgLift(8, "clothing")).toBeGreaterThan(1.3)
    expect(avgLift(3, "electronics")).toBeLessThan(1.1)
    expect(avgLift(7, "seasonal & sports")).toBeGreaterThan(1.3)
    expect(avgLift(7, "home & garden")).toBeGreaterThan(1.3)
    expect(avgLift(7, "beverages")).toBeGreaterThan(1.2)
    expect(avgLift(2, "seasonal & sports")).toBeLessThan(1.1)
    const cm = Holidays.cyberMonday(2025)
    expect(p.dayMultiplier(cm, "online") / p.dayMultiplier(cm - 7, "online")).toBeGreaterThan(
      2 * (p.dayMultiplier(cm) / p.dayMultiplier(cm - 7))
    )
  })

  it("categoryLifts fills all departments consistently with categoryLift, with and without weather", () => {
    const out = new Float64Array(Departments.COUNT)
    for (let d = Calendar.parse("2024-06-01"); d < Calendar.parse("2024-08-01"); d++) {
      p.categoryLifts(d, "Southwest", out)
      for (let k = 0; k < Departments.COUNT; k++) {
        expect(out[k]).toBeCloseTo(p.categoryLift(d, k, "Southwest"), 12)
        expect(p.categoryLift(d, Departments.DEPARTMENTS[k]!)).toBe(p.categoryLifts(d)[k])
      }
    }
    expect(p.categoryLift(Calendar.parse("2024-03-13"), "not a department")).toBe(1)
  })

  it("custom events from the overrides are active and lift traffic and their departments", () => {
    const q = Patterns.make({
      seed: 1,
      overrides: {
        events: {
          flashSales: false,
          extra: [
            {
              code: "PETWEEK",
              start: "2024-03-11",
              end: "2024-03-15",
              discountBps: 2000,
              departments: ["pet"],
              trafficMultiplier: 1.1
            }
          ]
        }
      }
    })
    const d = Calendar.parse("2024-03-13")
    expect(q.activePromotions(d).map((x) => x.code)).toEqual(["PETWEEK"])
    expect(q.eventMultiplier(d)).toBeCloseTo(1.1, 12)
    expect(q.categoryLift(d, "pet")).toBeCloseTo(1.3, 12)
    expect(q.activePromotions(d + 3)).toEqual([])
    expect(q.promotions(2024).some((x) => x.kind === "flash")).toBe(false)
  })
})

describe("Patterns determinism and tables", () => {
  it("precomputed and lazily built years agree, in any order of calls", () => {
    const lazy = Patterns.make({ seed: 42 })
    const days = Array.from({ length: 300 }, (_, i) => Calendar.parse("2023-06-01") + ((i * 7919) % 1200))
    for (const d of days) {
      expect(lazy.dayMultiplier(d)).toBe(p.dayMultiplier(d))
      expect(lazy.dayMultiplier(d, "online")).toBe(p.dayMultiplier(d, "online"))
      expect(lazy.weatherCode(d, "Midwest")).toBe(p.weatherCode(d, "Midwest"))
      expect(lazy.categoryLift(d, 3, "Midwest")).toBe(p.categoryLift(d, 3, "Midwest"))
      expect(lazy.activePromotions(d).map((x) => x.code)).toEqual(p.activePromotions(d).map((x) => x.code))
    }
  })

  it("the average day multiplier over a year is close to the weekday mean (holidays add a little)", () => {
    const m = p.meanDayMultiplier(Calendar.parse("2025-01-01"), Calendar.parse("2025-12-31"))
    expect(m).toBeGreaterThan(1.014)
    expect(m).toBeLessThan(1.2)
  })

  it("rejects a reversed range", () => {
    expect(() => Patterns.make({ start: 100, end: 50 })).toThrow(/before/)
  })

  it("an hourly override replaces the weekday curve", () => {
    const w = new Array(24).fill(0)
    w[10] = 1
    const q = Patterns.make({ overrides: { hourly: { weekday: w } } })
    const s = q.hourShares(Calendar.parse("2024-03-13"), 8 * H, 22 * H)
    expect(s[10]).toBeCloseTo(1, 12)
    const t = q.sampler(Calendar.parse("2024-03-13"), 8 * H, 22 * H).fill(Rng.make(1, "h"), 100)
    for (const x of t) expect(Math.floor(x / H)).toBe(10)
  })
})

describe("timestamps inside opening hours", () => {
  const presets = Object.values(StoreHours.PRESETS)
  it.prop(
    "every sampled second lies in the store's window of that day; hour shares vanish outside it",
    {
      day: FastCheck.integer({ min: Calendar.parse("1990-01-01"), max: Calendar.parse("2100-12-31") }),
      preset: FastCheck.integer({ min: 0, max: presets.length - 1 }),
      custom: FastCheck.option(
        FastCheck.tuple(FastCheck.integer({ min: 0, max: 23 }), FastCheck.integer({ min: 1, max: 24 }))
      ),
      seed: FastCheck.integer()
    },
    ({ day, preset, custom, seed }) => {
      const hours =
        custom === null ? presets[preset]! : { open: custom[0], close: Math.min(24, custom[0] + custom[1]) }
      const h = p.storeHours(day, hours)
      const shares = p.hourShares(day, h.open, h.close)
      for (let hour = 0; hour < 24; hour++) {
        if ((hour + 1) * H <= h.open || hour * H >= h.close) expect(shares[hour]).toBe(0)
      }
      const s = p.sampler(day, h.open, h.close)
      const rng = Rng.make(seed, "ts", day)
      for (let i = 0; i < 100; i++) {
        const t = s.sample(rng)
        if (h.closed) expect(t).toBe(-1)
        else {
          expect(t).toBeGreaterThanOrEqual(h.open)
          expect(t).toBeLessThan(h.close)
        }
      }
      for (let hour = 0; hour < 24; hour++) {
        const t = s.sampleInHour(rng, hour)
        if (shares[hour] === 0 && (h.closed || (hour + 1) * H <= h.open || hour * H >= h.close))
          expect(t).toBe(-1)
        else {
          expect(t).toBeGreaterThanOrEqual(Math.max(h.open, hour * H))
          expect(t).toBeLessThan(Math.min(h.close, hour * H + H))
        }
      }
    },
    { fastCheck: { numRuns: 300 } }
  )
})
