// Calls per second of the hot-path functions of @retail-datagen/patterns. Run after `pnpm build`:
//   node bench/patterns.bench.mjs        table + one JSON line
// Plain ESM over ../dist so it needs no TypeScript loader.
import { Calendar, Rng } from "@retail-datagen/core"
import { Patterns, StoreHours } from "../dist/index.js"

const hr = () => process.hrtime.bigint()

/** Best of `reps` timed runs of `body(n)` (n operations, returns a checksum) after a warm-up. */
const measure = (name, n, body, reps = 5) => {
  let sink = body(Math.min(n, 100_000))
  let best = Number.POSITIVE_INFINITY
  for (let r = 0; r < reps; r++) {
    const t0 = hr()
    sink += body(n)
    const ns = Number(hr() - t0)
    if (ns < best) best = ns
  }
  return { name, ops: n, nsPerOp: best / n, perSecond: (n / best) * 1e9, checksum: sink }
}

const start = Calendar.parse("2024-01-01")
const end = Calendar.parse("2025-12-31")
const span = end - start + 1

const t0 = hr()
const p = Patterns.make({ seed: 42, start, end })
const buildMs = Number(hr() - t0) / 1e6

const store = { hours: StoreHours.PRESETS["08-22"], region: "Midwest" }
const out24 = new Float64Array(24)
const out13 = new Float64Array(13)
const rng = Rng.make(42, "bench")
const sampler = p.sampler(Calendar.parse("2024-03-13"), 8 * 3600, 22 * 3600)

const results = [
  measure("dayMultiplier(day)", 10_000_000, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += p.dayMultiplier(start + (i % span))
    return s
  }),
  measure("storeDayMultiplier(day, store)", 5_000_000, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += p.storeDayMultiplier(start + (i % span), store)
    return s
  }),
  measure("overall(day, hour, store, dept)", 2_000_000, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += p.overall(start + (i % span), i % 24, store, i % 13)
    return s
  }),
  measure("categoryLift(day, dept)", 10_000_000, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += p.categoryLift(start + (i % span), i % 13)
    return s
  }),
  measure("categoryLifts(day, region, out)", 2_000_000, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += p.categoryLifts(start + (i % span), "Midwest", out13)[5]
    return s
  }),
  measure("storeHours(day, hours)", 5_000_000, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += p.storeHours(start + (i % span), store.hours).open
    return s
  }),
  measure("hourShares(day, open, close, _, out)", 2_000_000, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += p.hourShares(start + (i % span), 8 * 3600, 22 * 3600, "store", out24)[12]
    return s
  }),
  measure("sampler.sample(rng)", 10_000_000, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += sampler.sample(rng)
    return s
  }),
  measure("sampler.sampleInHour(rng, h)", 10_000_000, (n) => {
    let s = 0
    for (let i = 0; i < n; i++) s += sampler.sampleInHour(rng, 8 + (i % 14))
    return s
  })
]

const pad = (x, w) => String(x).padStart(w)
console.log(`Patterns.make for 2 years: ${buildMs.toFixed(1)} ms`)
console.log(`${"operation".padEnd(40)}${pad("ns/op", 10)}${pad("M ops/s", 10)}`)
for (const r of results)
  console.log(
    `${r.name.padEnd(40)}${pad(r.nsPerOp.toFixed(1), 10)}${pad((r.perSecond / 1e6).toFixed(1), 10)}`
  )
console.log(
  JSON.stringify({
    bench: "patterns",
    buildMs: Number(buildMs.toFixed(1)),
    results: results.map((r) => ({ name: r.name, nsPerOp: Number(r.nsPerOp.toFixed(2)) }))
  })
)
