/**
 * Keyed integer hashing for choices that must not consume a random stream (an id's scramble, a
 * customer's preferred brand, campaign audiences) and fingerprints of data: pure functions of
 * their inputs, so any shard, worker or resume answers the same.
 *
 * `mix32` is the MurmurHash3 finaliser: every step (xor-shift, multiplication by an odd
 * constant) is invertible, so distinct inputs give distinct outputs. Salts fold a seed and a
 * purpose into 32 bits; each user passes its own `domain` constant, so equal names in different
 * packages still give unrelated salts.
 *
 * @example
 * import { Hash } from "@retail-datagen/core"
 * const s = Hash.salt(42, "customer-id", 0x5bd1e995)
 * const id = Hash.scramble(7, s) // a bijection of 7 over [0, 2^32)
 */

/** MurmurHash3 finaliser as a signed 32-bit integer (for hashing lanes that stay in int32). */
export const fmix32 = (x: number): number => {
  let h = x | 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h | 0
}

/** MurmurHash3 finaliser: a bijection of 32-bit integers onto [0, 2^32). */
export const mix32 = (x: number): number => fmix32(x) >>> 0

/** A seed (an integer up to 2^53) folded into 32 bits under `domain`. */
export const seed32 = (seed: number, domain: number): number =>
  mix32((seed | 0) ^ domain) ^ mix32(Math.floor(seed / 4294967296) | 0)

/** A 32-bit salt from a seed and a name, under `domain` (not bijective; used as an offset or key). */
export const salt = (seed: number, name: string, domain: number): number => {
  let h = seed32(seed, domain)
  for (let i = 0; i < name.length; i++) h = mix32(h ^ Math.imul(name.charCodeAt(i), FNV_PRIME))
  return h >>> 0
}

/** `mix32(n + salt)`: a bijection of `n` over [0, 2^32) for a fixed salt. */
export const scramble = (n: number, s: number): number => mix32((n + s) >>> 0)

/** FNV-1a: the offset basis a hash starts from, and the prime each step multiplies by. */
export const FNV_OFFSET = 0x811c9dc5
export const FNV_PRIME = 0x01000193

/** One FNV-1a step over a 32-bit word (or a character code): `(h ^ x) · prime`, as int32. */
export const fnv1a = (h: number, x: number): number => Math.imul(h ^ x, FNV_PRIME)
