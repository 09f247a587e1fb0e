/**
 * Typed arrays ⇄ text for the JSON-compatible saved state (state version 2). Everything is
 * little-endian bytes written as base64; nothing is deflated except the few small float arrays
 * (`encode`: times that may be −∞).
 *
 * - Rows and queues of integers (`packRows`): per field column, the zigzag varints of the
 *   differences from the previous row — consecutive rows of a shipment share most fields, so
 *   most values take one byte. Arrays holding a non-integer (or a jump ≥ 2^50) are stored raw.
 * - Per-position ledgers (one value per store position or DC product, millions at scale): only
 *   the entries that differ from a baseline the restore rebuilds from master data (the snapshot
 *   quantity, 0, the smoothed demand of a position never asked for), as varint index gaps and
 *   values (`Differ`), or, when more than a third differ, every entry raw (`dense`).
 */
import { deflateRawSync, inflateRawSync } from "node:zlib"
import type { PendRows } from "./rows.js"

/** Base64 of the deflated bytes of a typed array. */
export const encode = (a: Int32Array | Float32Array | Float64Array): string =>
  deflateRawSync(Buffer.from(a.buffer, a.byteOffset, a.byteLength), { level: 1 }).toString("base64")

const raw = (a: Int32Array | Float32Array | Uint8Array): string =>
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

/** A ledger saved against its baseline: the differing entries (`sparse`), or every entry (`dense`). */
export interface Packed {
  readonly n: number
  readonly sparse?: string
  readonly dense?: string
}

const LIMIT = 2 ** 50

/** A growable byte buffer with zigzag varints. */
export class Bytes {
  buf = new Uint8Array(1 << 16)
  length = 0

  ensure(more: number): void {
    if (this.length + more <= this.buf.length) return
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + more))
    next.set(this.buf.subarray(0, this.length))
    this.buf = next
  }

  /** Writes an integer |v| < 2^50 as a zigzag varint (the caller ensured 8 bytes). */
  varint(v: number): void {
    let z = v >= 0 ? v * 2 : -v * 2 - 1
    const buf = this.buf
    let at = this.length
    while (z >= 128) {
      buf[at++] = (z % 128) | 128
      z = Math.floor(z / 128)
    }
    buf[at++] = z
    this.length = at
  }

  text(): string {
    return Buffer.from(this.buf.buffer, this.buf.byteOffset, this.length).toString("base64")
  }
}

/** Reads zigzag varints from decoded bytes. */
class Reader {
  at = 0
  constructor(
    readonly buf: Uint8Array,
    readonly what: string
  ) {}

  varint(): number {
    let z = 0
    let scale = 1
    for (;;) {
      if (this.at >= this.buf.length) throw new RangeError(`saved state: ${this.what} ends early`)
      const b = this.buf[this.at++]!
      z += (b & 127) * scale
      if (b < 128) break
      scale *= 128
      if (scale > 2 ** 56) throw new RangeError(`saved state: ${this.what} holds a malformed number`)
    }
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2
  }
}

const decoded = (text: unknown, what: string): Uint8Array => {
  if (typeof text !== "string") throw new TypeError(`saved state: ${what} is not a base64 string`)
  return Buffer.from(text, "base64")
}

/**
 * Rows of `stride` numbers (a multiple of `stride` values): when every value is an integer,
 * header 1, the row count, then per field the varints of the differences along the column;
 * otherwise header 0 and the raw float64 bytes.
 */
export const packRows = (a: Float64Array, stride: number, w: Bytes): string => {
  const n = a.length / stride
  w.length = 0
  w.ensure(10)
  w.buf[w.length++] = 1
  w.varint(n)
  for (let f = 0; f < stride; f++) {
    w.ensure(n * 8)
    let prev = 0
    for (let r = 0; r < n; r++) {
      const v = a[r * stride + f]!
      const d = v - prev
      if (!(Number.isInteger(v) && d < LIMIT && d > -LIMIT)) return packRaw(a, w)
      w.varint(d)
      prev = v
    }
  }
  return w.text()
}

/** Header 0 and the raw float64 bytes. */
const packRaw = (a: Float64Array, w: Bytes): string => {
  w.length = 0
  w.ensure(1 + a.byteLength)
  w.buf[w.length++] = 0
  w.buf.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), w.length)
  w.length += a.byteLength
  return w.text()
}

/** Pending rows in the format of `packRows` (their `fields` logical numbers per row). */
export const packPend = (p: PendRows, w: Bytes): string => {
  const n = p.length
  const st = p.stride
  const d = p.data
  w.length = 0
  w.ensure(10)
  w.buf[w.length++] = 1
  w.varint(n)
  for (let f = 0; f < p.fields; f++) {
    w.ensure(n * 8)
    let prev = 0
    for (let r = 0; r < n; r++) {
      const v = f === 0 ? d[r * st]! + p.base : f === 1 ? p.trace(r) : d[r * st + f + 1]!
      w.varint(v - prev)
      prev = v
    }
  }
  return w.text()
}

/** The rows saved by `packRows`. */
export const unpackRows = (text: unknown, what: string, stride: number, rows?: number): Float64Array => {
  const b = decoded(text, what)
  if (b.length === 0) throw new RangeError(`saved state: ${what} is empty`)
  let out: Float64Array
  if (b[0] === 0) {
    if ((b.length - 1) % (8 * stride) !== 0)
      throw new RangeError(`saved state: ${what} has ${b.length} bytes`)
    out = new Float64Array((b.length - 1) / 8)
    new Uint8Array(out.buffer).set(b.subarray(1))
  } else if (b[0] === 1) {
    const r = new Reader(b, what)
    r.at = 1
    const n = r.varint()
    if (!(n >= 0 && n <= b.length)) throw new RangeError(`saved state: ${what} holds ${n} rows`)
    out = new Float64Array(n * stride)
    for (let f = 0; f < stride; f++) {
      let prev = 0
      for (let k = 0; k < n; k++) {
        prev += r.varint()
        out[k * stride + f] = prev
      }
    }
    if (r.at !== b.length) throw new RangeError(`saved state: ${what} has trailing bytes`)
  } else throw new RangeError(`saved state: ${what} is not packed rows`)
  if (rows !== undefined && out.length !== rows * stride)
    throw new RangeError(`saved state: ${what} holds ${out.length / stride} rows, expected ${rows}`)
  return out
}

/**
 * Collects `(index, value)` pairs of the entries that differ from their baseline, in ascending
 * index order (one growable buffer, reused by every ledger of a save), then packs them.
 */
export class Differ {
  private idx = new Int32Array(1024)
  private bits = new ArrayBuffer(4096)
  private ival = new Int32Array(this.bits)
  private fval = new Float32Array(this.bits)
  length = 0
  readonly out = new Bytes()

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

  /** Varint count, then the index gaps. */
  private head(): Bytes {
    const w = this.out
    const m = this.length
    w.length = 0
    w.ensure(10 + m * 10)
    w.varint(m)
    let prev = -1
    for (let k = 0; k < m; k++) {
      w.varint(this.idx[k]! - prev)
      prev = this.idx[k]!
    }
    return w
  }

  /** The collected pairs of an integer ledger `a` (dense when more than a third differ). */
  packInts(a: Int16Array | Int32Array): Packed {
    const n = a.length
    if (this.length * 3 > n) return dense(a)
    const w = this.head()
    for (let k = 0; k < this.length; k++) w.varint(this.ival[k]!)
    return { n, sparse: w.text() }
  }

  /** The collected pairs of a float ledger `a` (values as raw 32-bit floats after the indices). */
  packFloats(a: Float32Array): Packed {
    const n = a.length
    if (this.length * 3 > n) return dense(a)
    const w = this.head()
    w.ensure(this.length * 4)
    w.buf.set(new Uint8Array(this.bits, 0, this.length * 4), w.length)
    w.length += this.length * 4
    return { n, sparse: w.text() }
  }
}

/** Every entry of a ledger (integers as 32-bit, floats as 32-bit). */
export const dense = (a: Int16Array | Int32Array | Float32Array): Packed => ({
  n: a.length,
  dense: raw(a instanceof Int16Array ? new Int32Array(a) : a)
})

const entries = (p: unknown, what: string, n: number): Packed => {
  const s = p as Partial<Packed> | null
  if (typeof s !== "object" || s === null || s.n !== n)
    throw new RangeError(`saved state: ${what} is not a ledger of ${n} values`)
  return s as Packed
}

/** The sparse indices of a packed ledger of `n` values: the reader is left at the values. */
const sparseIndices = (r: Reader, n: number): Int32Array => {
  const m = r.varint()
  if (!(m >= 0 && m <= n)) throw new RangeError(`saved state: ${r.what} holds ${m} entries`)
  const idx = new Int32Array(m)
  let prev = -1
  for (let k = 0; k < m; k++) {
    prev += r.varint()
    if (!(prev >= 0 && prev < n)) throw new RangeError(`saved state: ${r.what} entry ${k} out of range`)
    idx[k] = prev
  }
  return idx
}

/**
 * Restores an integer ledger into `out` (which holds the baseline): writes the saved entries.
 * Values must fit `out` (an `Int16Array` ledger holds −32768…32767).
 */
export const unpackInts = (p: unknown, what: string, out: Int16Array | Int32Array): void => {
  const s = entries(p, what, out.length)
  const lo = out instanceof Int32Array ? -(2 ** 31) : -32768
  const hi = out instanceof Int32Array ? 2 ** 31 - 1 : 32767
  if (s.dense !== undefined) {
    const b = decoded(s.dense, what)
    if (b.length !== out.length * 4) throw new RangeError(`saved state: ${what} has ${b.length} bytes`)
    const a = new Int32Array(out.length)
    new Uint8Array(a.buffer).set(b)
    for (let i = 0; i < a.length; i++)
      if (a[i]! < lo || a[i]! > hi) throw new RangeError(`saved state: ${what} out of range`)
    out.set(a)
    return
  }
  const r = new Reader(decoded(s.sparse, what), what)
  const idx = sparseIndices(r, out.length)
  for (let k = 0; k < idx.length; k++) {
    const v = r.varint()
    if (v < lo || v > hi) throw new RangeError(`saved state: ${what} entry ${k} out of range`)
    out[idx[k]!] = v
  }
  if (r.at !== r.buf.length) throw new RangeError(`saved state: ${what} has trailing bytes`)
}

/** Restores a float ledger into `out` (which holds the baseline). */
export const unpackFloats = (p: unknown, what: string, out: Float32Array): void => {
  const s = entries(p, what, out.length)
  if (s.dense !== undefined) {
    const b = decoded(s.dense, what)
    if (b.length !== out.length * 4) throw new RangeError(`saved state: ${what} has ${b.length} bytes`)
    new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(b)
    return
  }
  const r = new Reader(decoded(s.sparse, what), what)
  const idx = sparseIndices(r, out.length)
  if (r.buf.length - r.at !== idx.length * 4) throw new RangeError(`saved state: ${what} has the wrong size`)
  const vals = new Float32Array(idx.length)
  new Uint8Array(vals.buffer).set(r.buf.subarray(r.at))
  for (let k = 0; k < idx.length; k++) out[idx[k]!] = vals[k]!
}
