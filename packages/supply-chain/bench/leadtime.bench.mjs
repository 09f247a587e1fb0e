// Reorder lead time, measured from the rows the way a realism report can: a store position's
// replayed on-hand crossing down to its reorder point, then its next INBOUND delivery. Reports the
// share delivered within the snapshots' lead time (3 days) and the lost-sales share.
// Run after `pnpm build`: `node bench/leadtime.bench.mjs [stores] [dcs] [products] [days]`.
import { Calendar } from "@retail-datagen/core"
import { Run } from "@retail-datagen/engine"
import { Inventory, Master, MasterSpec } from "@retail-datagen/master"
import { PatternsService } from "@retail-datagen/patterns"
import { Effect } from "effect"
import { Stock, SupplyChain } from "../dist/index.js"
import * as Fixtures from "./dist/Shoppers.js"

const [stores = 100, dcs = 10, products = 10_000, days = 28] = process.argv.slice(2).map((x) => Number(x))
const start = Calendar.parse("2024-03-04")
const master = Master.generateMaster(
  MasterSpec.make({
    seed: 42,
    stores,
    dcs,
    customers: 10_000,
    products,
    startDate: start,
    unitsPerStoreDay: 520
  })
)
const snap = master.storeInventory
const balance = Int32Array.from(snap.currentQuantity)
const crossedAt = new Float64Array(snap.length).fill(Number.NaN)
let within = 0
let later = 0
const [stock, inventory] = SupplyChain.plugins()
const summary = await Effect.runPromise(
  Run.run({
    plugins: [
      PatternsService.plugin(),
      stock,
      Fixtures.receipts({ receiptsPerDay: 100 * stores }),
      Fixtures.onlineOrders({ onlineOrdersPerDay: 10 * stores }),
      inventory
    ],
    seed: 42,
    start,
    end: start + days - 1,
    master,
    onBatches: (_day, _plugin, batches) =>
      Effect.sync(() => {
        for (const b of batches) {
          if (b.table.name !== "store_inventory_txn") continue
          const [, ts, store, product, qty, reason] = b.columns
          for (let i = 0; i < b.length; i++) {
            const row = Inventory.rowOf(snap, store[i], product[i])
            const before = balance[row]
            balance[row] += qty[i]
            const open = !Number.isNaN(crossedAt[row])
            if (open && qty[i] > 0 && reason[i] === 0) {
              if (ts[i] - crossedAt[row] <= Inventory.STORE_LEAD_DAYS * 86400) within++
              else later++
              crossedAt[row] = Number.NaN
            } else if (
              !open &&
              qty[i] < 0 &&
              before > snap.reorderPoint[row] &&
              balance[row] <= snap.reorderPoint[row]
            ) {
              crossedAt[row] = ts[i]
            }
          }
        }
      })
  })
)
let waiting = 0
for (let r = 0; r < snap.length; r++)
  if (crossedAt[r] < (start + days - Inventory.STORE_LEAD_DAYS) * 86400) waiting++
const lost = Stock.lostSales(summary.resume.states.stock)
const fmt = (x) => x.toLocaleString("en-US")
console.log(
  `lead-time bench: ${stores} stores, ${dcs} DCs, ${fmt(products)} products, ${days} days (node ${process.version})`
)
console.log(
  `reorder-point crossings delivered within ${Inventory.STORE_LEAD_DAYS} days: ${fmt(within)} of ${fmt(within + later + waiting)} ` +
    `(${((within / (within + later + waiting)) * 100).toFixed(1)} %; ${fmt(later)} later, ${fmt(waiting)} still waiting)`
)
console.log(`lost sales: ${(lost.lostShare * 100).toFixed(2)} %`)
