/**
 * Typed arrays ⇄ text for compact JSON-compatible saved state: the little-endian bytes, deflated
 * (raw deflate, level 1 — ledgers of small integers shrink about 8×) and written as base64.
 */
import { deflateRawSync, inflateRawSync } from "node:zlib"

/** Base64 of the deflated bytes of a typed array. */
export const encode = (a: Int32Array | Float32Array | Float64Array): string =>
  deflateRawSync(Buffer.from(a.buffer, a.byteOffset, a.byteLength), { level: 1 }).toString("base64")

const bytes = (text: unknown, what: string, width: number): Buffer => {
  if (typeof text !== "string") throw new TypeError(`saved state: ${what} is not a base64 string`)
  let b: Buffer
  try {
    b = inflateRawSync(Buffer.from(text, "base64"))
  } catch {
    throw new RangeError(`saved state: ${what} is not deflated data`)
  }
  if (b.byteLength % width !== 0) throw new RangeError(`saved state: ${what} has ${b.byteLength} bytes`)
  return b
}

/** Copies the decoded bytes into a fresh, aligned array. */
const copy = (b: Buffer, out: Uint8Array): void => {
  out.set(b)
}

export const int32 = (text: unknown, what: string, length?: number): Int32Array => {
  const b = bytes(text, what, 4)
  const out = new Int32Array(b.byteLength / 4)
  copy(b, new Uint8Array(out.buffer))
  if (length !== undefined && out.length !== length)
    throw new RangeError(`saved state: ${what} holds ${out.length} values, expected ${length}`)
  return out
}

export const float32 = (text: unknown, what: string, length?: number): Float32Array => {
  const b = bytes(text, what, 4)
  const out = new Float32Array(b.byteLength / 4)
  copy(b, new Uint8Array(out.buffer))
  if (length !== undefined && out.length !== length)
    throw new RangeError(`saved state: ${what} holds ${out.length} values, expected ${length}`)
  return out
}

export const float64 = (text: unknown, what: string, length?: number): Float64Array => {
  const b = bytes(text, what, 8)
  const out = new Float64Array(b.byteLength / 8)
  copy(b, new Uint8Array(out.buffer))
  if (length !== undefined && out.length !== length)
    throw new RangeError(`saved state: ${what} holds ${out.length} values, expected ${length}`)
  return out
}
