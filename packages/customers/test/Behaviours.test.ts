import { describe, expect, it } from "@effect/vitest"
import { Departments } from "@retail-datagen/patterns"
import { FastCheck as fc } from "effect"
import { Behaviours, Segments } from "../src/index.js"

describe("Behaviours", () => {
  it("has a department mix per behaviour over the patterns departments, each summing to 100", () => {
    expect(Behaviours.DEPARTMENT_MIX).toHaveLength(Behaviours.COUNT)
    for (const row of Behaviours.DEPARTMENT_MIX) {
      expect(row).toHaveLength(Departments.COUNT)
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9)
    }
    expect(Behaviours.NAMES).toEqual(["quick_trip", "grocery_run", "family_shopping", "bulk"])
  })

  it("calibrate: the segment- and behaviour-weighted mean of 1 + λ equals the target", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 50, noNaN: true }),
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
        (mean, shares) => {
          const lambda = Behaviours.calibrate(mean, shares)
          const total = shares.reduce((a, b) => a + b, 0)
          let m = 0
          for (let g = 0; g < 4; g++)
            for (let b = 0; b < 4; b++)
              m += (shares[g]! / total) * Segments.BEHAVIOUR_MIX[g]![b]! * (1 + lambda[b]!)
          expect(m).toBeCloseTo(mean, 9)
          // The ratios between behaviours are kept: quick trips are the smallest, family the largest.
          expect(lambda[Behaviours.QUICK_TRIP]!).toBeLessThan(lambda[Behaviours.GROCERY_RUN]! + 1e-12)
          expect(lambda[Behaviours.FAMILY_SHOPPING]!).toBeGreaterThanOrEqual(lambda[Behaviours.BULK]!)
        }
      )
    )
  })

  it("calibrate rejects a mean below one line", () => {
    expect(() => Behaviours.calibrate(0.9, [1, 1, 1, 1])).toThrow(/≥ 1/)
    expect(() => Behaviours.calibrate(Number.NaN, [1, 1, 1, 1])).toThrow(RangeError)
  })

  it("shares: behaviour shares are the segment mixes weighted by segment shares", () => {
    const s = Behaviours.shares([1, 0, 0, 0])
    expect(Array.from(s)).toEqual(Segments.BEHAVIOUR_MIX[Segments.BUDGET])
    const all = Behaviours.shares([0.35, 0.25, 0.2, 0.2])
    expect(all.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    expect(all[Behaviours.QUICK_TRIP]!).toBeGreaterThan(0.3)
  })

  it("segment tender mixes average to 40 / 30 / 20 / 10 with the contract's segment shares", () => {
    const shares = [0.35, 0.25, 0.2, 0.2]
    for (let t = 0; t < 4; t++) {
      let s = 0
      for (let g = 0; g < 4; g++) s += (shares[g]! * Segments.TENDER_MIX[g]![t]!) / 100
      expect(s).toBeCloseTo([0.4, 0.3, 0.2, 0.1][t]!, 9)
    }
    // Every mix is a distribution.
    for (const mix of Segments.TENDER_MIX) expect(mix.reduce((a, b) => a + b, 0)).toBe(100)
    for (const mix of Segments.BEHAVIOUR_MIX) expect(mix.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
  })
})
