import { Calendar } from "@retail-datagen/core"
import { describe, expect, it } from "@effect/vitest"
import { Seasons } from "../src/index.js"

const mean = (xs: Float64Array): number => xs.reduce((s, x) => s + x, 0) / xs.length

describe("Seasons", () => {
  it("averages 1 over every year, leap or not", () => {
    for (let y = 1990; y <= 2100; y++) {
      const c = Seasons.curve(y)
      expect(c.length).toBe(Calendar.isLeapYear(y) ? 366 : 365)
      expect(mean(c)).toBeCloseTo(1, 12)
    }
  })

  it("has a January slump, a summer high and a lift into the holiday season", () => {
    const at = (m: number, d: number): number => Seasons.multiplier(Calendar.fromYmd(2024, m, d))
    expect(at(1, 20)).toBeLessThan(0.92)
    expect(at(7, 15)).toBeGreaterThan(1.04)
    expect(at(1, 20)).toBeLessThan(at(4, 15))
    expect(at(9, 15)).toBeLessThan(at(11, 15))
    expect(at(12, 10)).toBeGreaterThan(1)
  })

  it("is smooth: day-to-day changes stay below 1 %, across the new year too", () => {
    for (const y of [2023, 2024]) {
      const c = Seasons.curve(y)
      for (let i = 1; i < c.length; i++) expect(Math.abs(c[i]! / c[i - 1]! - 1)).toBeLessThan(0.01)
      const next = Seasons.curve(y + 1)
      expect(Math.abs(next[0]! / c[c.length - 1]! - 1)).toBeLessThan(0.01)
    }
  })

  it("follows custom anchors and renormalises them", () => {
    const flat = Seasons.curve(2025, new Array(12).fill(3))
    for (const v of flat) expect(v).toBeCloseTo(1, 12)
    const summer = Seasons.curve(2025, [1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1])
    expect(mean(summer)).toBeCloseTo(1, 12)
    expect(summer[Calendar.parse("2025-07-15") - Calendar.parse("2025-01-01")]!).toBeGreaterThan(1.4)
    expect(() => Seasons.curve(2025, [1, 2, 3])).toThrow(/12/)
  })
})
