import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Money } from "../src/index.js"

/** Reference: round(amount × bps / 10000) half away from zero, in BigInt. */
const applyBpsRef = (amount: number, bps: number): number => {
  const p = BigInt(amount) * BigInt(bps)
  const neg = p < 0n
  const a = neg ? -p : p
  // floor(|p| / 10000 + 1/2) = floor((2|p| + 10000) / 20000)
  const q = (2n * a + 10000n) / 20000n
  return Number(neg ? -q : q)
}

/** Reference text of cents through BigInt. */
const formatRef = (c: number): string => {
  const b = BigInt(c)
  const a = b < 0n ? -b : b
  return `${b < 0n ? "-" : ""}${a / 100n}.${String(a % 100n).padStart(2, "0")}`
}

const SAFE = Number.MAX_SAFE_INTEGER
const cents = fc.oneof(
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.integer({ min: -SAFE, max: SAFE })
)

describe("Money.applyBps", () => {
  it.prop(
    "equals a BigInt half-away-from-zero reference on random amounts and rates",
    [
      fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: -1e11, max: 1e11 })),
      fc.oneof(fc.integer({ min: -10_000, max: 10_000 }), fc.integer({ min: -100_000, max: 100_000 }))
    ],
    ([amount, bps]) => {
      fc.pre(Number.isSafeInteger(amount * bps))
      expect(Money.applyBps(amount, bps)).toBe(applyBpsRef(amount, bps))
    },
    { fastCheck: { numRuns: 2000 } }
  )

  it.prop(
    "is exact on exact halves and just either side of them",
    [fc.integer({ min: -1e11, max: 1e11 }), fc.constantFrom(-1, 0, 1)],
    ([q, nudge]) => {
      // amount × 1 bp = 10000 q + 5000 + nudge: an exact half when nudge = 0.
      const amount = q * 10000 + (q < 0 ? -5000 : 5000) + nudge
      expect(Money.applyBps(amount, 1)).toBe(applyBpsRef(amount, 1))
    }
  )

  it.prop(
    "near the top of the safe range it is still exact",
    [fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 10_000 })],
    ([bps, offset]) => {
      const amount = Math.floor(SAFE / bps) - offset
      expect(Money.applyBps(amount, bps)).toBe(applyBpsRef(amount, bps))
      expect(Money.applyBps(-amount, bps)).toBe(applyBpsRef(-amount, bps))
    }
  )

  it("rounds halves away from zero, mirrored for negatives", () => {
    expect(Money.applyBps(3897, 825)).toBe(322) // 321.5025
    expect(Money.applyBps(1, 5000)).toBe(1) // 0.5
    expect(Money.applyBps(-1, 5000)).toBe(-1)
    expect(Money.applyBps(1, 4999)).toBe(0)
    expect(Money.applyBps(3, 5000)).toBe(2) // 1.5
    expect(Money.applyBps(-3, 5000)).toBe(-2)
    expect(Object.is(Money.applyBps(-1, 1), 0)).toBe(true) // no negative zero
  })

  it("rejects non-integers and products beyond safe integers", () => {
    expect(() => Money.applyBps(2 ** 52, 3)).toThrow(RangeError)
    expect(() => Money.applyBps(1.5, 2)).toThrow(RangeError)
    expect(() => Money.applyBps(100, 0.5)).toThrow(RangeError)
  })

  it.prop(
    "discount is the amount minus the rounded discount",
    [fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 10_000 })],
    ([a, bps]) => {
      expect(Money.discount(a, bps)).toBe(a - applyBpsRef(a, bps))
      expect(Money.discount(a, bps)).toBeLessThanOrEqual(a)
    }
  )
})

describe("Money arithmetic", () => {
  it("times, add and sum are exact and guard the safe range", () => {
    expect(Money.times(1299, 3)).toBe(3897)
    expect(Money.add(1, 2)).toBe(3)
    expect(Money.sum([1299, 3897, -5])).toBe(5191)
    expect(Money.sum(new Float64Array([1, 2, 3]))).toBe(6)
    expect(Money.sum([])).toBe(0)
    expect(() => Money.times(2 ** 52, 4)).toThrow(RangeError)
    expect(() => Money.times(100, 1.5)).not.toThrow() // 150 cents is whole
    expect(() => Money.times(99, 1.5)).toThrow(RangeError)
    expect(() => Money.add(SAFE, 1)).toThrow(RangeError)
    expect(() => Money.sum([SAFE, SAFE])).toThrow(RangeError)
  })
})

describe("Money text", () => {
  it.prop("format matches a BigInt reference and parse inverts it", [cents], ([c]) => {
    const text = Money.format(c)
    expect(text).toBe(formatRef(c))
    expect(Money.parse(text)).toBe(c)
  })

  it("writes exactly two decimals", () => {
    expect(Money.format(1299)).toBe("12.99")
    expect(Money.format(-5)).toBe("-0.05")
    expect(Money.format(0)).toBe("0.00")
    expect(Money.format(-0)).toBe("0.00")
    expect(Money.format(100)).toBe("1.00")
    expect(() => Money.format(1.5)).toThrow(RangeError)
    expect(() => Money.format(Number.NaN)).toThrow(RangeError)
  })

  it("parses one or two decimals or none; -0.00 is plain zero", () => {
    expect(Money.parse("12.99")).toBe(1299)
    expect(Money.parse("12.9")).toBe(1290)
    expect(Money.parse("12")).toBe(1200)
    expect(Money.parse("-0.05")).toBe(-5)
    expect(Money.parse("007.10")).toBe(710)
    expect(Object.is(Money.parse("-0.00"), 0)).toBe(true)
  })

  it("parse rejects anything else", () => {
    for (const text of [
      "1.234",
      "abc",
      "1,00",
      "",
      "-",
      "1.",
      ".5",
      "+1",
      " 1",
      "1 ",
      "1e3",
      "--1",
      "0x10",
      "99999999999999999999"
    ]) {
      expect(() => Money.parse(text), text).toThrow(RangeError)
    }
  })

  it("fromDollars rounds the decimal the user wrote, half away from zero", () => {
    expect(Money.fromDollars(1.005)).toBe(101) // 1.005 * 100 = 100.49999…
    expect(Money.fromDollars(-1.005)).toBe(-101)
    expect(Money.fromDollars(2.675)).toBe(268)
    expect(Money.fromDollars(19.99)).toBe(1999)
    expect(Money.fromDollars(0.1 + 0.2)).toBe(30)
    expect(Money.fromDollars(0.004)).toBe(0)
    expect(Object.is(Money.fromDollars(-0.004), 0)).toBe(true)
    expect(Money.fromDollars(1e-7)).toBe(0)
    expect(Money.fromDollars(12)).toBe(1200)
    expect(() => Money.fromDollars(1e21)).toThrow(RangeError)
    expect(() => Money.fromDollars(Number.NaN)).toThrow(RangeError)
  })

  it.prop("fromDollars(c / 100) is c for whole cents", [fc.integer({ min: -1e13, max: 1e13 })], ([c]) => {
    expect(Money.fromDollars(c / 100)).toBe(c)
  })
})
