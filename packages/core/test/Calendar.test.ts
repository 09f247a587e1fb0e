import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Calendar } from "../src/index.js"

const DAY_MS = 86_400_000

/** A UTC `Date` for any year (Date.UTC maps years 0–99 to 1900–1999, so set the year explicitly). */
const utc = (y: number, m: number, d: number): Date => {
  const date = new Date(0)
  date.setUTCFullYear(y, m - 1, d)
  return date
}
/** Epoch day of a civil date, computed by the platform. */
const dateEpochDay = (y: number, m: number, d: number): number => Math.round(utc(y, m, d).getTime() / DAY_MS)

const pad = (n: number, w: number) => String(n).padStart(w, "0")

describe("Calendar conversions", () => {
  it("agree with Date for every day of 1600-01-01 … 2400-12-31", () => {
    const start = Calendar.fromYmd(1600, 1, 1)
    const end = Calendar.fromYmd(2400, 12, 31)
    expect(start).toBe(dateEpochDay(1600, 1, 1))
    expect(end).toBe(dateEpochDay(2400, 12, 31))
    let mismatches = 0
    const firstMismatch: Array<string> = []
    const date = new Date(0)
    for (let d = start; d <= end; d++) {
      date.setTime(d * DAY_MS)
      const y = date.getUTCFullYear()
      const m = date.getUTCMonth() + 1
      const da = date.getUTCDate()
      const [ty, tm, td] = Calendar.toYmd(d)
      const iso = date.toISOString().slice(0, 10)
      const ok =
        ty === y &&
        tm === m &&
        td === da &&
        Calendar.fromYmd(y, m, da) === d &&
        Calendar.year(d) === y &&
        Calendar.month(d) === m &&
        Calendar.dayOfMonth(d) === da &&
        Calendar.dayOfWeek(d) === (date.getUTCDay() + 6) % 7 &&
        Calendar.format(d) === iso &&
        Calendar.parse(iso) === d &&
        Calendar.compact(d) === iso.replaceAll("-", "") &&
        Calendar.yyyymmdd(d) === y * 10000 + m * 100 + da
      if (!ok) {
        mismatches++
        if (firstMismatch.length < 3) firstMismatch.push(`${d} ${iso} ${Calendar.format(d)}`)
      }
    }
    expect(firstMismatch).toEqual([])
    expect(mismatches).toBe(0)
    // 801 years, 195 of them leap (201 multiples of 4 minus 1700, 1800, 1900, 2100, 2200, 2300).
    expect(end - start + 1).toBe(801 * 365 + 195)
  })

  it.prop(
    "fromYmd and toYmd agree with Date over ±10,000 years",
    [
      fc.integer({ min: -10_000, max: 10_000 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 })
    ],
    ([y, m, d]) => {
      const e = Calendar.fromYmd(y, m, d)
      expect(e).toBe(dateEpochDay(y, m, d))
      expect(Calendar.toYmd(e)).toEqual([y, m, d])
      expect(Calendar.dayOfWeek(e)).toBe((utc(y, m, d).getUTCDay() + 6) % 7)
    }
  )

  it.prop(
    "toYmd ∘ fromYmd is the identity on valid dates, and fromYmd ∘ toYmd on days",
    [fc.integer({ min: -3_000_000, max: 3_000_000 })],
    ([d]) => {
      const [y, m, da] = Calendar.toYmd(d)
      expect(m >= 1 && m <= 12 && da >= 1 && da <= Calendar.daysInMonth(y, m)).toBe(true)
      expect(Calendar.fromYmd(y, m, da)).toBe(d)
      expect(Calendar.toYmd(d + 1)).not.toEqual([y, m, da])
    }
  )

  it("1970-01-01 is day 0 and a Thursday; 2024-11-29 is a Friday", () => {
    expect(Calendar.fromYmd(1970, 1, 1)).toBe(0)
    expect(Calendar.dayOfWeek(0)).toBe(Calendar.THURSDAY)
    expect(Calendar.dayOfWeek(Calendar.parse("2024-11-29"))).toBe(Calendar.FRIDAY)
    expect(Calendar.dayOfWeek(-1)).toBe(Calendar.WEDNESDAY)
    expect([
      Calendar.MONDAY,
      Calendar.TUESDAY,
      Calendar.WEDNESDAY,
      Calendar.THURSDAY,
      Calendar.FRIDAY,
      Calendar.SATURDAY,
      Calendar.SUNDAY
    ]).toEqual([0, 1, 2, 3, 4, 5, 6])
  })

  it.prop(
    "days past the end of a month roll over into the next month",
    [fc.integer({ min: 1600, max: 2400 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 40 })],
    ([y, m, extra]) => {
      const dim = Calendar.daysInMonth(y, m)
      const next = m === 12 ? Calendar.fromYmd(y + 1, 1, 1) : Calendar.fromYmd(y, m + 1, 1)
      expect(Calendar.fromYmd(y, m, dim + extra)).toBe(next + extra - 1)
      expect(Calendar.fromYmd(y, m, 0)).toBe(Calendar.fromYmd(y, m, 1) - 1)
    }
  )

  it("isLeapYear, daysInMonth and dayOfYear agree with Date", () => {
    for (let y = 1600; y <= 2400; y++) {
      const leap = utc(y, 2, 29).getUTCMonth() === 1
      expect(Calendar.isLeapYear(y), `${y}`).toBe(leap)
      for (let m = 1; m <= 12; m++) {
        expect(Calendar.daysInMonth(y, m)).toBe(utc(y, m + 1, 0).getUTCDate())
      }
      const d = Calendar.fromYmd(y, 12, 31)
      expect(Calendar.dayOfYear(d)).toBe(leap ? 366 : 365)
      expect(Calendar.dayOfYear(Calendar.fromYmd(y, 3, 1))).toBe(leap ? 61 : 60)
    }
  })

  it("days(start, end) yields each day once, inclusive", () => {
    expect(Array.from(Calendar.days(10, 14))).toEqual([10, 11, 12, 13, 14])
    expect(Array.from(Calendar.days(3, 2))).toEqual([])
  })
})

/** The n-th `weekday` (Monday = 0) of a month by scanning Date objects — the test's own oracle. */
const scanWeekdays = (y: number, m: number, weekday: number): Array<number> => {
  const out: Array<number> = []
  for (let d = 1; d <= 31; d++) {
    const date = utc(y, m, d)
    if (date.getUTCMonth() !== m - 1) break
    if ((date.getUTCDay() + 6) % 7 === weekday) out.push(Math.round(date.getTime() / DAY_MS))
  }
  return out
}

describe("weekdays of a month", () => {
  it("Thanksgiving (4th Thursday of November) for 1900–2300", () => {
    for (let y = 1900; y <= 2300; y++) {
      const d = Calendar.nthWeekdayOfMonth(y, 11, Calendar.THURSDAY, 4)
      // Independent: the Thursday falling on the 22nd–28th.
      let expected = -1
      for (let day = 22; day <= 28; day++)
        if (utc(y, 11, day).getUTCDay() === 4) expected = dateEpochDay(y, 11, day)
      expect(d, `${y}`).toBe(expected)
    }
    expect(Calendar.format(Calendar.nthWeekdayOfMonth(2024, 11, Calendar.THURSDAY, 4))).toBe("2024-11-28")
  })

  it.prop(
    "nthWeekdayOfMonth is the n-th matching day, or throws when there is none",
    [
      fc.integer({ min: 1600, max: 2400 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 0, max: 6 }),
      fc.integer({ min: 1, max: 6 })
    ],
    ([y, m, weekday, n]) => {
      const all = scanWeekdays(y, m, weekday)
      if (n <= all.length) expect(Calendar.nthWeekdayOfMonth(y, m, weekday, n)).toBe(all[n - 1])
      else expect(() => Calendar.nthWeekdayOfMonth(y, m, weekday, n)).toThrow(RangeError)
    }
  )

  it.prop(
    "lastWeekdayOfMonth is the last matching day",
    [fc.integer({ min: 1600, max: 2400 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 6 })],
    ([y, m, weekday]) => {
      const all = scanWeekdays(y, m, weekday)
      expect(Calendar.lastWeekdayOfMonth(y, m, weekday)).toBe(all[all.length - 1])
    }
  )

  it("Memorial Day 2024 is May 27; Labor Day 2024 is September 2", () => {
    expect(Calendar.format(Calendar.lastWeekdayOfMonth(2024, 5, Calendar.MONDAY))).toBe("2024-05-27")
    expect(Calendar.format(Calendar.nthWeekdayOfMonth(2024, 9, Calendar.MONDAY, 1))).toBe("2024-09-02")
  })

  it("rejects n < 1, weekdays outside 0–6 and months outside 1–12", () => {
    expect(() => Calendar.nthWeekdayOfMonth(2024, 11, Calendar.THURSDAY, 0)).toThrow(RangeError)
    expect(() => Calendar.nthWeekdayOfMonth(2024, 11, 7, 1)).toThrow(/weekday/)
    expect(() => Calendar.nthWeekdayOfMonth(2024, 13, 1, 1)).toThrow(/not a month/)
    expect(() => Calendar.lastWeekdayOfMonth(2024, 0, 1)).toThrow(/not a month/)
    expect(() => Calendar.lastWeekdayOfMonth(2024, 5, -1)).toThrow(/weekday/)
  })
})

describe("Calendar text", () => {
  it("parse rejects impossible and malformed dates", () => {
    for (const text of [
      "2024-02-30",
      "2023-02-29",
      "2024-13-01",
      "2024-00-10",
      "2024-01-00",
      "2024-04-31",
      "24-01-01",
      "2024-1-01",
      "2024-01-1",
      "20240101",
      " 2024-01-01",
      "2024-01-01 ",
      "2024-01-01T00:00:00",
      "2024/01/01",
      "",
      "abcd-ef-gh"
    ]) {
      expect(() => Calendar.parse(text), text).toThrow(RangeError)
      expect(Calendar.isValid(text), text).toBe(false)
    }
  })

  it("parse accepts real dates, including leap days", () => {
    expect(Calendar.parse("2024-02-29")).toBe(dateEpochDay(2024, 2, 29))
    expect(Calendar.parse("2000-02-29")).toBe(dateEpochDay(2000, 2, 29))
    expect(Calendar.isValid("1900-02-28")).toBe(true)
    expect(Calendar.isValid("1900-02-29")).toBe(false)
  })

  it.prop(
    "format, compact and yyyymmdd write the civil date; parse inverts format (years 0–9999)",
    [fc.integer({ min: Calendar.fromYmd(0, 1, 1), max: Calendar.fromYmd(9999, 12, 31) })],
    ([d]) => {
      const [y, m, da] = Calendar.toYmd(d)
      const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(da, 2)}`
      expect(Calendar.format(d)).toBe(text)
      expect(Calendar.compact(d)).toBe(text.replaceAll("-", ""))
      expect(Calendar.yyyymmdd(d)).toBe(Number(text.replaceAll("-", "")))
      expect(Calendar.parse(text)).toBe(d)
    }
  )

  it("pads years below 1000 and refuses years that do not fit YYYY", () => {
    expect(Calendar.format(Calendar.fromYmd(999, 1, 2))).toBe("0999-01-02")
    expect(Calendar.compact(Calendar.fromYmd(5, 3, 4))).toBe("00050304")
    expect(Calendar.parse("0999-01-02")).toBe(Calendar.fromYmd(999, 1, 2))
    expect(() => Calendar.format(Calendar.fromYmd(10000, 1, 1))).toThrow(RangeError)
    expect(() => Calendar.format(Calendar.fromYmd(-1, 12, 31))).toThrow(RangeError)
  })
})
