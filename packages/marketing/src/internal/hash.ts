/**
 * Small integer hashes for membership tests (is a customer in a campaign's audience?): pure
 * functions of their inputs, so any shard answers the same.
 */

/** MurmurHash3's 32-bit finaliser: a bijection of 32-bit integers. */
export const mix32 = (x: number): number => {
  let h = x | 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A 32-bit salt from the seed and a number (e.g. a campaign id). */
export const salt = (seed: number, n: number): number =>
  mix32(mix32((seed | 0) ^ 0x6d2b79f5) ^ mix32(Math.floor(seed / 4294967296) | 0) ^ mix32(n + 0x9e3779b9))

/** A uniform value in [0, 1) for `(salt, n)`. */
export const unit = (s: number, n: number): number => mix32(mix32(n ^ s) + s) / 4294967296
