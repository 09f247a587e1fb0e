/**
 * Ids composed from their keys — never from a global counter — so they are unique and the same
 * whatever order or shard produced them.
 *
 * A composite id is a decimal number built field by field (`append(acc, value, digits)`); it
 * stays below 2^53 so it fits a `Float64Array` column and is written with its prefix by the
 * sinks (`RCP`, `TRC`, …). `format` gives the text form.
 *
 * @example
 * import { Ids } from "@retail-datagen/core"
 * // RCP + date(8) + store(4) + sequence within the store-day(5)
 * let n = Ids.append(20240101, 15, 4)
 * n = Ids.append(n, 37, 5)
 * Ids.format("RCP", n) // "RCP20240101001500037"
 */

const POW10 = Array.from({ length: 17 }, (_, i) => 10 ** i)

/** Largest composite id: 15 decimal digits always round-trip through a double. */
export const MAX = 999_999_999_999_999

/** `acc` followed by `value` written on exactly `digits` decimal digits. */
export const append = (acc: number, value: number, digits: number): number => {
  const scale = POW10[digits]!
  if (!(value >= 0 && value < scale && Number.isInteger(value))) {
    throw new RangeError(`id field ${value} does not fit in ${digits} digits`)
  }
  const r = acc * scale + value
  if (r > MAX) throw new RangeError(`composite id exceeds 15 digits (${acc} then ${value}/${digits})`)
  return r
}

/** Zero-padded decimal text of a non-negative integer, e.g. `pad(7, 3)` = `"007"`. */
export const pad = (n: number, width: number): string => {
  const s = `${n}`
  return s.length >= width ? s : "0".repeat(width - s.length) + s
}

/** `prefix` + decimal digits of `n`, zero-padded to `width` (default: no padding). */
export const format = (prefix: string, n: number, width = 0): string => prefix + pad(n, width)

/** Inverse of `format`: the number after `prefix`, or `undefined` when `text` has another shape. */
export const parse = (prefix: string, text: string): number | undefined => {
  if (!text.startsWith(prefix)) return undefined
  const digits = text.slice(prefix.length)
  return /^\d{1,15}$/.test(digits) ? Number(digits) : undefined
}
