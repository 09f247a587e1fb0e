/**
 * Probability distributions over a `Rng.Stream`. Every sampler is a plain function of the
 * stream (no allocation per draw); tables that need set-up (alias, Zipf) are built once.
 *
 * @example
 * import { Distribution, Rng } from "@retail-datagen/core"
 * const rng = Rng.make(7, "demo")
 * const tender = Distribution.alias([40, 30, 20, 10])
 * const i = tender.sample(rng) // 0 with probability 0.4, …
 */
import type { Stream } from "./Rng.js"

/** Normal draw with the given mean and standard deviation. */
export const normal = (rng: Stream, mean: number, sd: number): number => mean + sd * rng.gaussian()

/** Log-normal draw: `exp(N(mu, sigma))`. */
export const lognormal = (rng: Stream, mu: number, sigma: number): number =>
  Math.exp(mu + sigma * rng.gaussian())

/** The `mu` that gives a log-normal of the given mean for a given `sigma`. */
export const lognormalMu = (mean: number, sigma: number): number => Math.log(mean) - (sigma * sigma) / 2

/** Exponential draw with the given mean. */
export const exponential = (rng: Stream, mean: number): number => -mean * Math.log(1 - rng.float53())

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI)

/** log(k!) — exact table below 64, Stirling series above. */
const LOG_FACTORIAL = (() => {
  const t = new Float64Array(64)
  for (let i = 2; i < 64; i++) t[i] = t[i - 1]! + Math.log(i)
  return t
})()
const logFactorial = (k: number): number => {
  if (k < 64) return LOG_FACTORIAL[k]!
  const x = k + 1
  const x2 = x * x
  return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + (1 / 12 - (1 / 360 - 1 / (1260 * x2)) / x2) / x
}

/** `exp(-λ)` of the last small mean seen: a pure cache (callers often repeat a mean). */
let knuthLambda = Number.NaN
let knuthLimit = 0
/** PTRS constants of the last large mean seen (same pure cache). */
let ptrsLambda = Number.NaN
let ptrsLogLambda = 0
let ptrsB = 0
let ptrsA = 0
let ptrsLogInvAlpha = 0
let ptrsVr = 0

/**
 * Poisson draw with mean `lambda` (`0` gives 0; a negative, NaN or infinite mean throws a
 * `RangeError`). Means below 10 multiply 32-bit uniforms (Knuth, `lambda + 1` draws on average);
 * means of 10 or more use Hörmann's transformed rejection (PTRS), which is exact and O(1).
 */
export const poisson = (rng: Stream, lambda: number): number => {
  if (!(lambda > 0)) {
    if (lambda === 0) return 0
    throw new RangeError(`poisson mean must be finite and >= 0, got ${lambda}`)
  }
  if (lambda === Number.POSITIVE_INFINITY) throw new RangeError("poisson mean must be finite, got Infinity")
  if (lambda < 10) {
    if (lambda !== knuthLambda) {
      knuthLambda = lambda
      knuthLimit = Math.exp(-lambda)
    }
    const limit = knuthLimit
    let k = 0
    let p = rng.float()
    while (p > limit) {
      k++
      p *= rng.float()
    }
    return k
  }
  if (lambda !== ptrsLambda) {
    const b = 0.931 + 2.53 * Math.sqrt(lambda)
    ptrsLambda = lambda
    ptrsLogLambda = Math.log(lambda)
    ptrsB = b
    ptrsA = -0.059 + 0.02483 * b
    ptrsLogInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4))
    ptrsVr = 0.9277 - 3.6224 / (b - 2)
  }
  const a = ptrsA
  const b = ptrsB
  for (;;) {
    const u = rng.float53() - 0.5
    const v = rng.float53()
    const us = 0.5 - Math.abs(u)
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43)
    if (us >= 0.07 && v <= ptrsVr) return k
    if (k < 0 || (us < 0.013 && v > us)) continue
    if (
      Math.log(v) + ptrsLogInvAlpha - Math.log(a / (us * us) + b) <=
      -lambda + k * ptrsLogLambda - logFactorial(k)
    ) {
      return k
    }
  }
}

/** A weighted choice over indices `0..n-1`, sampled in O(1) (Vose's alias method). */
export class AliasTable {
  readonly size: number
  private readonly prob: Float64Array
  private readonly alias: Int32Array

  /**
   * Throws a `RangeError` when `weights` is empty, holds a negative or non-finite weight, or
   * sums to zero. Zero weights are allowed and are never drawn.
   */
  constructor(weights: ArrayLike<number>) {
    const n = weights.length
    if (n === 0) throw new RangeError("AliasTable needs at least one weight")
    // Normalise by the largest weight first so that huge weights cannot overflow the sum.
    let max = 0
    let argmax = 0
    for (let i = 0; i < n; i++) {
      const w = weights[i]!
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`AliasTable weight ${i} is ${w}`)
      if (w > max) {
        max = w
        argmax = i
      }
    }
    if (!(max > 0)) throw new RangeError("AliasTable weights sum to zero")
    let total = 0
    for (let i = 0; i < n; i++) total += weights[i]! / max
    this.size = n
    this.prob = new Float64Array(n)
    this.alias = new Int32Array(n)
    const scaled = new Float64Array(n)
    const small = new Int32Array(n)
    const large = new Int32Array(n)
    let ns = 0
    let nl = 0
    for (let i = 0; i < n; i++) {
      scaled[i] = ((weights[i]! / max) * n) / total
      if (scaled[i]! < 1) small[ns++] = i
      else large[nl++] = i
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns]!
      const l = large[--nl]!
      this.prob[s] = scaled[s]!
      this.alias[s] = l
      scaled[l] = scaled[l]! + scaled[s]! - 1
      if (scaled[l]! < 1) small[ns++] = l
      else large[nl++] = l
    }
    // Leftovers are exactly 1 in exact arithmetic (rounding aside); a zero weight never is.
    while (nl > 0) {
      const l = large[--nl]!
      this.prob[l] = 1
      this.alias[l] = l
    }
    while (ns > 0) {
      const s = small[--ns]!
      this.prob[s] = weights[s]! > 0 ? 1 : 0
      this.alias[s] = argmax
    }
  }

  /** An index drawn with probability proportional to its weight. */
  sample(rng: Stream): number {
    const i = Math.floor(rng.float() * this.size)
    return rng.float() < this.prob[i]! ? i : this.alias[i]!
  }
}

/** Builds an alias table for the given weights. */
export const alias = (weights: ArrayLike<number>): AliasTable => new AliasTable(weights)

/** Zipf-like popularity weights: rank `r` (0-based) weighs `1 / (r + 1)^s`. */
export const zipfWeights = (n: number, s: number): Float64Array => {
  const w = new Float64Array(n)
  for (let r = 0; r < n; r++) w[r] = 1 / (r + 1) ** s
  return w
}

/** A Zipf-like sampler over ranks `0..n-1` (rank 0 most popular). */
export const zipf = (n: number, s: number): AliasTable => new AliasTable(zipfWeights(n, s))

/**
 * `k` distinct indices from `0..n-1`: a uniformly random subset in uniformly random order,
 * written into `out[0..k)` (which is returned). Partial Fisher–Yates when `k` is a large share
 * of `n`; otherwise Floyd's algorithm followed by a shuffle of the `k` picks. Allocates nothing
 * beyond `out` unless `k > 64` (Floyd's membership set) or `4k >= n` (the index pool).
 * Throws a `RangeError` unless `0 <= k <= n` (integers) and `out` holds at least `k` values.
 */
export const sampleWithoutReplacement = (
  rng: Stream,
  n: number,
  k: number,
  out: Int32Array = new Int32Array(k)
): Int32Array => {
  if (!(Number.isInteger(n) && Number.isInteger(k) && k >= 0 && k <= n && n <= 0x7fffffff)) {
    throw new RangeError(`cannot draw ${k} distinct values from ${n}`)
  }
  if (out.length < k) throw new RangeError(`output holds ${out.length} values, ${k} needed`)
  if (k * 4 >= n) {
    const pool = new Int32Array(n)
    for (let i = 0; i < n; i++) pool[i] = i
    for (let i = 0; i < k; i++) {
      const j = rng.int(i, n - 1)
      const t = pool[i]!
      pool[i] = pool[j]!
      pool[j] = t
      out[i] = pool[i]!
    }
    return out
  }
  if (k <= 64) {
    for (let j = n - k, i = 0; j < n; j++, i++) {
      const t = rng.int(0, j)
      let v = t
      for (let q = 0; q < i; q++) {
        if (out[q] === t) {
          v = j
          break
        }
      }
      out[i] = v
    }
  } else {
    const seen = new Set<number>()
    for (let j = n - k, i = 0; j < n; j++, i++) {
      const t = rng.int(0, j)
      const v = seen.has(t) ? j : t
      seen.add(v)
      out[i] = v
    }
  }
  // Floyd's picks are a uniform subset but not in uniform order (late picks favour high values).
  for (let i = k - 1; i > 0; i--) {
    const j = rng.int(0, i)
    const t = out[i]!
    out[i] = out[j]!
    out[j] = t
  }
  return out
}

/** Shuffles `xs` in place (Fisher–Yates). */
export const shuffle = <A>(rng: Stream, xs: { [i: number]: A; length: number }): void => {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    const t = xs[i]!
    xs[i] = xs[j]!
    xs[j] = t
  }
}
