import { Calendar } from "@retail-datagen/core"
import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import { Holidays, StoreHours } from "../src/index.js"

const H = 3600
const regular = Calendar.parse("2024-03-13") // an ordinary Wednesday

describe("StoreHours", () => {
  it("parses and formats hours", () => {
    expect(StoreHours.parse("08-22")).toEqual({ open: 8, close: 22 })
    expect(StoreHours.parse("08:30-21:00")).toEqual({ open: 8.5, close: 21 })
    expect(StoreHours.parse("24h")).toEqual({ open: 0, close: 24 })
    expect(StoreHours.parse("00-24")).toEqual({ open: 0, close: 24 })
    expect(StoreHours.format({ open: 8.5, close: 21 })).toBe("08:30-21")
    expect(StoreHours.format(StoreHours.PRESETS["24h"])).toBe("24h")
    expect(() => StoreHours.parse("22-08")).toThrow(/22-08/)
    expect(() => StoreHours.parse("9 to 5")).toThrow(/9 to 5/)
  })

  it("regular days keep regular hours", () => {
    for (const h of Object.values(StoreHours.PRESETS)) {
      const d = StoreHours.forDay(regular, h)
      expect(d).toEqual({ open: h.open * H, close: h.close * H, closed: false, changed: false })
    }
  })

  it("Black Friday: regular stores open 3 h earlier and close 1 h later; 24 h stores unchanged", () => {
    for (let y = 2000; y <= 2040; y++) {
      const bf = Holidays.blackFriday(y)
      const d = StoreHours.forDay(bf, StoreHours.PRESETS["09-21"])
      expect(d.open).toBe(6 * H)
      expect(d.close).toBe(22 * H)
      expect(d.changed).toBe(true)
      expect(StoreHours.forDay(bf, StoreHours.PRESETS["24h"])).toEqual({
        open: 0,
        close: 24 * H,
        closed: false,
        changed: false
      })
    }
  })

  it("Thanksgiving: shorter hours for regular stores, 24 h stores unchanged", () => {
    const tg = Holidays.thanksgiving(2024)
    const d = StoreHours.forDay(tg, StoreHours.PRESETS["09-21"])
    expect(d.close - d.open).toBeLessThan(12 * H)
    expect(d.open).toBeGreaterThanOrEqual(9 * H)
    expect(d.closed).toBe(false)
    expect(StoreHours.forDay(tg, StoreHours.PRESETS["24h"]).changed).toBe(false)
  })

  it("Christmas Eve and New Year's Eve close early", () => {
    const eve = StoreHours.forDay(Holidays.christmasEve(2024), StoreHours.PRESETS["08-22"])
    expect(eve.close).toBe(18 * H)
    expect(StoreHours.forDay(Holidays.christmasEve(2024), StoreHours.PRESETS["24h"]).close).toBe(22 * H)
    expect(StoreHours.forDay(Holidays.newYearsEve(2024), StoreHours.PRESETS["08-22"]).close).toBe(20 * H)
  })

  it("a rule that leaves no open time closes the store", () => {
    expect(StoreHours.apply({ open: 16, close: 22 }, { closeBy: 15 }).closed).toBe(true)
  })

  it.prop(
    "every day's window lies within the day and within regular hours except on Black Friday",
    {
      day: FastCheck.integer({ min: Calendar.parse("1990-01-01"), max: Calendar.parse("2100-12-31") }),
      open: FastCheck.integer({ min: 0, max: 23 }),
      len: FastCheck.integer({ min: 1, max: 24 })
    },
    ({ day, open, len }) => {
      const h = { open, close: Math.min(24, open + len) }
      const d = StoreHours.forDay(day, h)
      expect(d.open).toBeGreaterThanOrEqual(0)
      expect(d.close).toBeLessThanOrEqual(24 * H)
      if (d.closed) expect(d.close).toBe(d.open)
      else expect(d.close).toBeGreaterThan(d.open)
      const isBlackFriday = day === Holidays.blackFriday(Calendar.year(day))
      if (!isBlackFriday && !d.closed) {
        expect(d.open).toBeGreaterThanOrEqual(h.open * H)
        expect(d.close).toBeLessThanOrEqual(h.close * H)
      }
      if (Holidays.hoursRule(day) === undefined) expect(d.changed).toBe(false)
    },
    { fastCheck: { numRuns: 500 } }
  )
})
