// Memory and time of the `stock` model at the bench scenarios' M and L sizes (master data as the
// generator builds it for those volumes), without shoppers: `Stock.init` (array buffers and CPU
// time), a day of synthetic takes (uniform over the positions), its end of day and save, then the
// minimum of 7 repeats of: 100,000 takes, an end of day, a save (+ JSON). CPU times
// (process.cpuUsage), minima of repeats: more robust than wall time on a shared machine.
// Run after `pnpm build`: `node --expose-gc bench/scale.bench.mjs [M|L] [days]` (`pnpm bench:scale`).
import { Rng } from "@retail-datagen/core"
import { Master, MasterSpec } from "@retail-datagen/master"
import { Patterns, PatternsService } from "@retail-datagen/patterns"
import { Stock } from "../dist/index.js"

const [scale = "M", daysArg = "1"] = process.argv.slice(2)
const VOLUMES = {
  M: { stores: 100, dcs: 10, customers: 200_000, products: 10_000, geographies: 100, customersPerDay: 10_000 },
  L: { stores: 1_000, dcs: 100, customers: 2_000_000, products: 20_000, geographies: 300, customersPerDay: 100_000 }
}
const v = VOLUMES[scale.toUpperCase()]
if (v === undefined) throw new Error(`scale ${scale}: M or L`)
const start = 19_786 // 2024-03-04
const master = Master.generateMaster(
  MasterSpec.make({
    seed: 42,
    stores: v.stores,
    dcs: v.dcs,
    customers: v.customers,
    products: v.products,
    geographies: v.geographies,
    startDate: start,
    horizonDays: 365,
    // as the generator sizes it: customers a day × 4.2 lines a receipt ÷ stores
    unitsPerStoreDay: Math.round((v.customersPerDay * 4.2) / v.stores)
  })
)
const linesPerDay = Math.round(v.customersPerDay * 2.5) // receipt lines a day at the scenario's volume
const cpu = () => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1000
}
const mib = (x) => (x / 1048576).toFixed(0)
const gc = () => {
  globalThis.gc?.()
  globalThis.gc?.()
}

gc()
const before = process.memoryUsage()
let t = cpu()
const plugin = Stock.plugin({})
const ctx = {
  master,
  seed: 42,
  start,
  shard: { index: 0, count: 1 },
  rng: (...keys) => Rng.make(42, "stock", ...keys),
  // the one service the stock reads: the shard's patterns (its demand outlook)
  service: (key) => {
    if ((key.name ?? key) === PatternsService.NAME) return Patterns.make({ seed: 42, start })
    throw new Error("no services")
  }
}
const model = plugin.init(ctx)
const initMs = cpu() - t
gc()
const after = process.memoryUsage()
const snap = master.storeInventory
const nStores = master.stores.length
const takes = (n, day, seed) => {
  const r = Rng.make(seed, "takes")
  for (let k = 0; k < n; k++) {
    const s = r.int(1, nStores)
    const row = r.int(snap.locationStart[s - 1], snap.locationStart[s] - 1)
    model.takeFromStore(s, snap.productId[row], r.int(1, 4), day * 86_400 + Math.floor((k / n) * 86_000))
  }
}
const endOfDay = (day) => model.endOfDay(day, (...keys) => Rng.make(42, "inventory", ...keys))
let dayMs = 0
let json = ""
for (let day = start; day < start + Number(daysArg); day++) {
  t = cpu()
  takes(linesPerDay, day, day)
  endOfDay(day)
  json = JSON.stringify(plugin.save(model))
  dayMs += cpu() - t
}
gc()
const afterDays = process.memoryUsage()
const min = (f) => {
  let best = Number.POSITIVE_INFINITY
  for (let k = 0; k < 7; k++) {
    const t0 = cpu()
    f()
    best = Math.min(best, cpu() - t0)
  }
  return best.toFixed(0)
}
const day = start + Number(daysArg)
console.log(
  `${scale.toUpperCase()}: ${snap.length.toLocaleString("en-US")} store positions, ${master.dcInventory.length.toLocaleString("en-US")} DC positions (node ${process.version})`
)
console.log(
  `Stock.init: ${initMs.toFixed(0)} ms CPU, +${mib(after.arrayBuffers - before.arrayBuffers)} MiB array buffers, +${mib(after.rss - before.rss)} MiB RSS`
)
console.log(
  `${daysArg} day(s) of ${linesPerDay.toLocaleString("en-US")} takes + end of day + save: ${dayMs.toFixed(0)} ms CPU; state ${(json.length / 1048576).toFixed(1)} MiB of JSON`
)
console.log(
  `after the day(s): +${mib(afterDays.arrayBuffers - before.arrayBuffers)} MiB array buffers, +${mib(afterDays.heapUsed - before.heapUsed)} MiB heap (pending rows, queues, logs)`
)
console.log(
  `min of 7: 100,000 takes ${min(() => takes(100_000, day, 7))} ms, end of day ${min(() => endOfDay(day))} ms, save ${min(() => plugin.save(model))} ms, save + JSON ${min(() => JSON.stringify(plugin.save(model)))} ms`
)
console.log(`peak RSS: ${mib(process.resourceUsage().maxRSS * 1024)} MiB`)
