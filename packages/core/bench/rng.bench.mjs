// Draws per second of the core random primitives. Run after `pnpm build`:
//   node bench/rng.bench.mjs                     table + one JSON line
//   node --trace-gc bench/rng.bench.mjs --alloc  only draws 10^8 floats between two marker lines
//                                                and reports heapUsed before/after: no GC line
//                                                between the markers = no allocation per draw
// Plain ESM over ../dist so it needs no TypeScript loader.
import { Distribution, Rng } from "../dist/index.js"

const hr = () => process.hrtime.bigint()

/**
 * Times `body(n)` (which performs `n` operations and returns a checksum, so the work cannot be
 * optimised away): a warm-up run, then the best of `reps` timed runs.
 */
const measure = (name, n, body, reps = 5) => {
  let sink = body(Math.min(n, 1_000_000))
  let best = Number.POSITIVE_INFINITY
  for (let r = 0; r < reps; r++) {
    const t0 = hr()
    sink += body(n)
    const ns = Number(hr() - t0)
    if (ns < best) best = ns
  }
  return { name, ops: n, nsPerOp: best / n, perSecond: (n / best) * 1e9, checksum: sink }
}

const rng = Rng.make(42, "bench", 1, 2)
const table = Distribution.alias(Distribution.zipfWeights(10_000, 1.1))

if (process.argv.includes("--alloc")) {
  // 100 calls of 10^6 draws per sampler, after a warm-up: the timed calls run optimised code
  // (one single 10^8-draw call would stay in the tier it entered with, which boxes returned
  // floats). heapUsed is read right around the loops, inside the two marker lines.
  const table = Distribution.alias(Distribution.zipfWeights(10_000, 1.1))
  const samplers = {
    float: (n) => {
      let s = 0
      for (let i = 0; i < n; i++) s += rng.float()
      return s
    },
    int: (n) => {
      let s = 0
      for (let i = 0; i < n; i++) s += rng.int(0, 999)
      return s
    },
    gaussian: (n) => {
      let s = 0
      for (let i = 0; i < n; i++) s += rng.gaussian()
      return s
    },
    poisson4: (n) => {
      let s = 0
      for (let i = 0; i < n; i++) s += Distribution.poisson(rng, 4)
      return s
    },
    alias: (n) => {
      let s = 0
      for (let i = 0; i < n; i++) s += table.sample(rng)
      return s
    }
  }
  const report = {}
  for (const [name, loop] of Object.entries(samplers)) {
    for (let i = 0; i < 50; i++) loop(1_000_000)
    globalThis.gc?.()
    console.log(`--- ${name}: drawing 10^8 ---`)
    const before = process.memoryUsage().heapUsed
    const t0 = hr()
    let sum = 0
    for (let i = 0; i < 100; i++) sum += loop(1_000_000)
    const ms = Number(hr() - t0) / 1e6
    const after = process.memoryUsage().heapUsed
    console.log(`--- ${name}: done ---`)
    report[name] = { ms: Math.round(ms), heapDelta: after - before, mean: sum / 1e8 }
  }
  console.log(JSON.stringify({ bench: "core/rng-alloc", draws: 1e8, report }))
  process.exit(0)
}

const N = 20_000_000
const results = [
  measure("float()", N, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += rng.float()
    return s
  }),
  measure("int(1, 100)", N, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += rng.int(1, 100)
    return s
  }),
  measure("int(0, 10^6 - 1)", N, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += rng.int(0, 999_999)
    return s
  }),
  measure("gaussian()", N, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += rng.gaussian()
    return s
  }),
  measure("poisson(λ=4)", N / 4, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += Distribution.poisson(rng, 4)
    return s
  }),
  measure("poisson(λ=40)", N / 4, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += Distribution.poisson(rng, 40)
    return s
  }),
  measure("AliasTable.sample (n=10,000)", N, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += table.sample(rng)
    return s
  }),
  measure("Rng.make(seed, 3 keys)", N / 10, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += Rng.make(42, "receipts", i & 1023, i >>> 10).nextInt32()
    return s
  }),
  measure("stream.fork(1 key)", N / 10, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += rng.fork(i).nextInt32()
    return s
  })
]

const fmt = (x) => x.toLocaleString("en-US", { maximumFractionDigits: 0 })
console.log(`node ${process.version} ${process.platform}/${process.arch}`)
console.log(`${"operation".padEnd(30)} ${"ns/op".padStart(8)} ${"ops/s".padStart(14)}`)
for (const r of results) {
  console.log(`${r.name.padEnd(30)} ${r.nsPerOp.toFixed(2).padStart(8)} ${fmt(r.perSecond).padStart(14)}`)
}

console.log(
  JSON.stringify({
    bench: "core/rng",
    node: process.version,
    results: results.map(({ name, ops, nsPerOp, perSecond }) => ({
      name,
      ops,
      nsPerOp: Number(nsPerOp.toFixed(3)),
      perSecond: Math.round(perSecond)
    }))
  })
)
