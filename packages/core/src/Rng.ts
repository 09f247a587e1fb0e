/**
 * Seeded, splittable random streams.
 *
 * A stream is named by `(seed, ...keys)`: the same name always yields the same sequence, and
 * different names yield independent sequences. There is no global sequence and no shared
 * mutable state, so any (plugin, entity, day) can be generated alone, in any order, on any
 * thread — the basis of byte-identical output at every degree of parallelism.
 *
 * Keys are hashed into a 64-bit stream id (two 32-bit lanes); the id seeds a 128-bit sfc32
 * generator. Draws allocate nothing.
 *
 * @example
 * import { Rng } from "@retail-datagen/core"
 * const rng = Rng.make(42, "receipts", storeId, day)
 * const qty = rng.int(1, 5)
 */

import { fmix32, fnv1a } from "./Hash.js"

/** A key naming part of a stream: a string or an integer (fractions are truncated). */
export type Key = string | number

const TYPE_INT = 0x2545f491
const TYPE_STR = 0x68e31da4

/** Folds one key into both lanes of a stream id; ints and strings never collide by type. */
const absorb = (lanes: Int32Array, key: Key): void => {
  let a = lanes[0]!
  let b = lanes[1]!
  if (typeof key === "number") {
    if (!Number.isFinite(key)) throw new RangeError(`Rng key must be finite, got ${key}`)
    const lo = key | 0
    const hi = Math.floor(key / 4294967296) | 0
    a = fmix32(a ^ Math.imul(lo ^ TYPE_INT, 0x9e3779b1))
    b = fmix32(b ^ Math.imul(lo, 0x7feb352d) ^ TYPE_INT)
    a = fmix32(a + hi)
    b = fmix32(b ^ Math.imul(hi, 0x846ca68b))
  } else {
    a = fmix32(a ^ TYPE_STR ^ key.length)
    b = fmix32(b ^ Math.imul(TYPE_STR, key.length + 1))
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i)
      a = fnv1a(a, c)
      b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 15)
    }
    a = fmix32(a)
    b = fmix32(b)
  }
  lanes[0] = a
  lanes[1] = b
}

const TWO_POW_32_INV = 1 / 4294967296

/** Scratch lanes for hashing keys: set in full at the start of every `make` / `fork`. */
const LANES = new Int32Array(2)

/** A random stream. Owns its state; never shared between streams. */
export class Stream {
  /** sfc32 state a, b, c, counter, then the 64-bit stream id (lo, hi) for `fork`. */
  private readonly s = new Int32Array(6)
  private spare = 0
  private hasSpare = false

  /** @internal use `make` or `fork`. */
  constructor(idLo: number, idHi: number) {
    const s = this.s
    s[0] = fmix32(idLo ^ 0x243f6a88)
    s[1] = fmix32(idHi ^ 0x85a308d3)
    s[2] = fmix32(idLo + idHi + 0x13198a2e)
    s[3] = 1
    s[4] = idLo
    s[5] = idHi
    for (let i = 0; i < 12; i++) this.nextInt32()
  }

  /**
   * A child stream named by this stream's name plus `keys`: `make(seed, ...ks).fork(...more)`
   * is the stream `make(seed, ...ks, ...more)`. Independent of the draws made so far.
   */
  fork(...keys: ReadonlyArray<Key>): Stream {
    LANES[0] = this.s[4]!
    LANES[1] = this.s[5]!
    for (let i = 0; i < keys.length; i++) absorb(LANES, keys[i]!)
    return new Stream(LANES[0]!, LANES[1]!)
  }

  /** Next 32 random bits as a signed int32. */
  nextInt32(): number {
    const s = this.s
    const a = s[0]!
    const b = s[1]!
    const c = s[2]!
    const d = (s[3]! + 1) | 0
    const t = (((a + b) | 0) + d) | 0
    s[3] = d
    s[0] = b ^ (b >>> 9)
    s[1] = (c + (c << 3)) | 0
    s[2] = ((c << 21) | (c >>> 11)) + t
    return t
  }

  /** Next 32 random bits as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    return this.nextInt32() >>> 0
  }

  /** Uniform float in [0, 1) with 32 bits of resolution. */
  float(): number {
    return (this.nextInt32() >>> 0) * TWO_POW_32_INV
  }

  /** Uniform float in [0, 1) with 53 bits of resolution (two draws). */
  float53(): number {
    const hi = this.nextInt32() >>> 5
    const lo = this.nextInt32() >>> 6
    return (hi * 67108864 + lo) / 9007199254740992
  }

  /** Uniform float in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.float()
  }

  /**
   * Uniform integer in [min, max], both inclusive (`min`, `max` integers, `min <= max`).
   * A range of `n` values maps a uniform draw by multiplication, so each value's probability
   * is off by at most a factor `n / 2^bits`: ranges of up to 2^16 values use one 32-bit draw
   * (≤ 2^-16), wider ones, up to 2^53 values, a 53-bit draw (≤ 2^-21 up to 2^32 values).
   */
  int(min: number, max: number): number {
    const n = max - min + 1
    return min + Math.floor((n <= 65536 ? this.float() : this.float53()) * n)
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p
  }

  /** Standard normal draw (Marsaglia polar method; the second value is kept for the next call). */
  gaussian(): number {
    if (this.hasSpare) {
      this.hasSpare = false
      return this.spare
    }
    let u: number
    let v: number
    let q: number
    do {
      u = 2 * this.float53() - 1
      v = 2 * this.float53() - 1
      q = u * u + v * v
    } while (q >= 1 || q === 0)
    const f = Math.sqrt((-2 * Math.log(q)) / q)
    this.spare = v * f
    this.hasSpare = true
    return u * f
  }
}

/**
 * The stream named `(seed, ...keys)`. Keys are hashed in order and by type, so
 * `("a", 1)`, `(1, "a")`, `("a", "1")` and `("ab")` vs `("a", "b")` are all different streams.
 * Throws a `RangeError` for a non-finite seed or number key.
 */
export const make = (seed: number, ...keys: ReadonlyArray<Key>): Stream => {
  LANES[0] = 0x6a09e667
  LANES[1] = 0xbb67ae85 | 0
  absorb(LANES, seed)
  for (let i = 0; i < keys.length; i++) absorb(LANES, keys[i]!)
  return new Stream(LANES[0]!, LANES[1]!)
}
