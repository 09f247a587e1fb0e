// Shoppers bench: the `receipts` and `online_orders` plugins (with Stock.unlimited) for a chain of
// 100 stores, 10,000 receipts and 1,250 online orders per average day, 4.2 lines per receipt, over
// 7 days starting Monday 2024-03-04 (100,000 customers, 10,000 products). Drives `init`/`step`
// directly (the engine adds ≈ µs per step) and times each plugin's steps; best of 3 runs.
// Run after `pnpm build`: `node bench/shoppers.bench.mjs [stores] [receiptsPerDay] [days]`.
import { Calendar, Rng } from "@retail-datagen/core"
import { Master, MasterSpec } from "@retail-datagen/master"
import { PatternsService } from "@retail-datagen/patterns"
import { Shoppers, Stock } from "../dist/index.js"

const [stores = 100, receiptsPerDay = 10_000, days = 7] = process.argv.slice(2).map((x) => Number(x))
const onlinePerDay = Math.round(receiptsPerDay / 8)
const seed = 42
const start = Calendar.parse("2024-03-04")

const t0 = performance.now()
const master = Master.generateMaster(
  MasterSpec.make({
    seed,
    stores,
    dcs: Math.max(1, Math.round(stores / 20)),
    customers: 100_000,
    products: 10_000,
    startDate: start,
    horizonDays: days
  })
)
const masterSeconds = (performance.now() - t0) / 1000

const contextFor = (name, services, day) => ({
  seed,
  shard: { index: 0, count: 1 },
  master,
  start,
  day,
  rng: (...keys) => Rng.make(seed, name, ...keys),
  service: (key) => services[key.name ?? key],
  upstream: () => {
    throw new Error("no upstream in this bench")
  }
})

const once = () => {
  const plugins = [
    PatternsService.plugin(),
    Stock.unlimited,
    ...Shoppers.plugins({
      customersPerDay: receiptsPerDay,
      itemsPerTicketMean: 4.2,
      onlineOrdersPerDay: onlinePerDay
    })
  ]
  const services = {}
  const states = {}
  const seconds = {}
  const initSeconds = {}
  const rows = {}
  for (const p of plugins) {
    const i0 = performance.now()
    states[p.name] = p.init(contextFor(p.name, services, start))
    initSeconds[p.name] = (performance.now() - i0) / 1000
    if (p.service) services[p.name] = p.service(states[p.name])
    seconds[p.name] = 0
  }
  for (let day = start; day < start + days; day++) {
    for (const p of plugins) {
      const s0 = performance.now()
      const batches = p.step(states[p.name], contextFor(p.name, services, day))
      seconds[p.name] += (performance.now() - s0) / 1000
      for (const b of batches) rows[b.table.name] = (rows[b.table.name] ?? 0) + b.length
    }
  }
  return { seconds, initSeconds, rows, onlineLines: services.online_orders.stats().lines }
}

let best
for (let run = 0; run < 3; run++) {
  const r = once()
  const total = r.seconds.receipts + r.seconds.online_orders
  if (best === undefined || total < best.seconds.receipts + best.seconds.online_orders) best = r
}

const fmt = (x) => Math.round(x).toLocaleString("en-US")
console.log(
  `shoppers bench: ${stores} stores, ${fmt(receiptsPerDay)} receipts + ${fmt(onlinePerDay)} online orders per average day, ${days} days from ${Calendar.format(start)} (node ${process.version})`
)
console.log(
  `master data: ${masterSeconds.toFixed(2)} s; init receipts ${best.initSeconds.receipts.toFixed(3)} s, online_orders ${best.initSeconds.online_orders.toFixed(3)} s`
)
console.log("table              rows      step s        rows/s")
const line = (table, plugin) => {
  const n = best.rows[table]
  const s = best.seconds[plugin]
  console.log(
    `${table.padEnd(16)} ${fmt(n).padStart(8)} ${s.toFixed(3).padStart(10)} ${fmt(n / s).padStart(13)}`
  )
}
line("receipts", "receipts")
line("receipt_lines", "receipts")
line("online_orders", "online_orders")
console.log(`online order lines shared through linesOf: ${fmt(best.onlineLines)} (${fmt(best.onlineLines / best.seconds.online_orders)}/s)`)
const both = best.rows.receipts + best.rows.receipt_lines
console.log(`receipts plugin (both tables): ${fmt(both / best.seconds.receipts)} rows/s`)
console.log(
  JSON.stringify({
    bench: "shoppers",
    stores,
    receiptsPerDay,
    days,
    rows: best.rows,
    seconds: best.seconds,
    rowsPerSecond: {
      receipts: best.rows.receipts / best.seconds.receipts,
      receipt_lines: best.rows.receipt_lines / best.seconds.receipts,
      receiptsPlugin: both / best.seconds.receipts,
      online_orders: best.rows.online_orders / best.seconds.online_orders
    }
  })
)
