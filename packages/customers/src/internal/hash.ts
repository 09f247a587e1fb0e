/**
 * Cheap keyed hashing for per-entity choices that must not consume a random stream (a
 * customer's preferred brand in a category): the MurmurHash3 finaliser over mixed integer keys.
 */

/** MurmurHash3 finaliser: a bijective 32-bit mix. */
export const mix32 = (x: number): number => {
  let h = x | 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A 32-bit salt from a seed and a purpose name. */
export const salt = (seed: number, name: string): number => {
  let h = mix32((seed | 0) ^ 0x27d4eb2f) ^ mix32(Math.floor(seed / 4294967296) | 0)
  for (let i = 0; i < name.length; i++) h = mix32(h ^ Math.imul(name.charCodeAt(i), 0x01000193))
  return h >>> 0
}

/** A uniform number in [0, 1) keyed by (salt, a, b). */
export const unit2 = (s: number, a: number, b: number): number =>
  mix32(mix32(s ^ Math.imul(a | 0, 0x9e3779b1)) ^ Math.imul((b | 0) + 0x632be5ab, 0x85ebca77)) / 4294967296
