import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import { Exposure } from "../src/index.js"

const D = 20000
const settings = { lift: 1.3, lookbackDays: 7 }

describe("Exposure.Tracker", () => {
  it("lifts visits on the lookbackDays days after an impression, not the same day", () => {
    const t = Exposure.tracker(10, settings)
    t.record(4, D, 36000, 5) // customer 5
    expect(t.visitLift(5, D - 1)).toBe(1)
    expect(t.visitLift(5, D)).toBe(1)
    for (let k = 1; k <= 7; k++) {
      expect(t.visitLift(5, D + k)).toBe(1.3)
      expect(t.promotedDepartment(5, D + k)).toBe(5)
      expect(t.exposedOn(5, D + k)).toBe(D)
    }
    expect(t.visitLift(5, D + 8)).toBe(1)
    expect(t.promotedDepartment(5, D + 8)).toBe(-1)
    expect(t.exposedOn(5, D + 8)).toBeUndefined()
    // Other customers and ids outside the table are unexposed.
    expect(t.visitLift(4, D + 1)).toBe(1)
    expect(t.visitLift(0, D + 1)).toBe(1)
    expect(t.visitLift(11, D + 1)).toBe(1)
    expect(t.promotedDepartment(-3, D + 1)).toBe(-1)
  })

  it("promotes the department of the latest impression before the day", () => {
    const t = Exposure.tracker(3, settings)
    t.record(0, D, 50000, 2)
    t.record(0, D, 10000, 3) // earlier in the day: does not replace the later one
    expect(t.promotedDepartment(1, D + 1)).toBe(2)
    t.record(0, D + 2, 600, 7)
    expect(t.promotedDepartment(1, D + 2)).toBe(2) // today's impression counts from tomorrow
    expect(t.visitLift(1, D + 2)).toBe(1.3)
    expect(t.promotedDepartment(1, D + 3)).toBe(7)
    // The day-D exposure is forgotten after D + 7, the day D + 2 one acts until D + 9.
    expect(t.visitLift(1, D + 9)).toBe(1.3)
    expect(t.visitLift(1, D + 10)).toBe(1)
  })

  it("uses the earlier day's exposure when queried on the day of a newer one", () => {
    const t = Exposure.tracker(1, { lift: 2, lookbackDays: 3 })
    t.record(0, D, 100, 1)
    t.record(0, D + 3, 100, 4)
    expect(t.visitLift(1, D + 3)).toBe(2) // D is within 3 days of D + 3
    expect(t.promotedDepartment(1, D + 3)).toBe(1)
    t.record(0, D + 4, 100, 6)
    // On D + 4: the latest exposure before it is D + 3.
    expect(t.promotedDepartment(1, D + 4)).toBe(4)
  })

  it.prop(
    "save/restore keeps every future answer",
    [
      FastCheck.array(
        FastCheck.tuple(
          FastCheck.integer({ min: 0, max: 19 }),
          FastCheck.integer({ min: 0, max: 86399 }),
          FastCheck.integer({ min: 0, max: 12 })
        ),
        { maxLength: 200 }
      ),
      FastCheck.integer({ min: 1, max: 10 })
    ],
    ([events, lookbackDays]) => {
      const s = { lift: 1.5, lookbackDays }
      const a = Exposure.tracker(20, s)
      // Events over 15 days, nondecreasing day.
      events.forEach(([row, sec, dept], i) => {
        a.record(row, D + Math.floor((i * 15) / events.length), sec, dept)
      })
      const last = D + 14
      const saved = JSON.parse(JSON.stringify(a.save(last)))
      const b = Exposure.tracker(20, s)
      expect(b.restore(saved)).toBe(last)
      for (let day = last + 1; day <= last + lookbackDays + 2; day++) {
        for (let id = 1; id <= 20; id++) {
          expect(b.visitLift(id, day)).toBe(a.visitLift(id, day))
          expect(b.promotedDepartment(id, day)).toBe(a.promotedDepartment(id, day))
        }
      }
      // New impressions after the restore act alike on both.
      a.record(3, last + 1, 5, 9)
      b.record(3, last + 1, 5, 9)
      for (let id = 1; id <= 20; id++)
        expect(b.promotedDepartment(id, last + 2)).toBe(a.promotedDepartment(id, last + 2))
    }
  )

  it("saves only exposures that can still act", () => {
    const t = Exposure.tracker(3, { lift: 1.3, lookbackDays: 2 })
    t.record(0, D, 0, 1)
    t.record(1, D + 2, 0, 2)
    t.record(2, D + 3, 0, 3)
    // After D + 3 the next day is D + 4: exposures on D + 2 and D + 3 still act.
    expect(t.save(D + 3)).toEqual({ day: D + 3, exposures: [1, D + 2, 2, 2, D + 3, 3] })
  })

  it("rejects malformed saved state", () => {
    const t = Exposure.tracker(3, settings)
    expect(() => t.restore(null)).toThrow(Exposure.InvalidSavedExposure)
    expect(() => t.restore({ day: 1, exposures: [1, 2] })).toThrow(/triples/)
    expect(() => t.restore({ day: 1, exposures: [5, 0, 1] })).toThrow(/customer row 5/)
    expect(() => t.restore({ day: 1, exposures: [0, 2, 1] })).toThrow(/after the saved day/)
  })

  it("names the impression acting on a day, and keeps it across save/restore with attribution on", () => {
    const t = Exposure.tracker(10, { ...settings, attribution: true })
    t.record(2, D, 100, 5, 2000012340000001)
    t.record(2, D, 90, 6, 2000012340000002) // an earlier second of the same day: not the latest
    t.record(2, D + 3, 50, 7, 2000312340000009)
    expect(Number.isNaN(t.impression(3, D))).toBe(true) // not yet acting
    expect(t.impression(3, D + 1)).toBe(2000012340000001)
    expect(t.impression(3, D + 3)).toBe(2000012340000001) // the newer one acts from the next day
    expect(t.impression(3, D + 4)).toBe(2000312340000009)
    expect(Number.isNaN(t.impression(4, D + 4))).toBe(true) // never exposed
    const saved = t.save(D + 3)
    expect(saved.impressions).toStrictEqual([2000312340000009])
    const back = Exposure.tracker(10, { ...settings, attribution: true })
    back.restore(JSON.parse(JSON.stringify(saved)))
    for (let d = D + 4; d <= D + 11; d++) {
      expect(back.impression(3, d)).toStrictEqual(t.impression(3, d))
      expect(back.visitLift(3, d)).toBe(t.visitLift(3, d))
    }
    // without attribution the saved state has no impressions (as before the option existed)
    const plain = Exposure.tracker(10, settings)
    plain.record(2, D, 100, 5, 2000012340000001)
    expect(plain.save(D)).toStrictEqual({ day: D, exposures: [2, D, 5] })
    expect(() => back.restore({ day: D, exposures: [2, D, 5], impressions: [1, 2] })).toThrow(
      Exposure.InvalidSavedExposure
    )
  })

  it("none never lifts", () => {
    expect(Exposure.none.visitLift(1, D)).toBe(1)
    expect(Exposure.none.promotedDepartment(1, D)).toBe(-1)
  })
})
