import { Calendar } from "@retail-datagen/core"
import { describe, expect, it } from "@effect/vitest"
import { Departments, Holidays, StoreHours } from "../src/index.js"

/** Day of week by Sakamoto's method (0 = Sunday … 6 = Saturday); independent of Calendar. */
const sakamoto = (y: number, m: number, d: number): number => {
  const t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
  const yy = m < 3 ? y - 1 : y
  return (yy + Math.floor(yy / 4) - Math.floor(yy / 100) + Math.floor(yy / 400) + t[m - 1]! + d) % 7
}
const daysIn = (y: number, m: number): number =>
  [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
    m - 1
  ]!
/** Day-of-month of the n-th weekday (Sakamoto numbering) of a month, by scanning the month. */
const nth = (y: number, m: number, weekday: number, n: number): number => {
  let seen = 0
  for (let d = 1; d <= daysIn(y, m); d++) if (sakamoto(y, m, d) === weekday && ++seen === n) return d
  throw new Error("none")
}
const last = (y: number, m: number, weekday: number): number => {
  for (let d = daysIn(y, m); d >= 1; d--) if (sakamoto(y, m, d) === weekday) return d
  throw new Error("none")
}
const ymd = (d: number): string => Calendar.format(d)
const iso = (y: number, m: number, d: number): string =>
  `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`
const SUN = 0
const MON = 1
const THU = 4

describe("Holidays dates", () => {
  it("Black Friday is the day after the 4th Thursday of November, 1990–2100", () => {
    for (let y = 1990; y <= 2100; y++) {
      const thanksgiving = nth(y, 11, THU, 4)
      expect(ymd(Holidays.blackFriday(y))).toBe(iso(y, 11, thanksgiving + 1))
      expect(sakamoto(y, 11, thanksgiving + 1)).toBe(5)
    }
  })

  it("the other rule-based holidays match an independent computation, 1990–2100", () => {
    for (let y = 1990; y <= 2100; y++) {
      expect(ymd(Holidays.thanksgiving(y))).toBe(iso(y, 11, nth(y, 11, THU, 4)))
      const tg = nth(y, 11, THU, 4)
      const cm = tg + 4
      expect(ymd(Holidays.cyberMonday(y))).toBe(cm <= 30 ? iso(y, 11, cm) : iso(y, 12, cm - 30))
      expect(ymd(Holidays.memorialDay(y))).toBe(iso(y, 5, last(y, 5, MON)))
      expect(ymd(Holidays.mothersDay(y))).toBe(iso(y, 5, nth(y, 5, SUN, 2)))
      expect(ymd(Holidays.fathersDay(y))).toBe(iso(y, 6, nth(y, 6, SUN, 3)))
      expect(ymd(Holidays.laborDay(y))).toBe(iso(y, 9, nth(y, 9, MON, 1)))
      expect(ymd(Holidays.valentinesDay(y))).toBe(iso(y, 2, 14))
      expect(ymd(Holidays.independenceDay(y))).toBe(iso(y, 7, 4))
      expect(ymd(Holidays.halloween(y))).toBe(iso(y, 10, 31))
      expect(ymd(Holidays.christmasEve(y))).toBe(iso(y, 12, 24))
      expect(ymd(Holidays.christmasDay(y))).toBe(iso(y, 12, 25))
      expect(ymd(Holidays.newYearsEve(y))).toBe(iso(y, 12, 31))
      expect(ymd(Holidays.newYearsDay(y))).toBe(iso(y, 1, 1))
    }
  })

  it("matches published dates", () => {
    expect(ymd(Holidays.blackFriday(2023))).toBe("2023-11-24")
    expect(ymd(Holidays.blackFriday(2024))).toBe("2024-11-29")
    expect(ymd(Holidays.blackFriday(2025))).toBe("2025-11-28")
    expect(ymd(Holidays.cyberMonday(2024))).toBe("2024-12-02")
    expect(ymd(Holidays.memorialDay(2024))).toBe("2024-05-27")
    expect(ymd(Holidays.laborDay(2024))).toBe("2024-09-02")
  })

  it("dateOf and occurrences agree with the date functions", () => {
    expect(Holidays.dateOf("black-friday", 2030)).toBe(Holidays.blackFriday(2030))
    const occ = Holidays.occurrences(2024)
    expect(occ.length).toBe(Holidays.NAMES.length)
    for (let i = 1; i < occ.length; i++) expect(occ[i]!.day).toBeGreaterThanOrEqual(occ[i - 1]!.day)
  })
})

describe("Holidays effects", () => {
  it("weightAt interpolates linearly between keyframes and is 0 outside", () => {
    const shape = [
      [-4, 0],
      [0, 1],
      [2, 0.5]
    ] as const
    expect(Holidays.weightAt(shape, -5)).toBe(0)
    expect(Holidays.weightAt(shape, -2)).toBeCloseTo(0.5, 12)
    expect(Holidays.weightAt(shape, 0)).toBe(1)
    expect(Holidays.weightAt(shape, 1)).toBeCloseTo(0.75, 12)
    expect(Holidays.weightAt(shape, 3)).toBe(0)
  })

  it("Black Friday carries its multiplier, Christmas Day is closed", () => {
    for (let y = 1995; y <= 2095; y += 10) {
      expect(Holidays.multiplier(Holidays.blackFriday(y))).toBeCloseTo(3.5, 12)
      expect(Holidays.multiplier(Holidays.christmasDay(y))).toBe(0)
      expect(Holidays.multiplier(Holidays.christmasDay(y), "online")).toBeGreaterThan(0)
      expect(Holidays.hoursRule(Holidays.christmasDay(y))?.closed).toBe(true)
      expect(Holidays.on(Holidays.christmasDay(y))).toContain("christmas-day")
    }
  })

  it("ramps: holiday traffic never changes by more than 1.5× between consecutive days, except next to days with changed hours", () => {
    const X = 1.5
    for (let y = 1990; y <= 2100; y++) {
      const e = Holidays.defaultYearEffects(y)
      const irregular = (i: number): boolean => {
        const day = e.first + i
        return Holidays.hoursRule(day) !== undefined
      }
      for (let i = 0; i + 1 < e.length; i++) {
        if (irregular(i) || irregular(i + 1)) continue
        const a = e.store[i]!
        const b = e.store[i + 1]!
        expect(Math.max(a / b, b / a), `${ymd(e.first + i)} → ${ymd(e.first + i + 1)}`).toBeLessThanOrEqual(X)
      }
    }
  })

  it("ramps build up over several days before Valentine's Day, Halloween and the Christmas run-up", () => {
    const y = 2026
    const rising = (anchor: number, from: number, to: number): void => {
      for (let o = from; o < to; o++) {
        expect(Holidays.multiplier(anchor + o + 1)).toBeGreaterThan(Holidays.multiplier(anchor + o))
      }
    }
    rising(Holidays.valentinesDay(y), -6, 0)
    rising(Holidays.halloween(y), -20, -1)
    rising(Calendar.fromYmd(y, 12, 3), 0, 11) // Dec 1–2 may still carry the Cyber Monday tail
    expect(Holidays.multiplier(Calendar.fromYmd(y, 12, 18))).toBeCloseTo(2, 12)
  })

  it("department lifts: Valentine's flowers/candy, Halloween seasonal, August electronics/clothing, summer outdoor", () => {
    const lift = (day: number, dept: string): number => {
      const e = Holidays.defaultYearEffects(Calendar.year(day))
      const k = Departments.indexOf(dept)
      expect(k).toBeGreaterThanOrEqual(0)
      return e.categories[(day - e.first) * Departments.COUNT + k]!
    }
    const y = 2025
    expect(lift(Holidays.valentinesDay(y), "home & garden")).toBeGreaterThan(1.3)
    expect(lift(Holidays.valentinesDay(y), "grocery")).toBeGreaterThan(1.1)
    expect(lift(Holidays.halloween(y) - 1, "seasonal & sports")).toBeGreaterThan(1.5)
    for (let d = Calendar.fromYmd(y, 8, 5); d <= Calendar.fromYmd(y, 8, 28); d++) {
      expect(lift(d, "electronics")).toBeGreaterThan(1.2)
      expect(lift(d, "clothing")).toBeGreaterThan(1.2)
    }
    for (let d = Calendar.fromYmd(y, 6, 10); d <= Calendar.fromYmd(y, 8, 15); d++) {
      expect(lift(d, "seasonal & sports")).toBeGreaterThan(1.3)
      expect(lift(d, "home & garden")).toBeGreaterThan(1.3)
    }
    expect(lift(Calendar.fromYmd(y, 3, 10), "electronics")).toBe(1)
    expect(lift(Calendar.fromYmd(y, 3, 10), "pet")).toBe(1)
  })

  it("overridden multipliers rescale the whole ramp", () => {
    const e = Holidays.yearEffects(2024, { "black-friday": { store: 5.5 }, "valentines-day": { store: 1 } })
    const bf = Holidays.blackFriday(2024) - e.first
    expect(e.store[bf]).toBeCloseTo(5.5, 12)
    const def = Holidays.defaultYearEffects(2024)
    // The Saturday after keeps its share of the lift: 1 + 2.5·w → 1 + 4.5·w.
    const w = (def.store[bf + 1]! - 1) / 2.5
    expect(e.store[bf + 1]).toBeCloseTo(1 + 4.5 * w, 12)
    expect(e.store[Holidays.valentinesDay(2024) - e.first]).toBe(1)
  })
})

describe("Holiday store hours", () => {
  const presets = Object.values(StoreHours.PRESETS)
  it("every store, 24 h included, is closed on Christmas Day", () => {
    for (let y = 1990; y <= 2100; y++) {
      for (const h of presets) expect(StoreHours.forDay(Holidays.christmasDay(y), h).closed).toBe(true)
    }
  })
})
