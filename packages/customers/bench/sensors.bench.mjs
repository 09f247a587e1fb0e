// Sensors bench: foot_traffic + ble_pings for 100 stores × 10,000 receipts/day (chain-wide) × 7 days,
// from a synthetic receipts batch (receipts spread over stores by traffic weight and over the
// opening hours by the hour curve; 80 % name a customer). Times the plugin's `step` alone.
// Run after `pnpm build`: `node bench/sensors.bench.mjs [stores] [receiptsPerDay] [days]`.
import { Batch, Calendar, Distribution, Ids, Rng, Table, Timestamp } from "@retail-datagen/core"
import { Master, MasterSpec } from "@retail-datagen/master"
import { Patterns, PatternsService } from "@retail-datagen/patterns"
import * as Sensors from "../dist/Sensors.js"

const [stores = 100, receiptsPerDay = 10_000, days = 7] = process.argv.slice(2).map((x) => Number(x))
const seed = 42
const start = Calendar.parse("2024-03-04")

const master = Master.generateMaster(
  MasterSpec.make({
    seed,
    stores,
    dcs: Math.max(1, Math.round(stores / 20)),
    customers: 100_000,
    products: 100
  })
)
const patterns = Patterns.make({ seed, start })

const Receipts = Table.make("receipts", {
  TraceId: Table.id("TRC"),
  EventTS: Table.timestamp,
  StoreID: Table.int,
  CustomerID: Table.int,
  ReceiptId: Table.id("RCP"),
  Subtotal: Table.cents,
  Tax: Table.cents,
  Total: Table.cents,
  TenderType: Table.enumOf(["CREDIT_CARD", "DEBIT_CARD", "CASH", "MOBILE_PAY"])
})

/** One day's receipts, sorted by EventTS then StoreID. */
const receiptsOf = (day) => {
  const s = master.stores
  let weight = 0
  for (let i = 0; i < s.length; i++) weight += s.trafficWeight[i]
  const rows = []
  for (let i = 0; i < s.length; i++) {
    const h = patterns.storeHours(day, { open: s.openHour[i], close: s.closeHour[i] })
    if (h.closed) continue
    const rng = Rng.make(seed, "bench-receipts", i + 1, day)
    const sampler = patterns.sampler(day, h.open, h.close)
    const n = Distribution.poisson(rng, (receiptsPerDay * s.trafficWeight[i]) / weight)
    for (let k = 0; k < n; k++) {
      rows.push([
        sampler.sample(rng),
        i + 1,
        rng.chance(0.8) ? rng.int(1, master.customers.length) : Number.NaN,
        rng.int(300, 25000)
      ])
    }
  }
  rows.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const b = Batch.builder(Receipts, rows.length)
  rows.forEach(([sec, store, customer, subtotal], k) => {
    b.num("TraceId").push(Ids.append(Ids.append(Ids.append(1, day, 5), store, 4), k % 99_999, 5))
    b.num("EventTS").push(Timestamp.make(day, sec))
    b.num("StoreID").push(store)
    b.num("CustomerID").push(customer)
    b.num("ReceiptId").push(Ids.append(Ids.append(day, store, 4), k % 99_999, 5))
    b.num("Subtotal").push(subtotal)
    b.num("Tax").push(0)
    b.num("Total").push(subtotal)
    b.code("TenderType").push(k % 4)
  })
  return b.finish()
}

const inputs = Array.from({ length: days }, (_, d) => receiptsOf(start + d))
const base = {
  seed,
  shard: { index: 0, count: 1 },
  master,
  start,
  rng: (...keys) => Rng.make(seed, Sensors.name, ...keys),
  // the one service the sensors read: the shard's patterns
  service: (key) => {
    if ((key.name ?? key) === PatternsService.NAME) return Patterns.make({ seed, start })
    throw new Error("no services")
  }
}

const run = (plugin) => {
  const state = plugin.init(base)
  const rows = { foot_traffic: 0, ble_pings: 0 }
  const t0 = performance.now()
  inputs.forEach((receipts, d) => {
    const [traffic, pings] = plugin.step(state, { ...base, day: start + d, upstream: () => receipts })
    rows.foot_traffic += traffic.length
    rows.ble_pings += pings.length
  })
  return { rows, seconds: (performance.now() - t0) / 1000 }
}

const bestOf = (plugin) => {
  run(plugin) // warm-up
  return [run(plugin), run(plugin), run(plugin)].reduce((a, b) => (b.seconds < a.seconds ? b : a))
}
const best = bestOf(Sensors.plugin())
const trafficOnly = bestOf(Sensors.plugin({ appShare: 0 }))
const receipts = inputs.reduce((n, b) => n + b.length, 0)

const fmt = (x, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d })
console.log(
  `sensors bench: ${fmt(stores)} stores, ${fmt(receiptsPerDay)} receipts/day, ${days} days (${fmt(receipts)} receipts), node ${process.version}`
)
console.log(
  `step time (best of 3): ${fmt(best.seconds, 3)} s, ${fmt((best.seconds * 1000) / days, 1)} ms/day`
)
console.log("table            rows        rows/s (share of the one step that makes both)")
const total = best.rows.foot_traffic + best.rows.ble_pings
for (const [table, n] of Object.entries(best.rows)) {
  console.log(`${table.padEnd(14)} ${fmt(n).padStart(10)} ${fmt(n / best.seconds).padStart(14)}`)
}
console.log(`${"both".padEnd(14)} ${fmt(total).padStart(10)} ${fmt(total / best.seconds).padStart(14)}`)
console.log(
  `foot_traffic alone (appShare 0: visits + counters, no pings): ${fmt(trafficOnly.seconds, 3)} s, ${fmt(trafficOnly.rows.foot_traffic / trafficOnly.seconds)} rows/s, ${fmt(receipts / trafficOnly.seconds)} receipts/s`
)
