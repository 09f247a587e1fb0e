import { Calendar } from "@retail-datagen/core"
import { describe, expect, it } from "@effect/vitest"
import { Departments, Events, Holidays } from "../src/index.js"

describe("Events", () => {
  it("has the seasonal promotions of every year with two-digit-year codes", () => {
    const codes = Events.calendar(2024, { seed: 1 }).map((p) => p.code)
    for (const c of ["NEWYEAR24", "SPRING24", "BTS24", "BLACKFRIDAY24", "CYBER24", "HOLIDAY24"])
      expect(codes).toContain(c)
    expect(Events.calendar(2005, { seed: 1 }).map((p) => p.code)).toContain("SPRING05")
    const bf = Events.calendar(2024, { seed: 1 }).find((p) => p.code === "BLACKFRIDAY24")!
    expect(bf.start).toBe(Holidays.blackFriday(2024))
  })

  it("flash sales: at most one a month, FLASH<MMDD> on its own day, on a Monday–Thursday free of holidays and other promotions", () => {
    for (let y = 2000; y <= 2060; y++) {
      const cal = Events.calendar(y, { seed: y * 7 })
      const flash = cal.filter((p) => p.kind === "flash")
      expect(flash.length).toBeGreaterThanOrEqual(8)
      const months = new Set<number>()
      for (const f of flash) {
        const [, m, d] = Calendar.toYmd(f.start)
        expect(months.has(m)).toBe(false)
        months.add(m)
        expect(f.code).toBe(`FLASH${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}`)
        expect(f.end).toBe(f.start)
        expect(Calendar.dayOfWeek(f.start)).toBeLessThanOrEqual(Calendar.THURSDAY)
        expect(Holidays.on(f.start).filter((n) => n !== "summer")).toEqual([])
        expect(cal.filter((p) => p.start <= f.start && f.start <= p.end)).toEqual([f])
        expect(f.discountBps).toBeGreaterThanOrEqual(2000)
        expect(f.discountBps).toBeLessThanOrEqual(4000)
        expect(f.departments.length).toBeGreaterThanOrEqual(1)
        expect(new Set(f.departments).size).toBe(f.departments.length)
      }
    }
  })

  it("is deterministic per seed and differs across seeds", () => {
    const a = Events.calendar(2024, { seed: 11 })
    const b = Events.calendar(2024, { seed: 11 })
    const c = Events.calendar(2024, { seed: 12 })
    expect(a).toEqual(b)
    expect(a.filter((p) => p.kind === "flash")).not.toEqual(c.filter((p) => p.kind === "flash"))
  })

  it("activePromotions returns exactly the promotions whose window covers the day", () => {
    const seed = 4
    const cal = [...Events.calendar(2024, { seed }), ...Events.calendar(2025, { seed })]
    for (let d = Calendar.parse("2024-01-01"); d <= Calendar.parse("2025-12-31"); d++) {
      const expected = cal.filter((p) => p.start <= d && d <= p.end).map((p) => p.id)
      expect(
        Events.activePromotions(d, seed)
          .map((p) => p.id)
          .sort()
      ).toEqual(expected.sort())
    }
  })

  it("ids are unique; department indices and lifts are consistent", () => {
    const cal = Events.calendar(2024, { seed: 3 })
    expect(new Set(cal.map((p) => p.id)).size).toBe(cal.length)
    expect(new Set(cal.map((p) => p.code)).size).toBe(cal.length)
    for (const p of cal) {
      expect(p.departmentIndices).toEqual(p.departments.map((d) => Departments.DEPARTMENTS.indexOf(d)))
      expect(p.categoryLift).toBeCloseTo(1 + (Events.ELASTICITY * p.discountBps) / 10000, 12)
      expect(Number.isInteger(p.discountBps)).toBe(true)
    }
  })

  it("flash sales avoid custom events", () => {
    const extra: ReadonlyArray<Events.CustomEvent> = [
      {
        code: "MARCH",
        start: Calendar.parse("2024-03-01"),
        end: Calendar.parse("2024-03-31"),
        discountBps: 500,
        departments: ["office"]
      }
    ]
    for (let seed = 0; seed < 20; seed++) {
      const cal = Events.calendar(2024, { seed, extra })
      expect(cal.filter((p) => p.kind === "flash" && Calendar.month(p.start) === 3)).toEqual([])
      expect(cal.filter((p) => p.kind === "flash").length).toBeGreaterThanOrEqual(8)
    }
  })

  it("includes custom events overlapping the year and can drop the built-in ones", () => {
    const extra: ReadonlyArray<Events.CustomEvent> = [
      {
        code: "GRANDOPEN",
        start: Calendar.parse("2024-12-30"),
        end: Calendar.parse("2025-01-03"),
        discountBps: 1000,
        departments: ["pet"],
        trafficMultiplier: 1.2
      }
    ]
    const cal24 = Events.calendar(2024, { extra, flashSales: false, seasonal: false })
    const cal25 = Events.calendar(2025, { extra, flashSales: false, seasonal: false })
    expect(cal24.map((p) => p.code)).toEqual(["GRANDOPEN"])
    expect(cal25.map((p) => p.code)).toEqual(["GRANDOPEN"])
    expect(Events.calendar(2026, { extra, flashSales: false, seasonal: false })).toEqual([])
    const t = Events.yearPromotions(2025, cal25)
    expect(t.traffic[0]).toBeCloseTo(1.2, 12)
    expect(t.traffic[3]).toBe(1)
    expect(t.categories[Departments.indexOf("pet")]).toBeCloseTo(1.15, 12)
  })
})
