import { Calendar } from "@retail-datagen/core"
import { describe, expect, it } from "@effect/vitest"
import { Patterns, Weather } from "../src/index.js"

describe("Weather", () => {
  it("maps region names to climates", () => {
    expect(Weather.climateOf("Midwest")).toBe("cold")
    expect(Weather.climateOf("Northeast")).toBe("cold")
    expect(Weather.climateOf("Pacific Northwest")).toBe("temperate")
    expect(Weather.climateOf("Southwest")).toBe("hot")
    expect(Weather.climateOf("South")).toBe("hot")
    expect(Weather.climateOf("West")).toBe("mild")
    expect(Weather.climateOf("Atlantis")).toBe("temperate")
    expect(Weather.climateOf("Atlantis", { Atlantis: "hot" })).toBe("hot")
  })

  it("is deterministic per (seed, region, day), whatever the order of calls", () => {
    const days = Array.from({ length: 400 }, (_, i) => Calendar.parse("2024-01-01") + i)
    const forward = days.map((d) => Weather.conditionCode(42, "Midwest", d))
    const backward = [...days]
      .reverse()
      .map((d) => Weather.conditionCode(42, "Midwest", d))
      .reverse()
    expect(backward).toEqual(forward)
    const p1 = Patterns.make({ seed: 42 })
    const p2 = Patterns.make({ seed: 42 })
    // interleave another region in one instance only
    const interleaved = days.map((d) => {
      p1.weatherCode(d, "South")
      return p1.weatherCode(d, "Midwest")
    })
    expect(interleaved).toEqual(forward)
    expect(days.map((d) => p2.weatherCode(d, "Midwest"))).toEqual(forward)
  })

  it("differs between seeds and between regions", () => {
    const days = Array.from({ length: 365 }, (_, i) => Calendar.parse("2024-01-01") + i)
    const a = days.map((d) => Weather.conditionCode(1, "Midwest", d))
    const b = days.map((d) => Weather.conditionCode(2, "Midwest", d))
    const c = days.map((d) => Weather.conditionCode(1, "Great Lakes", d))
    expect(a).not.toEqual(b)
    expect(a).not.toEqual(c)
  })

  it("frequencies follow climate and season", () => {
    const count = (region: string, month: number, code: number): number => {
      let hits = 0
      let n = 0
      for (let y = 1990; y < 2090; y++) {
        for (let d = 1; d <= 28; d++) {
          n++
          if (Weather.conditionCode(5, region, Calendar.fromYmd(y, month, d)) === code) hits++
        }
      }
      return hits / n
    }
    // 2,800 draws: standard deviation of a rate near 0.2 is ~0.0076
    expect(Math.abs(count("Midwest", 1, Weather.SNOW) - 0.18)).toBeLessThan(0.04)
    expect(count("Midwest", 7, Weather.SNOW)).toBe(0)
    expect(count("West", 1, Weather.SNOW)).toBe(0)
    expect(Math.abs(count("Southwest", 7, Weather.HEAT) - 0.25)).toBeLessThan(0.04)
    expect(count("Southwest", 1, Weather.HEAT)).toBe(0)
  })

  it("traffic and department effects", () => {
    expect(Weather.TRAFFIC).toEqual({ clear: 1, rain: 0.9, snow: 0.7, heat: 0.95 })
    const beverages = 1
    expect(Weather.CATEGORY_LIFTS[Weather.HEAT]![beverages]).toBeGreaterThan(1.2)
    const p = Patterns.make({ seed: 3 })
    const day = Calendar.parse("2024-01-16")
    const c = p.weatherCode(day, "Midwest")
    expect(p.weatherMultiplier(day, "Midwest")).toBe(Weather.TRAFFIC[Weather.CONDITIONS[c]!])
  })

  it("can be disabled", () => {
    const p = Patterns.make({ seed: 3, overrides: { weather: { enabled: false } } })
    for (let d = Calendar.parse("2024-01-01"); d < Calendar.parse("2024-03-01"); d++) {
      expect(p.weatherMultiplier(d, "Midwest")).toBe(1)
      expect(p.weatherCode(d, "Midwest")).toBe(Weather.CLEAR)
    }
  })
})
