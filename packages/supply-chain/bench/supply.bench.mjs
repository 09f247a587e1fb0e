// Supply-chain bench: 100 stores, 10 DCs, 10,000 products, 10,000 receipts/day (+1,000 online
// orders/day) for 7 days, with the package's fixture shoppers. Reports the rows and rows/s of
// each table (over the `inventory` plugin's step time, which writes all three), the step time of
// every plugin, the stock service's takes/s, the lost-sales share and the saved state size.
// Run after `pnpm build`: `pnpm bench` (or `node bench/supply.bench.mjs [stores] [receiptsPerDay] [days]`).
import { Calendar } from "@retail-datagen/core"
import { Run } from "@retail-datagen/engine"
import { Master, MasterSpec } from "@retail-datagen/master"
import { PatternsService } from "@retail-datagen/patterns"
import { Effect } from "effect"
import { Stock, SupplyChain } from "../dist/index.js"
import * as Fixtures from "./dist/Shoppers.js"

const [stores = 100, receiptsPerDay = 10_000, days = 7] = process.argv.slice(2).map((x) => Number(x))
const onlineOrdersPerDay = Math.round(receiptsPerDay / 10)
const start = Calendar.parse("2024-03-04")
const fmt = (x, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d })

const t0 = performance.now()
const master = Master.generateMaster(
  MasterSpec.make({
    seed: 42,
    stores,
    dcs: Math.max(1, Math.round(stores / 10)),
    customers: 10_000,
    products: 10_000,
    startDate: start,
    // demand of the fixture: receipts × ~4 lines × ~1.3 units, split over the stores
    unitsPerStoreDay: Math.round((receiptsPerDay * 4 * 1.3) / stores)
  })
)
const masterSeconds = (performance.now() - t0) / 1000

/** The same plugin with its step (and save) timed. */
const timed = (plugin, clock) => ({
  ...plugin,
  step: (state, ctx) => {
    const t = performance.now()
    const out = plugin.step(state, ctx)
    clock[plugin.name] = (clock[plugin.name] ?? 0) + (performance.now() - t) / 1000
    return out
  },
  ...(plugin.save === undefined
    ? {}
    : {
        save: (state) => {
          const t = performance.now()
          const out = plugin.save(state)
          saveSeconds += (performance.now() - t) / 1000
          return out
        }
      })
})

const clock = {}
let saveSeconds = 0
let savedBytes = 0
const [stock, inventory] = SupplyChain.plugins()
const plugins = [
  PatternsService.plugin(),
  stock,
  Fixtures.receipts({ receiptsPerDay }),
  Fixtures.onlineOrders({ onlineOrdersPerDay }),
  inventory
].map((p) => timed(p, clock))

const t1 = performance.now()
const summary = await Effect.runPromise(
  Run.run({
    plugins,
    seed: 42,
    start,
    end: start + days - 1,
    master,
    onCheckpoint: (resume) =>
      Effect.sync(() => {
        savedBytes = JSON.stringify(resume.states.stock).length
      })
  })
)
const runSeconds = (performance.now() - t1) / 1000
const lost = Stock.lostSales(summary.resume.states.stock)
const saves = days + 1 // one per checkpoint, one for the summary

// Takes alone: replay a day's worth of random takes against a fresh stock service.
const probe = stock.init({
  seed: 1,
  shard: { index: 0, count: 1 },
  master,
  start,
  rng: () => {
    throw new Error("unused")
  },
  service: () => {
    throw new Error("unused")
  }
})
const service = stock.service(probe)
const snap = master.storeInventory
const n = 1_000_000
const storeOf = new Int32Array(n)
const productOf = new Int32Array(n)
for (let k = 0; k < n; k++) {
  const s = 1 + ((k * 7919) % stores)
  const a = snap.locationStart[s - 1]
  const b = snap.locationStart[s]
  storeOf[k] = s
  productOf[k] = snap.productId[a + ((k * 104729) % Math.max(1, b - a))]
}
const t2 = performance.now()
let granted = 0
for (let k = 0; k < n; k++)
  granted += service.takeFromStore(storeOf[k], productOf[k], 1, start * 86400 + 8 * 3600 + k / 20)
const takeSeconds = (performance.now() - t2) / 1000

console.log(
  `supply-chain bench: ${fmt(stores)} stores, ${fmt(master.dcs.length)} DCs, ${fmt(master.products.length)} products, ` +
    `${fmt(snap.length)} store positions, ${fmt(receiptsPerDay)} receipts/day + ${fmt(onlineOrdersPerDay)} online orders/day, ` +
    `${days} days (node ${process.version})`
)
console.log(`master data: ${fmt(masterSeconds, 2)} s`)
const inv = clock.inventory
console.log("\ntable                          rows    rows/s (inventory step)")
let supplyRows = 0
for (const t of ["store_inventory_txn", "dc_inventory_txn", "truck_moves"]) {
  supplyRows += summary.rows[t]
  console.log(
    `${t.padEnd(24)} ${fmt(summary.rows[t]).padStart(12)} ${fmt(summary.rows[t] / inv).padStart(14)}`
  )
}
console.log(`${"all three".padEnd(24)} ${fmt(supplyRows).padStart(12)} ${fmt(supplyRows / inv).padStart(14)}`)
console.log("\nplugin step time (s)")
for (const [name, s] of Object.entries(clock)) console.log(`  ${name.padEnd(16)} ${fmt(s, 3).padStart(8)}`)
console.log(
  `run: ${fmt(runSeconds, 2)} s for ${fmt(summary.totalRows)} rows (all tables, incl. fixtures and daily checkpoints)`
)
console.log(`takes: ${fmt(n / takeSeconds)} takeFromStore/s (${fmt(granted)} of ${fmt(n)} granted)`)
console.log(
  `lost sales: ${fmt(lost.totalLost)} of ${fmt(lost.totalRequested)} units (${fmt(lost.lostShare * 100, 2)} %), ` +
    `${fmt(lost.notCarried.reduce((a, b) => a + b, 0))} of them for products not launched`
)
console.log(
  `saved state: ${fmt(savedBytes / 1024)} KiB of JSON per day, ${fmt((saveSeconds / saves) * 1000, 1)} ms to save`
)
console.log(`peak RSS: ${fmt(process.resourceUsage().maxRSS / 1024)} MiB`)
