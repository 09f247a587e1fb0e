/**
 * Ids composed from their keys — never from a global counter — so they are unique and the same
 * whatever order or shard produced them.
 *
 * A composite id is a decimal number built field by field (`append(acc, value, digits)`); it
 * stays below 2^53 so it fits a `Float64Array` column and is written with its prefix by the
 * sinks (`RCP`, `TRC`, …). `format` gives the text form.
 *
 * @example
 * import { Calendar, Ids } from "@retail-datagen/core"
 * // RCP + epoch day(5) + store(4) + sequence within the store-day(6) = 15 digits
 * const day = Calendar.parse("2024-01-01") // 19723
 * let n = Ids.append(day, 15, 4)
 * n = Ids.append(n, 37, 6)
 * Ids.format("RCP", n) // "RCP197230015000037"
 */

const POW10: ReadonlyArray<number> = Array.from({ length: 16 }, (_, i) => 10 ** i)

/** Largest composite id: 15 decimal digits always round-trip through a double. */
export const MAX = 999_999_999_999_999

/**
 * `acc` followed by `value` written on exactly `digits` (1–15) decimal digits. Throws a
 * `RangeError` when `acc` is not an integer in `0..MAX`, `value` is not an integer that fits
 * in `digits`, or the result would exceed `MAX`.
 */
export const append = (acc: number, value: number, digits: number): number => {
  const scale = POW10[digits]
  if (scale === undefined || digits < 1 || digits > 15 || !Number.isInteger(digits)) {
    throw new RangeError(`id field width must be 1..15 digits, got ${digits}`)
  }
  if (!(Number.isInteger(acc) && acc >= 0 && acc <= MAX)) {
    throw new RangeError(`id prefix ${acc} is not an integer in 0..${MAX}`)
  }
  if (!(value >= 0 && value < scale && Number.isInteger(value))) {
    throw new RangeError(`id field ${value} does not fit in ${digits} digits`)
  }
  const r = acc * scale + value
  if (r > MAX) throw new RangeError(`composite id exceeds 15 digits (${acc} then ${value}/${digits})`)
  return r
}

/**
 * Zero-padded decimal text of a non-negative integer, e.g. `pad(7, 3)` = `"007"`; throws a
 * `RangeError` for negative or non-integer `n`.
 */
export const pad = (n: number, width: number): string => {
  if (!(n >= 0 && Number.isSafeInteger(n)))
    throw new RangeError(`id number must be a non-negative integer, got ${n}`)
  const s = `${n}`
  return s.length >= width ? s : "0".repeat(width - s.length) + s
}

/** `prefix` + decimal digits of `n`, zero-padded to `width` (default: no padding). */
export const format = (prefix: string, n: number, width = 0): string => prefix + pad(n, width)

const DIGITS = /^\d+$/

/**
 * Inverse of `format`: the number after `prefix` (leading zeros allowed), or `undefined` when
 * `text` has another shape or the number exceeds `MAX`.
 */
export const parse = (prefix: string, text: string): number | undefined => {
  if (!text.startsWith(prefix)) return undefined
  const digits = text.slice(prefix.length)
  if (!DIGITS.test(digits)) return undefined
  const n = Number(digits)
  return n <= MAX ? n : undefined
}
