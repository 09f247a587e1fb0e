/**
 * Bijective 32-bit mixing. `mix32` is the MurmurHash3 finaliser: every step (xor-shift,
 * multiplication by an odd constant) is invertible, so distinct inputs give distinct outputs.
 * Ids built with it are unique by construction and look random.
 */
export const mix32 = (x: number): number => {
  let h = x | 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A 32-bit salt derived from the seed and a name (not itself bijective; only used as an offset). */
export const salt = (seed: number, name: string): number => {
  let h = mix32((seed | 0) ^ 0x5bd1e995) ^ mix32(Math.floor(seed / 4294967296) | 0)
  for (let i = 0; i < name.length; i++) h = mix32(h ^ Math.imul(name.charCodeAt(i), 0x01000193))
  return h >>> 0
}

/** `mix32(n + salt)`: a bijection of `n` over [0, 2^32) for a fixed salt. */
export const scramble = (n: number, s: number): number => mix32((n + s) >>> 0)
