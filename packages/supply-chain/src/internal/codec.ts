/**
 * Typed arrays ⇄ text for the JSON-compatible saved state (state version 2).
 *
 * - Small arrays (queues, pending rows, trucks): little-endian bytes, raw-deflated (level 1),
 *   base64 (`encode` / `int32` / `float32` / `float64`).
 * - Per-position ledgers (one value per store position or DC product, millions at scale): only
 *   the entries that differ from a baseline the restore can rebuild from master data (the
 *   snapshot quantity, 0, the smoothed demand of a position never asked for) as `{ n, idx, val }`
 *   — indices and values, raw base64, no deflate — or, when more than a third differ, the whole
 *   array raw (`{ n, dense }`). No pass over the positions allocates per position.
 */
import { deflateRawSync, inflateRawSync } from "node:zlib"

/** Base64 of the deflated bytes of a typed array. */
export const encode = (a: Int32Array | Float32Array | Float64Array): string =>
  deflateRawSync(Buffer.from(a.buffer, a.byteOffset, a.byteLength), { level: 1 }).toString("base64")

const raw = (a: Int32Array | Float32Array): string =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64")

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

const rawBytes = (text: unknown, what: string, width: number): Buffer => {
  if (typeof text !== "string") throw new TypeError(`saved state: ${what} is not a base64 string`)
  const b = Buffer.from(text, "base64")
  if (b.byteLength % width !== 0) throw new RangeError(`saved state: ${what} has ${b.byteLength} bytes`)
  return b
}

const sized = <A extends { length: number }>(out: A, what: string, length?: number): A => {
  if (length !== undefined && out.length !== length)
    throw new RangeError(`saved state: ${what} holds ${out.length} values, expected ${length}`)
  return out
}

/** Copies the decoded bytes into a fresh, aligned array. */
export const int32 = (text: unknown, what: string, length?: number): Int32Array => {
  const b = bytes(text, what, 4)
  const out = new Int32Array(b.byteLength / 4)
  new Uint8Array(out.buffer).set(b)
  return sized(out, what, length)
}

export const float32 = (text: unknown, what: string, length?: number): Float32Array => {
  const b = bytes(text, what, 4)
  const out = new Float32Array(b.byteLength / 4)
  new Uint8Array(out.buffer).set(b)
  return sized(out, what, length)
}

export const float64 = (text: unknown, what: string, length?: number): Float64Array => {
  const b = bytes(text, what, 8)
  const out = new Float64Array(b.byteLength / 8)
  new Uint8Array(out.buffer).set(b)
  return sized(out, what, length)
}

const rawInt32 = (text: unknown, what: string): Int32Array => {
  const b = rawBytes(text, what, 4)
  const out = new Int32Array(b.byteLength / 4)
  new Uint8Array(out.buffer).set(b)
  return out
}

const rawFloat32 = (text: unknown, what: string): Float32Array => {
  const b = rawBytes(text, what, 4)
  const out = new Float32Array(b.byteLength / 4)
  new Uint8Array(out.buffer).set(b)
  return out
}

/** A ledger saved against its baseline: the differing entries, or every entry (`dense`). */
export interface Packed {
  readonly n: number
  readonly idx?: string
  readonly val?: string
  readonly dense?: string
}

/**
 * Collects `(index, value)` pairs of the entries that differ from their baseline (one growable
 * buffer, reused by every ledger of a save), then packs them.
 */
export class Differ {
  private idx = new Int32Array(1024)
  private bits = new ArrayBuffer(4096)
  private ival = new Int32Array(this.bits)
  private fval = new Float32Array(this.bits)
  length = 0

  reset(): void {
    this.length = 0
  }

  private grow(): void {
    const size = this.idx.length * 2
    const idx = new Int32Array(size)
    idx.set(this.idx)
    const bits = new ArrayBuffer(size * 4)
    new Int32Array(bits).set(this.ival)
    this.idx = idx
    this.bits = bits
    this.ival = new Int32Array(bits)
    this.fval = new Float32Array(bits)
  }

  int(i: number, v: number): void {
    if (this.length === this.idx.length) this.grow()
    this.idx[this.length] = i
    this.ival[this.length++] = v
  }

  float(i: number, v: number): void {
    if (this.length === this.idx.length) this.grow()
    this.idx[this.length] = i
    this.fval[this.length++] = v
  }

  /** The collected pairs of an integer ledger `a` (dense when more than a third differ). */
  packInts(a: Int16Array | Int32Array): Packed {
    const n = a.length
    if (this.length * 3 > n) return { n, dense: raw(a instanceof Int32Array ? a : new Int32Array(a)) }
    return { n, idx: raw(this.idx.subarray(0, this.length)), val: raw(this.ival.subarray(0, this.length)) }
  }

  /** The collected pairs of a float ledger `a`. */
  packFloats(a: Float32Array): Packed {
    const n = a.length
    if (this.length * 3 > n) return { n, dense: raw(a) }
    return { n, idx: raw(this.idx.subarray(0, this.length)), val: raw(this.fval.subarray(0, this.length)) }
  }
}

const entries = (p: unknown, what: string, n: number): Packed => {
  const s = p as Partial<Packed> | null
  if (typeof s !== "object" || s === null || s.n !== n)
    throw new RangeError(`saved state: ${what} is not a ledger of ${n} values`)
  return s as Packed
}

/**
 * Restores an integer ledger into `out` (which holds the baseline): writes the saved entries.
 * Values must fit `out` (an `Int16Array` ledger holds −32768…32767).
 */
export const unpackInts = (p: unknown, what: string, out: Int16Array | Int32Array): void => {
  const s = entries(p, what, out.length)
  const fits = (v: number): boolean => out instanceof Int32Array || (v >= -32768 && v <= 32767)
  if (s.dense !== undefined) {
    const a = rawInt32(s.dense, what)
    if (a.length !== out.length) throw new RangeError(`saved state: ${what} holds ${a.length} values`)
    for (let i = 0; i < a.length; i++)
      if (!fits(a[i]!)) throw new RangeError(`saved state: ${what} out of range`)
    out.set(a)
    return
  }
  const idx = rawInt32(s.idx, `${what}.idx`)
  const val = rawInt32(s.val, `${what}.val`)
  if (idx.length !== val.length)
    throw new RangeError(`saved state: ${what} has ${idx.length} indices, ${val.length} values`)
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!
    const v = val[k]!
    if (!(i >= 0 && i < out.length) || !fits(v))
      throw new RangeError(`saved state: ${what} entry ${k} out of range`)
    out[i] = v
  }
}

/** Restores a float ledger into `out` (which holds the baseline). */
export const unpackFloats = (p: unknown, what: string, out: Float32Array): void => {
  const s = entries(p, what, out.length)
  if (s.dense !== undefined) {
    const a = rawFloat32(s.dense, what)
    if (a.length !== out.length) throw new RangeError(`saved state: ${what} holds ${a.length} values`)
    out.set(a)
    return
  }
  const idx = rawInt32(s.idx, `${what}.idx`)
  const val = rawFloat32(s.val, `${what}.val`)
  if (idx.length !== val.length)
    throw new RangeError(`saved state: ${what} has ${idx.length} indices, ${val.length} values`)
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!
    if (!(i >= 0 && i < out.length)) throw new RangeError(`saved state: ${what} entry ${k} out of range`)
    out[i] = val[k]!
  }
}

/** Every entry of a ledger (integers as 32-bit, floats as 32-bit). */
export const dense = (a: Int16Array | Int32Array | Float32Array): Packed => ({
  n: a.length,
  dense: raw(a instanceof Int16Array ? new Int32Array(a) : a)
})
