import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { writeCents, writeInt, writeUint, writeUintPadded } from "../src/internal/Digits.js"

/** Safe non-negative integers, weighted to the digit-count boundaries (9…9, 10…0) the writers branch on. */
const uint = fc.oneof(
  fc.maxSafeInteger().map(Math.abs),
  fc.integer({ min: 0, max: 15 }).chain((k) => fc.constantFrom(10 ** k - 1, 10 ** k, 10 ** k + 1)),
  fc.integer({ min: 0, max: 99_999_999 }),
  fc.integer({ min: 100_000_000, max: 2 ** 32 })
)

const text = (write: (buf: Buffer, pos: number) => number): string => {
  const buf = Buffer.alloc(64, 0x78)
  const end = write(buf, 3)
  expect(buf.subarray(0, 3).toString("latin1")).toBe("xxx")
  expect(buf[end]).toBe(0x78)
  return buf.subarray(3, end).toString("latin1")
}

describe("Digits", () => {
  it.prop("writeUint writes String(n)", [uint], ([n]) => {
    expect(text((b, p) => writeUint(b, p, n))).toBe(String(n))
  })

  it.prop(
    "writeUintPadded zero-pads to the width, never truncates",
    [uint, fc.integer({ min: 0, max: 20 })],
    ([n, w]) => {
      expect(text((b, p) => writeUintPadded(b, p, n, w))).toBe(String(n).padStart(w, "0"))
    }
  )

  it.prop("writeInt writes the sign and digits", [uint, fc.boolean()], ([n, negative]) => {
    const x = negative ? -n : n
    expect(text((b, p) => writeInt(b, p, x))).toBe(x === 0 ? "0" : String(x))
  })

  it.prop("writeCents writes cents / 100 with two decimals", [uint, fc.boolean()], ([n, negative]) => {
    const c = negative ? -n : n
    const sign = c < 0 ? "-" : ""
    const a = Math.abs(c)
    const expected = `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, "0")}`
    expect(text((b, p) => writeCents(b, p, c))).toBe(c === 0 ? "0.00" : expected)
  })
})
