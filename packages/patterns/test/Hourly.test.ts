import { Rng } from "@retail-datagen/core"
import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import { Hourly } from "../src/index.js"

const H = 3600
const sum = (xs: ArrayLike<number>): number => {
  let s = 0
  for (let i = 0; i < xs.length; i++) s += xs[i]!
  return s
}
const argmax = (xs: ArrayLike<number>): number => {
  let best = 0
  for (let i = 1; i < xs.length; i++) if (xs[i]! > xs[best]!) best = i
  return best
}
const minuteAt = (c: Hourly.Curve, h: number, m: number): number => c.minutes[h * 60 + m]!

describe("Hourly curves", () => {
  it("weekday: lunch rise 11:30–13:30 above mid-morning and mid-afternoon; peak hour within 17:00–20:00", () => {
    const c = Hourly.WEEKDAY
    expect(minuteAt(c, 12, 30)).toBeGreaterThan(1.5 * minuteAt(c, 10, 30))
    expect(minuteAt(c, 12, 30)).toBeGreaterThan(1.5 * minuteAt(c, 15, 0))
    expect(minuteAt(c, 11, 45)).toBeGreaterThan(minuteAt(c, 11, 0))
    expect(minuteAt(c, 13, 15)).toBeGreaterThan(minuteAt(c, 14, 15))
    for (const [open, close] of [
      [8, 22],
      [9, 21],
      [7, 23],
      [0, 24],
      [10, 20]
    ] as const) {
      const s = Hourly.hourShares(c, open * H, close * H)
      const peak = argmax(s)
      expect(peak).toBeGreaterThanOrEqual(17)
      expect(peak).toBeLessThanOrEqual(19)
      expect(s[12]!).toBeGreaterThan(s[10]!)
      expect(s[12]!).toBeGreaterThan(s[15]!)
    }
  })

  it("weekend: a broad midday peak", () => {
    const s = Hourly.hourShares(Hourly.WEEKEND, 8 * H, 22 * H)
    const peak = argmax(s)
    expect(peak).toBeGreaterThanOrEqual(11)
    expect(peak).toBeLessThanOrEqual(15)
    // broad: the four middle hours all carry at least 80 % of the peak
    for (let h = 11; h <= 14; h++) expect(s[h]!).toBeGreaterThan(0.8 * s[peak]!)
    const wd = Hourly.hourShares(Hourly.WEEKDAY, 8 * H, 22 * H)
    expect(s[13]!).toBeGreaterThan(wd[13]!)
  })

  it("online: open 24 h with an evening peak", () => {
    const s = Hourly.hourShares(Hourly.ONLINE, 0, 24 * H)
    for (let h = 0; h < 24; h++) expect(s[h]!).toBeGreaterThan(0)
    const peak = argmax(s)
    expect(peak).toBeGreaterThanOrEqual(19)
    expect(peak).toBeLessThanOrEqual(22)
  })

  it("fromHourWeights spreads each hour's weight evenly over its minutes", () => {
    const w = Array.from({ length: 24 }, (_, h) => (h === 9 ? 6 : h === 10 ? 3 : 0))
    const c = Hourly.fromHourWeights(w)
    expect(Array.from(c.hourWeights())).toEqual(w.map((x) => expect.closeTo(x, 12)))
    const s = Hourly.hourShares(c, 0, 24 * H)
    expect(s[9]).toBeCloseTo(2 / 3, 12)
    expect(s[10]).toBeCloseTo(1 / 3, 12)
    expect(() => Hourly.fromHourWeights([1, 2, 3])).toThrow(/24/)
  })
})

const curveArb = FastCheck.oneof(
  FastCheck.constantFrom(Hourly.WEEKDAY, Hourly.WEEKEND, Hourly.ONLINE),
  FastCheck.array(
    FastCheck.oneof(FastCheck.constant(0), FastCheck.double({ min: 0, max: 10, noNaN: true })),
    {
      minLength: 24,
      maxLength: 24
    }
  ).map(Hourly.fromHourWeights)
)
const windowArb = FastCheck.tuple(
  FastCheck.integer({ min: 0, max: 86400 }),
  FastCheck.integer({ min: 0, max: 86400 })
).map(([a, b]): readonly [number, number] => (a <= b ? [a, b] : [b, a]))

describe("hourShares", () => {
  it.prop(
    "sum to 1 over open hours, 0 outside, all 0 when closed",
    { curve: curveArb, w: windowArb },
    ({ curve, w }) => {
      const [open, close] = w
      const s = Hourly.hourShares(curve, open, close)
      for (let h = 0; h < 24; h++) {
        expect(s[h]!).toBeGreaterThanOrEqual(0)
        if ((h + 1) * H <= open || h * H >= close) expect(s[h]).toBe(0)
      }
      if (close > open) expect(sum(s)).toBeCloseTo(1, 9)
      else expect(sum(s)).toBe(0)
    }
  )

  it("partial hours get the share of their open part", () => {
    const flat = Hourly.fromHourWeights(new Array(24).fill(1))
    const s = Hourly.hourShares(flat, 9 * H + 1800, 11 * H)
    expect(s[9]).toBeCloseTo(1 / 3, 12)
    expect(s[10]).toBeCloseTo(2 / 3, 12)
  })

  it("rejects a window outside the day", () => {
    expect(() => Hourly.hourShares(Hourly.WEEKDAY, 10 * H, 25 * H)).toThrow(/within one day/)
  })
})

describe("Sampler", () => {
  it.prop(
    "every timestamp lies inside the opening window (and inside the hour for sampleInHour)",
    {
      curve: curveArb,
      w: windowArb,
      seed: FastCheck.integer(),
      hour: FastCheck.integer({ min: 0, max: 23 })
    },
    ({ curve, w, seed, hour }) => {
      const [open, close] = w
      const s = new Hourly.Sampler(curve, open, close)
      const rng = Rng.make(seed, "sampler")
      const out = s.fill(rng, 200)
      for (const t of out) {
        if (close <= open) expect(t).toBe(-1)
        else {
          expect(Number.isInteger(t)).toBe(true)
          expect(t).toBeGreaterThanOrEqual(open)
          expect(t).toBeLessThan(close)
        }
      }
      const from = Math.max(open, hour * H)
      const to = Math.min(close, hour * H + H)
      for (let i = 0; i < 50; i++) {
        const t = s.sampleInHour(rng, hour)
        if (to <= from) expect(t).toBe(-1)
        else {
          expect(t).toBeGreaterThanOrEqual(from)
          expect(t).toBeLessThan(to)
        }
      }
    },
    { fastCheck: { numRuns: 300 } }
  )

  it("draws follow the hour shares", () => {
    const open = 8 * H
    const close = 22 * H
    const s = new Hourly.Sampler(Hourly.WEEKDAY, open, close)
    const shares = Hourly.hourShares(Hourly.WEEKDAY, open, close)
    const n = 200_000
    const out = s.fill(Rng.make(7, "dist"), n)
    const counts = new Array(24).fill(0)
    for (const t of out) counts[Math.floor(t / H)]++
    for (let h = 0; h < 24; h++) {
      const expected = shares[h]! * n
      // 5 standard deviations of a binomial count, plus a small floor
      const tol = 5 * Math.sqrt(expected * (1 - shares[h]!)) + 5
      expect(Math.abs(counts[h] - expected)).toBeLessThanOrEqual(tol)
    }
    // the lunch rise starts at 11:30, so 12:00–13:00 carries more than 11:00–12:00
    expect(counts[12]).toBeGreaterThan(counts[11])
  })

  it("is deterministic per stream and fillSorted sorts", () => {
    const s = new Hourly.Sampler(Hourly.WEEKEND, 9 * H, 21 * H)
    const a = s.fill(Rng.make(1, "x"), 100)
    const b = s.fill(Rng.make(1, "x"), 100)
    expect(Array.from(a)).toEqual(Array.from(b))
    const sorted = s.fillSorted(Rng.make(1, "x"), 100)
    expect(Array.from(sorted)).toEqual(Array.from(a).sort((x, y) => x - y))
    expect(s.isClosed).toBe(false)
    expect(new Hourly.Sampler(Hourly.WEEKEND, 0, 0).isClosed).toBe(true)
  })
})
