import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Rng } from "../src/index.js"
import { chiSquareTest, correlation, serialCorrelation, Z } from "./stats.js"

const key: fc.Arbitrary<Rng.Key> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 })
)
const keys = fc.array(key, { maxLength: 5 })
const seed = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })

/** The first `n` raw 32-bit outputs of a stream. */
const take = (s: Rng.Stream, n: number): Array<number> => Array.from({ length: n }, () => s.nextInt32())

/** Whether two streams start differently (a 128-bit prefix: equal by chance with p = 2^-128). */
const differ = (a: Rng.Stream, b: Rng.Stream): boolean => take(a, 4).join() !== take(b, 4).join()

describe("Rng determinism", () => {
  it.prop("the same (seed, keys) gives the same sequence", [seed, keys], ([s, ks]) => {
    const a = Rng.make(s, ...ks)
    const b = Rng.make(s, ...ks)
    expect(take(a, 1000)).toEqual(take(b, 1000))
    // Mixed draw kinds stay in lockstep too (gaussian keeps a spare value).
    const mixed = (r: Rng.Stream) =>
      Array.from({ length: 200 }, () => [r.gaussian(), r.int(0, 1e6), r.float53()])
    expect(mixed(a)).toEqual(mixed(b))
  })

  it.prop("swapping two different keys changes the stream", [seed, key, key], ([s, a, b]) => {
    fc.pre(a !== b)
    expect(differ(Rng.make(s, a, b), Rng.make(s, b, a))).toBe(true)
  })

  it.prop("changing one key's value changes the stream", [seed, keys, key, key], ([s, ks, a, b]) => {
    fc.pre(a !== b)
    expect(differ(Rng.make(s, ...ks, a, ...ks), Rng.make(s, ...ks, b, ...ks))).toBe(true)
  })

  it.prop("changing the seed changes the stream", [seed, seed, keys], ([s1, s2, ks]) => {
    fc.pre(s1 !== s2)
    expect(differ(Rng.make(s1, ...ks), Rng.make(s2, ...ks))).toBe(true)
  })

  it.prop(
    "an integer key and its decimal text are different keys",
    [seed, keys, fc.integer()],
    ([s, ks, n]) => {
      expect(differ(Rng.make(s, ...ks, n), Rng.make(s, ...ks, `${n}`))).toBe(true)
    }
  )

  it.prop(
    "splitting a string key changes the stream",
    [seed, fc.string({ minLength: 1 }), fc.string({ minLength: 1 })],
    ([s, x, y]) => {
      expect(differ(Rng.make(s, x + y), Rng.make(s, x, y))).toBe(true)
    }
  )

  it.prop("appending a key (even an empty string or 0) changes the stream", [seed, keys], ([s, ks]) => {
    expect(differ(Rng.make(s, ...ks), Rng.make(s, ...ks, ""))).toBe(true)
    expect(differ(Rng.make(s, ...ks), Rng.make(s, ...ks, 0))).toBe(true)
  })

  it("distinct names give distinct streams across a large grid of nearby keys", () => {
    const seen = new Set<string>()
    for (let store = 0; store < 40; store++) {
      for (let day = 0; day < 50; day++) {
        seen.add(take(Rng.make(42, "receipts", store, day), 2).join())
        seen.add(take(Rng.make(42, "lines", store, day), 2).join())
      }
    }
    expect(seen.size).toBe(4000)
  })

  it("numbers beyond 32 bits and negative numbers are distinct keys", () => {
    const names: Array<Rng.Key> = [0, 1, -1, 2 ** 32, 2 ** 32 + 1, -(2 ** 32), 2 ** 40, 2 ** 52, -(2 ** 52)]
    const firsts = new Set(names.map((k) => take(Rng.make(7, k), 2).join()))
    expect(firsts.size).toBe(names.length)
  })

  it("fractional number keys are truncated, non-finite ones rejected", () => {
    expect(take(Rng.make(1, 5.7), 4)).toEqual(take(Rng.make(1, 5), 4))
    expect(take(Rng.make(1.9, "a"), 4)).toEqual(take(Rng.make(1, "a"), 4))
    expect(() => Rng.make(1, Number.NaN)).toThrow(RangeError)
    expect(() => Rng.make(Number.POSITIVE_INFINITY)).toThrow(RangeError)
    expect(() => Rng.make(1).fork(Number.NEGATIVE_INFINITY)).toThrow(RangeError)
  })
})

describe("Rng.fork", () => {
  it.prop(
    "is independent of the draws already made",
    [seed, keys, keys, fc.nat({ max: 300 })],
    ([s, parent, child, used]) => {
      const fresh = Rng.make(s, ...parent)
      const drawn = Rng.make(s, ...parent)
      for (let i = 0; i < used; i++) drawn.gaussian()
      expect(take(drawn.fork(...child), 16)).toEqual(take(fresh.fork(...child), 16))
    }
  )

  it.prop(
    "fork(...k) names the stream make(seed, ...parent, ...k)",
    [seed, keys, keys],
    ([s, parent, child]) => {
      expect(take(Rng.make(s, ...parent).fork(...child), 16)).toEqual(
        take(Rng.make(s, ...parent, ...child), 16)
      )
    }
  )

  it.prop(
    "a child with a key differs from its parent and from its siblings",
    [seed, keys, key, key],
    ([s, ks, a, b]) => {
      fc.pre(a !== b)
      const parent = Rng.make(s, ...ks)
      expect(differ(parent.fork(a), Rng.make(s, ...ks))).toBe(true)
      expect(differ(parent.fork(a), parent.fork(b))).toBe(true)
    }
  )
})

describe("Rng draws", () => {
  it.prop("float and float53 lie in [0, 1); uniform in [min, max)", [seed, keys], ([s, ks]) => {
    const r = Rng.make(s, ...ks)
    let bad = 0
    for (let i = 0; i < 2000; i++) {
      const f = r.float()
      const g = r.float53()
      const u = r.uniform(-3, 5)
      if (!(f >= 0 && f < 1 && g >= 0 && g < 1 && u >= -3 && u < 5)) bad++
    }
    expect(bad).toBe(0)
  })

  it.prop(
    "int(min, max) stays in range, is an integer, and reaches both ends",
    [seed, fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 20 })],
    ([s, min, width]) => {
      const r = Rng.make(s, "int")
      let sawMin = false
      let sawMax = false
      let bad = 0
      for (let i = 0; i < 3000; i++) {
        const v = r.int(min, min + width)
        if (!(Number.isInteger(v) && v >= min && v <= min + width)) bad++
        sawMin ||= v === min
        sawMax ||= v === min + width
      }
      expect(bad).toBe(0)
      expect(sawMin && sawMax).toBe(true)
    }
  )

  it.prop(
    "int over wide ranges (53-bit path) stays in range",
    [seed, fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 65536, max: 2 ** 52 })],
    ([s, min, width]) => {
      const r = Rng.make(s, "wide")
      let bad = 0
      for (let i = 0; i < 500; i++) {
        const v = r.int(min, min + width)
        if (!(Number.isInteger(v) && v >= min && v <= min + width)) bad++
      }
      expect(bad).toBe(0)
    }
  )

  it("int(k, k) is k; chance(0) never and chance(1) always", () => {
    const r = Rng.make(3, "edge")
    let bad = 0
    for (let i = 0; i < 1000; i++) if (r.int(9, 9) !== 9 || r.chance(0) || !r.chance(1)) bad++
    expect(bad).toBe(0)
  })

  it("nextUint32 is nextInt32 read unsigned", () => {
    const a = Rng.make(5, "u")
    const b = Rng.make(5, "u")
    const unsigned = Array.from({ length: 1000 }, () => a.nextUint32())
    expect(unsigned).toEqual(take(b, 1000).map((x) => x >>> 0))
    expect(unsigned.some((x) => x >= 2 ** 31)).toBe(true)
  })

  it("chance(p) has frequency p", () => {
    const r = Rng.make(11, "chance")
    const n = 400_000
    for (const p of [0.01, 0.3, 0.5, 0.9]) {
      let hits = 0
      for (let i = 0; i < n; i++) if (r.chance(p)) hits++
      expect(Math.abs(hits / n - p)).toBeLessThan(Z.p1e4 * Math.sqrt((p * (1 - p)) / n))
    }
  })
})

/** Counts of `draw()` over `k` cells. */
const histogram = (k: number, n: number, draw: () => number): Float64Array => {
  const counts = new Float64Array(k)
  for (let i = 0; i < n; i++) counts[draw()]!++
  return counts
}
const uniformWeights = (k: number): Float64Array => new Float64Array(k).fill(1)

describe("Rng statistical quality", () => {
  it("int(0, k-1) passes a chi-square uniformity test for several seeds and k", () => {
    for (const s of [1, 42, 20240101]) {
      for (const k of [2, 7, 10, 100, 1000, 65536]) {
        const r = Rng.make(s, "chi2", k)
        const n = Math.max(200_000, k * 20)
        const t = chiSquareTest(
          histogram(k, n, () => r.int(0, k - 1)),
          uniformWeights(k)
        )
        expect(t.statistic, `seed ${s}, k ${k}, df ${t.df}`).toBeLessThan(t.critical)
      }
    }
  })

  it("int over a range wider than 2^16 is uniform modulo 3 (the 32-bit mapping was not)", () => {
    const n = 3 * 2 ** 30
    const r = Rng.make(9, "wide-chi2")
    const t = chiSquareTest(
      histogram(3, 300_000, () => r.int(0, n - 1) % 3),
      uniformWeights(3)
    )
    expect(t.statistic).toBeLessThan(t.critical)
    // The same check rejects the former mapping floor(float32 × n): residue 0 got half the mass.
    const old = Rng.make(9, "wide-chi2")
    const broken = chiSquareTest(
      histogram(3, 300_000, () => Math.floor(old.float() * n) % 3),
      uniformWeights(3)
    )
    expect(broken.statistic).toBeGreaterThan(broken.critical)
  })

  it("the chi-square check rejects a subtly broken int mapping", () => {
    // Rounding instead of flooring gives the two end cells half their share.
    const r = Rng.make(1, "broken")
    const k = 10
    const t = chiSquareTest(
      histogram(k, 200_000, () => Math.round(r.float() * (k - 1))),
      uniformWeights(k)
    )
    expect(t.pass).toBe(false)
  })

  it("the first draws of streams with consecutive keys are uniform", () => {
    // What keyed generation relies on: store 0, 1, 2, … must not start alike.
    const k = 256
    for (const s of [1, 7]) {
      const t = chiSquareTest(
        histogram(
          k,
          200_000,
          (() => {
            let i = 0
            return () => Rng.make(s, "store", i++).int(0, k - 1)
          })()
        ),
        uniformWeights(k)
      )
      expect(t.statistic).toBeLessThan(t.critical)
    }
  })

  it("consecutive draws are uncorrelated (lags 1–4), and the check catches correlation", () => {
    const n = 1_000_000
    const bound = Z.p1e4 / Math.sqrt(n)
    for (const s of [3, 99]) {
      const r = Rng.make(s, "serial")
      const xs = new Float64Array(n)
      for (let i = 0; i < n; i++) xs[i] = r.float()
      for (let lag = 1; lag <= 4; lag++) expect(Math.abs(serialCorrelation(xs, lag))).toBeLessThan(bound)
    }
    // A generator that averages its last two outputs has lag-1 correlation 0.5.
    const r = Rng.make(3, "serial")
    const ys = new Float64Array(n)
    let prev = r.float()
    for (let i = 0; i < n; i++) {
      const next = r.float()
      ys[i] = (prev + next) / 2
      prev = next
    }
    expect(Math.abs(serialCorrelation(ys, 1))).toBeGreaterThan(bound)
  })

  it("streams of nearby keys are uncorrelated draw by draw", () => {
    const n = 200_000
    const bound = Z.p1e4 / Math.sqrt(n)
    const pairs: Array<[Array<Rng.Key>, Array<Rng.Key>]> = [
      [
        ["store", 1],
        ["store", 2]
      ],
      [
        ["store", 1, 100],
        ["store", 1, 101]
      ],
      [["a"], ["b"]],
      [[0], [1]]
    ]
    for (const [ka, kb] of pairs) {
      const a = Rng.make(42, ...ka)
      const b = Rng.make(42, ...kb)
      const xs = new Float64Array(n)
      const ys = new Float64Array(n)
      for (let i = 0; i < n; i++) {
        xs[i] = a.float()
        ys[i] = b.float()
      }
      expect(Math.abs(correlation(xs, ys)), `${ka} vs ${kb}`).toBeLessThan(bound)
    }
    // Seeds 1 and 2 too, and a parent and its fork.
    const p = Rng.make(1, "x")
    const q = Rng.make(2, "x")
    const c = Rng.make(1, "x").fork("child")
    const xs = new Float64Array(n)
    const ys = new Float64Array(n)
    const zs = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      xs[i] = p.float()
      ys[i] = q.float()
      zs[i] = c.float()
    }
    expect(Math.abs(correlation(xs, ys))).toBeLessThan(bound)
    expect(Math.abs(correlation(xs, zs))).toBeLessThan(bound)
  })

  /** Chi-square of consecutive pairs of 6-bit values taken from each raw output by `bits`. */
  const pairTest = (next: () => number, bits: (x: number) => number) => {
    const counts = new Float64Array(64 * 64)
    let prev = bits(next())
    for (let i = 0; i < 1 << 19; i++) {
      const cur = bits(next())
      counts[prev * 64 + cur]!++
      prev = cur
    }
    return chiSquareTest(counts, new Float64Array(64 * 64).fill(1))
  }
  const high6 = (x: number) => x >>> 26
  const low6 = (x: number) => x & 63

  it("consecutive pairs are uniform on a 64×64 grid, in the high bits and in the low bits", () => {
    for (const s of [1, 2]) {
      for (const bits of [high6, low6]) {
        const r = Rng.make(s, "pairs")
        const t = pairTest(() => r.nextInt32(), bits)
        expect(t.statistic).toBeLessThan(t.critical)
      }
    }
    // A textbook 32-bit LCG passes in its high bits but fails in its low bits.
    let x = 12345
    const lcg = () => (x = (Math.imul(x, 1664525) + 1013904223) | 0)
    expect(pairTest(lcg, low6).pass).toBe(false)
  })

  it("bits are balanced: each of the 32 output bits is set half the time", () => {
    const r = Rng.make(5, "bits")
    const n = 200_000
    const ones = new Float64Array(32)
    for (let i = 0; i < n; i++) {
      const x = r.nextInt32()
      for (let b = 0; b < 32; b++) ones[b]! += (x >>> b) & 1
    }
    for (let b = 0; b < 32; b++) {
      expect(Math.abs(ones[b]! / n - 0.5), `bit ${b}`).toBeLessThan(Z.p1e4 * Math.sqrt(0.25 / n))
    }
  })
})
