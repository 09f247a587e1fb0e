import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Distribution, Rng } from "../src/index.js"
import { chiSquareTest, moments, Z } from "./stats.js"

/** Tolerances are Z.p1e4 standard errors: a correct sampler fails with probability ~1e-4. */
const within = (actual: number, expected: number, standardError: number, what: string): void => {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected} (se ${standardError})`).toBeLessThan(
    Z.p1e4 * standardError
  )
}

describe("continuous distributions", () => {
  const N = 200_000

  it("normal(mean, sd) has that mean and variance", () => {
    for (const [mean, sd] of [
      [0, 1],
      [10, 3],
      [-5, 0.25]
    ] as const) {
      const r = Rng.make(1, "normal", mean)
      const m = moments(N, () => Distribution.normal(r, mean, sd))
      within(m.mean, mean, sd / Math.sqrt(N), "mean")
      within(m.variance, sd * sd, sd * sd * Math.sqrt(2 / N), "variance")
    }
  })

  it("normal draws are symmetric and have normal tail masses", () => {
    const r = Rng.make(2, "normal-tails")
    let below = 0
    let beyond1 = 0
    let beyond2 = 0
    for (let i = 0; i < N; i++) {
      const x = r.gaussian()
      if (x < 0) below++
      if (Math.abs(x) > 1) beyond1++
      if (Math.abs(x) > 2) beyond2++
    }
    const se = (p: number) => Math.sqrt((p * (1 - p)) / N)
    within(below / N, 0.5, se(0.5), "P(X<0)")
    within(beyond1 / N, 0.317311, se(0.317311), "P(|X|>1)")
    within(beyond2 / N, 0.0455, se(0.0455), "P(|X|>2)")
  })

  it("lognormal with lognormalMu(mean, sigma) has that mean and the log-normal variance", () => {
    for (const [mean, sigma] of [
      [20, 0.5],
      [3.5, 0.25]
    ] as const) {
      const mu = Distribution.lognormalMu(mean, sigma)
      const r = Rng.make(3, "lognormal", mean)
      const variance = (Math.exp(sigma * sigma) - 1) * mean * mean
      const m = moments(N, () => Distribution.lognormal(r, mu, sigma))
      within(m.mean, mean, Math.sqrt(variance / N), "mean")
      // The logarithm is exactly N(mu, sigma).
      const r2 = Rng.make(3, "lognormal-log", mean)
      const l = moments(N, () => Math.log(Distribution.lognormal(r2, mu, sigma)))
      within(l.mean, mu, sigma / Math.sqrt(N), "log mean")
      within(l.variance, sigma * sigma, sigma * sigma * Math.sqrt(2 / N), "log variance")
    }
  })

  it("exponential(mean) has mean m, variance m², and is positive", () => {
    for (const mean of [1, 30, 0.2]) {
      const r = Rng.make(4, "exp", mean)
      let negative = 0
      const m = moments(N, () => {
        const x = Distribution.exponential(r, mean)
        if (!(x >= 0 && Number.isFinite(x))) negative++
        return x
      })
      expect(negative).toBe(0)
      within(m.mean, mean, mean / Math.sqrt(N), "mean")
      within(m.variance, mean * mean, mean * mean * Math.sqrt(8 / N), "variance")
    }
  })
})

/** Poisson probabilities computed independently (log-factorials by summation). */
const poissonPmf = (lambda: number, k: number): number => {
  let logFact = 0
  for (let i = 2; i <= k; i++) logFact += Math.log(i)
  return Math.exp(-lambda + k * Math.log(lambda) - logFact)
}

describe("poisson", () => {
  const N = 200_000

  for (const lambda of [0.5, 3, 9.9, 10, 25, 400]) {
    it(`λ = ${lambda}: mean and variance are λ`, () => {
      const r = Rng.make(5, "poisson", lambda)
      let nonInteger = 0
      const m = moments(N, () => {
        const k = Distribution.poisson(r, lambda)
        if (!(Number.isInteger(k) && k >= 0)) nonInteger++
        return k
      })
      expect(nonInteger).toBe(0)
      within(m.mean, lambda, Math.sqrt(lambda / N), "mean")
      // Var(s²) ≈ (μ4 − σ⁴)/N with μ4 = λ(1 + 3λ) for a Poisson.
      within(m.variance, lambda, Math.sqrt((lambda + 2 * lambda * lambda) / N), "variance")
    })
  }

  for (const lambda of [0.5, 3, 9.9, 10, 25, 400]) {
    it(`λ = ${lambda}: the whole distribution matches the Poisson pmf (chi-square)`, () => {
      const r = Rng.make(6, "poisson-pmf", lambda)
      const cells = Math.ceil(lambda + 12 * Math.sqrt(lambda) + 12)
      const weights = new Float64Array(cells + 1)
      let mass = 0
      for (let k = 0; k < cells; k++) {
        weights[k] = poissonPmf(lambda, k)
        mass += weights[k]!
      }
      weights[cells] = Math.max(0, 1 - mass)
      const counts = new Float64Array(cells + 1)
      for (let i = 0; i < N; i++) counts[Math.min(cells, Distribution.poisson(r, lambda))]!++
      const t = chiSquareTest(counts, weights)
      expect(t.statistic, `df ${t.df}`).toBeLessThan(t.critical)
    })
  }

  it("λ = 0 gives 0; negative, NaN and infinite means are rejected", () => {
    const r = Rng.make(7, "poisson-edge")
    expect(Distribution.poisson(r, 0)).toBe(0)
    expect(() => Distribution.poisson(r, -1)).toThrow(RangeError)
    expect(() => Distribution.poisson(r, Number.NaN)).toThrow(RangeError)
    expect(() => Distribution.poisson(r, Number.POSITIVE_INFINITY)).toThrow(RangeError)
  })

  it("interleaving different means gives the same draws as separate streams (no cached state leaks)", () => {
    const lambdas = [4, 40, 4, 0.5, 40, 9.99, 10, 4]
    const a = Rng.make(8, "p")
    const interleaved = Array.from({ length: 400 }, (_, i) =>
      Distribution.poisson(a, lambdas[i % lambdas.length]!)
    )
    // Replay with each mean computed in isolation (fresh module-level caches do not matter).
    const b = Rng.make(8, "p")
    const replay = Array.from({ length: 400 }, (_, i) => {
      const lambda = lambdas[i % lambdas.length]!
      Distribution.poisson(Rng.make(0, "unrelated"), lambda === 4 ? 5 : 4) // disturb the caches
      return Distribution.poisson(b, lambda)
    })
    expect(replay).toEqual(interleaved)
  })
})

describe("AliasTable", () => {
  const frequencies = (table: Distribution.AliasTable, n: number, s: number): Float64Array => {
    const r = Rng.make(s, "alias")
    const counts = new Float64Array(table.size)
    for (let i = 0; i < n; i++) counts[table.sample(r)]!++
    return counts
  }

  it("frequencies match fixed weights (chi-square), and zero weights are never drawn", () => {
    const weights = [40, 30, 0, 20, 10, 0, 0.5]
    const t = chiSquareTest(frequencies(Distribution.alias(weights), 500_000, 1), weights)
    expect(t.zeroViolations).toBe(0)
    expect(t.statistic).toBeLessThan(t.critical)
  })

  it.prop(
    "frequencies match random weights with zeros (chi-square)",
    [
      fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 1000, noNaN: true })), {
        minLength: 1,
        maxLength: 60
      })
    ],
    ([weights]) => {
      fc.pre(weights.some((w) => w > 0))
      const t = chiSquareTest(
        frequencies(Distribution.alias(weights), 60_000, weights.length),
        weights,
        Z.p1e6
      )
      expect(t.zeroViolations).toBe(0)
      expect(t.statistic).toBeLessThan(t.critical)
    },
    { fastCheck: { numRuns: 40, seed: 20240101 } }
  )

  it("a single positive weight among zeros is always drawn", () => {
    const table = Distribution.alias([0, 0, 3, 0])
    const counts = frequencies(table, 10_000, 2)
    expect(Array.from(counts)).toEqual([0, 0, 10_000, 0])
  })

  it("huge weights do not overflow the normalisation", () => {
    const weights = [1e308, 1e308, 1e300]
    const counts = frequencies(Distribution.alias(weights), 100_000, 3)
    expect(counts[2]).toBe(0)
    within(counts[0]! / 100_000, 0.5, Math.sqrt(0.25 / 100_000), "share of the first")
  })

  it("rejects empty, negative, non-finite and all-zero weights", () => {
    expect(() => Distribution.alias([])).toThrow(RangeError)
    expect(() => Distribution.alias([1, -1])).toThrow(/weight 1 is -1/)
    expect(() => Distribution.alias([Number.NaN])).toThrow(RangeError)
    expect(() => Distribution.alias([1, Number.POSITIVE_INFINITY])).toThrow(RangeError)
    expect(() => Distribution.alias([0, 0, 0])).toThrow(/sum to zero/)
  })

  it("accepts typed arrays and reports its size", () => {
    const table = new Distribution.AliasTable(new Float64Array([1, 2, 3]))
    expect(table.size).toBe(3)
  })
})

describe("zipf", () => {
  it("zipfWeights(n, s) is 1/(r+1)^s", () => {
    const w = Distribution.zipfWeights(5, 2)
    expect(Array.from(w)).toEqual([1, 1 / 4, 1 / 9, 1 / 16, 1 / 25])
  })

  it("ranks are monotone in frequency and match the weights", () => {
    const n = 10
    const table = Distribution.zipf(n, 1.1)
    const r = Rng.make(9, "zipf")
    const counts = new Float64Array(n)
    for (let i = 0; i < 1_000_000; i++) counts[table.sample(r)]!++
    for (let rank = 1; rank < n; rank++) expect(counts[rank]!).toBeLessThan(counts[rank - 1]!)
    const t = chiSquareTest(counts, Distribution.zipfWeights(n, 1.1))
    expect(t.statistic).toBeLessThan(t.critical)
  })
})

describe("sampleWithoutReplacement", () => {
  const nk = fc
    .integer({ min: 1, max: 3000 })
    .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: Math.min(n, 200) })))

  it.prop("returns k distinct values in 0..n-1 (all branches)", [nk, fc.integer()], ([[n, k], s]) => {
    const out = Distribution.sampleWithoutReplacement(Rng.make(s, "swr"), n, k)
    expect(out.length).toBe(k)
    expect(new Set(out).size).toBe(k)
    expect(out.every((v) => Number.isInteger(v) && v >= 0 && v < n)).toBe(true)
  })

  it("writes into a caller's buffer, leaving values past k alone", () => {
    const out = new Int32Array(8).fill(-1)
    const back = Distribution.sampleWithoutReplacement(Rng.make(1, "buf"), 100, 3, out)
    expect(back).toBe(out)
    expect(Array.from(out.subarray(3))).toEqual([-1, -1, -1, -1, -1])
    expect(new Set(out.subarray(0, 3)).size).toBe(3)
  })

  it("k = n is a permutation; k = 0 is empty", () => {
    const all = Distribution.sampleWithoutReplacement(Rng.make(2, "perm"), 50, 50)
    expect(Array.from(all).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(Distribution.sampleWithoutReplacement(Rng.make(2, "perm"), 5, 0).length).toBe(0)
  })

  // One case per branch: Floyd with a scan (k <= 64), Floyd with a set (k > 64), Fisher–Yates (4k >= n).
  for (const [n, k] of [
    [40, 3],
    [1000, 100],
    [20, 10]
  ] as const) {
    it(`n = ${n}, k = ${k}: inclusion is uniform (≈ k/n) and every position is uniform`, () => {
      const r = Rng.make(10, "swr-uniform", n, k)
      const trials = Math.ceil(400_000 / k)
      const included = new Float64Array(n)
      const first = new Float64Array(n)
      const last = new Float64Array(n)
      const out = new Int32Array(k)
      for (let t = 0; t < trials; t++) {
        Distribution.sampleWithoutReplacement(r, n, k, out)
        for (let i = 0; i < k; i++) included[out[i]!]!++
        first[out[0]!]!++
        last[out[k - 1]!]!++
      }
      // Each element is included in a trial with probability k/n.
      const p = k / n
      const se = Math.sqrt(trials * p * (1 - p))
      let worst = 0
      for (let v = 0; v < n; v++) worst = Math.max(worst, Math.abs(included[v]! - trials * p) / se)
      expect(worst).toBeLessThan(Z.p1e6)
      // The first and last picks are each uniform over 0..n-1 (Floyd alone favours n-1 late).
      const uniform = new Float64Array(n).fill(1)
      for (const counts of [first, last]) {
        const t = chiSquareTest(counts, uniform)
        expect(t.statistic).toBeLessThan(t.critical)
      }
    })
  }

  it("rejects k > n, negative or fractional k, and a too-small buffer", () => {
    const r = Rng.make(1, "bad")
    expect(() => Distribution.sampleWithoutReplacement(r, 3, 4)).toThrow(RangeError)
    expect(() => Distribution.sampleWithoutReplacement(r, 3, -1)).toThrow(RangeError)
    expect(() => Distribution.sampleWithoutReplacement(r, 3, 1.5)).toThrow(RangeError)
    expect(() => Distribution.sampleWithoutReplacement(r, 30, 5, new Int32Array(4))).toThrow(/holds 4/)
  })
})

describe("shuffle", () => {
  it.prop("is a permutation of its input", [fc.array(fc.integer()), fc.integer()], ([xs, s]) => {
    const ys = xs.slice()
    Distribution.shuffle(Rng.make(s, "shuffle"), ys)
    expect(ys.slice().sort((a, b) => a - b)).toEqual(xs.slice().sort((a, b) => a - b))
  })

  it("works on typed arrays", () => {
    const xs = Int32Array.from({ length: 100 }, (_, i) => i)
    Distribution.shuffle(Rng.make(1, "typed"), xs)
    expect(Array.from(xs).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i))
    expect(Array.from(xs)).not.toEqual(Array.from({ length: 100 }, (_, i) => i))
  })

  it("all 24 orders of 4 elements are equally likely (chi-square)", () => {
    const r = Rng.make(11, "orders")
    const counts = new Map<string, number>()
    for (let i = 0; i < 240_000; i++) {
      const xs = [0, 1, 2, 3]
      Distribution.shuffle(r, xs)
      const key = xs.join("")
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    expect(counts.size).toBe(24)
    const t = chiSquareTest(Array.from(counts.values()), new Float64Array(24).fill(1))
    expect(t.statistic).toBeLessThan(t.critical)
  })
})
