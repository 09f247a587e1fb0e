// Marketing plugin throughput: `pnpm build` first (this script reads ../dist and the other
// packages' dist). Drives the plugin's init/step directly, as the engine would: one shard, and
// shard 1/10 (every shard draws every region's impressions for exposure, emits its own rows).
import { Calendar, Rng } from "@retail-datagen/core"
import { Master, MasterSpec } from "@retail-datagen/master"
import { Patterns, PatternsService } from "@retail-datagen/patterns"
import { Marketing } from "../dist/index.js"

const seed = 42
const t0 = performance.now()
const master = Master.generateMaster(
  MasterSpec.make({ seed, stores: 100, dcs: 10, customers: 100_000, products: 1_000 })
)
const masterSeconds = (performance.now() - t0) / 1000

const contexts = (start, shard) => {
  const base = {
    seed,
    shard,
    master,
    start,
    rng: (...keys) => Rng.make(seed, Marketing.NAME, ...keys),
    // the one service marketing reads: the shard's patterns
    service: (key) => {
      if ((key.name ?? key) === PatternsService.NAME) return Patterns.make({ seed, start })
      throw new Error("no services in this bench")
    }
  }
  return { init: base, day: (day) => ({ ...base, day, upstream: base.service }) }
}

const scenario = (label, impressionsPerDay, first, last, shard = { index: 0, count: 1 }) => {
  const plugin = Marketing.plugin({ impressionsPerDay })
  const ctx = contexts(Calendar.parse(first), shard)
  const t1 = performance.now()
  const state = plugin.init(ctx.init)
  const initSeconds = (performance.now() - t1) / 1000
  let rows = 0
  let cost = 0
  const t2 = performance.now()
  for (let d = Calendar.parse(first); d <= Calendar.parse(last); d++) {
    const [batch] = plugin.step(state, ctx.day(d))
    rows += batch.length
    const c = batch.columns[7]
    for (let i = 0; i < batch.length; i++) cost += c[i]
  }
  const seconds = (performance.now() - t2) / 1000
  const days = Calendar.parse(last) - Calendar.parse(first) + 1
  const saved = JSON.stringify(plugin.save(state)).length
  console.log(
    `${label.padEnd(44)} ${String(days).padStart(4)} ${rows.toLocaleString("en-US").padStart(12)} ` +
      `${seconds.toFixed(3).padStart(8)} ${Math.round(rows / seconds)
        .toLocaleString("en-US")
        .padStart(12)} ` +
      `${initSeconds.toFixed(3).padStart(7)} ${(saved / 1024).toFixed(0).padStart(8)} ` +
      `${("$" + (cost / 100 / 1000 / days).toFixed(2)).padStart(10)}`
  )
}

console.log(`marketing bench: 100 stores, 10 DCs (regions), 100,000 customers (node ${process.version})`)
console.log(`master generated in ${masterSeconds.toFixed(2)} s`)
console.log(
  `${"scenario".padEnd(44)} ${"days".padStart(4)} ${"rows".padStart(12)} ${"seconds".padStart(8)} ` +
    `${"rows/s".padStart(12)} ${"init s".padStart(7)} ${"save KiB".padStart(8)} ${"spend/day".padStart(10)}`
)
scenario("default 5,000/day, year 2024", 5_000, "2024-01-01", "2024-12-31")
scenario("100,000/day, 2024-02-01 … 02-14 (quiet)", 100_000, "2024-02-01", "2024-02-14")
scenario("100,000/day, 2024-11-18 … 12-01 (peak)", 100_000, "2024-11-18", "2024-12-01")
scenario("default 5,000/day, year 2024, shard 1/10", 5_000, "2024-01-01", "2024-12-31", { index: 0, count: 10 })
scenario("100,000/day, peak, shard 1/10", 100_000, "2024-11-18", "2024-12-01", { index: 0, count: 10 })
const mem = process.memoryUsage()
console.log(
  `peak RSS ≈ ${(mem.rss / 1048576).toFixed(0)} MiB (current), heap ${(mem.heapUsed / 1048576).toFixed(0)} MiB`
)
