import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Progress } from "../src/index.js"

describe("Progress.thousands", () => {
  it("prints what toLocaleString('en-US') prints for rounded numbers", () => {
    expect(Progress.thousands(0)).toBe("0")
    expect(Progress.thousands(999)).toBe("999")
    expect(Progress.thousands(1000)).toBe("1,000")
    expect(Progress.thousands(1234567.4)).toBe("1,234,567")
    expect(Progress.thousands(-1234.6)).toBe("-1,235")
    expect(Progress.thousands(-0.2)).toBe("0")
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), (n) => {
        // (a negative fraction that rounds to −0 prints "0", not toLocaleString's "-0")
        expect(Progress.thousands(n)).toBe((Math.round(n) || 0).toLocaleString("en-US"))
      }),
      { numRuns: 500, seed: 17 }
    )
  })
})
