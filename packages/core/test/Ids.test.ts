import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Calendar, Ids } from "../src/index.js"

/** Random id layouts: fields with widths summing to at most 15 digits, and values that fit. */
const layout = fc
  .array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 })
  .filter((ws) => ws.reduce((a, b) => a + b, 0) <= 15)
  .chain((widths) =>
    fc.tuple(...widths.map((w) => fc.integer({ min: 0, max: 10 ** w - 1 }).map((v) => [v, w] as const)))
  )

describe("Ids", () => {
  it.prop(
    "append composes fields that format and parse back",
    [layout, fc.constantFrom("RCP", "TRC", "X", "")],
    ([fields, prefix]) => {
      let n = 0
      let width = 0
      for (const [value, digits] of fields) {
        n = Ids.append(n, value, digits)
        width += digits
      }
      expect(n).toBeLessThanOrEqual(Ids.MAX)
      const text = Ids.format(prefix, n, width)
      expect(text.length).toBe(prefix.length + width)
      // Reading the digits back field by field recovers every value.
      let at = prefix.length
      for (const [value, digits] of fields) {
        expect(Number(text.slice(at, at + digits))).toBe(value)
        at += digits
      }
      expect(Ids.parse(prefix, text)).toBe(n)
      expect(Ids.parse(prefix, Ids.format(prefix, n))).toBe(n)
    }
  )

  it.prop(
    "distinct field values give distinct ids",
    [
      fc.integer({ min: 0, max: 99_999 }),
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 9999 })
    ],
    ([day, a, b]) => {
      fc.pre(a !== b)
      expect(Ids.append(Ids.append(day, a, 4), 1, 6)).not.toBe(Ids.append(Ids.append(day, b, 4), 1, 6))
    }
  )

  it("the documented receipt layout fits (epoch day 5 + store 4 + sequence 6)", () => {
    const day = Calendar.parse("2024-01-01")
    const n = Ids.append(Ids.append(day, 15, 4), 37, 6)
    expect(Ids.format("RCP", n)).toBe("RCP197230015000037")
  })

  it("append rejects values that do not fit their digits", () => {
    expect(() => Ids.append(0, 10_000, 4)).toThrow(/does not fit in 4 digits/)
    expect(() => Ids.append(0, -1, 4)).toThrow(RangeError)
    expect(() => Ids.append(0, 1.5, 4)).toThrow(RangeError)
    expect(() => Ids.append(0, Number.NaN, 4)).toThrow(RangeError)
    expect(Ids.append(0, 9999, 4)).toBe(9999)
  })

  it("append rejects results above MAX and malformed prefixes or widths", () => {
    expect(() => Ids.append(20240101, 1500037, 7)).not.toThrow() // exactly 15 digits
    expect(() => Ids.append(202401010, 1500037, 7)).toThrow(/exceeds 15 digits/)
    expect(() => Ids.append(Ids.MAX, 0, 1)).toThrow(/exceeds/)
    expect(() => Ids.append(-1, 0, 1)).toThrow(RangeError)
    expect(() => Ids.append(1.5, 0, 1)).toThrow(RangeError)
    expect(() => Ids.append(1, 0, 0)).toThrow(/width/)
    expect(() => Ids.append(1, 0, 16)).toThrow(/width/)
    expect(() => Ids.append(1, 0, 2.5)).toThrow(/width/)
    expect(Ids.MAX).toBe(10 ** 15 - 1)
  })

  it("pad and format zero-pad; pad rejects negative and fractional numbers", () => {
    expect(Ids.pad(7, 3)).toBe("007")
    expect(Ids.pad(1234, 3)).toBe("1234")
    expect(Ids.format("SENSOR_", 5, 3)).toBe("SENSOR_005")
    expect(Ids.format("TRK", 42)).toBe("TRK42")
    expect(() => Ids.pad(-5, 3)).toThrow(RangeError)
    expect(() => Ids.pad(1.5, 3)).toThrow(RangeError)
  })

  it("parse returns undefined for other shapes", () => {
    expect(Ids.parse("RCP", "TRC123")).toBeUndefined()
    expect(Ids.parse("RCP", "RCP")).toBeUndefined()
    expect(Ids.parse("RCP", "RCP12a")).toBeUndefined()
    expect(Ids.parse("RCP", "RCP-12")).toBeUndefined()
    expect(Ids.parse("RCP", "RCP1000000000000000")).toBeUndefined() // above MAX
    expect(Ids.parse("RCP", "RCP00000000000000000042")).toBe(42) // leading zeros
  })
})
