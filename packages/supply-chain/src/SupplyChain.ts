/**
 * The supply-chain plugin family: `plugins(options)` returns the `stock` plugin (no tables; the
 * ledgers and the `StockService` the shoppers call) and the `inventory` plugin
 * (`store_inventory_txn`, `dc_inventory_txn`, `truck_moves`).
 *
 * @example
 * import { SupplyChain } from "@retail-datagen/supply-chain"
 * const [stock, inventory] = SupplyChain.plugins({ supplierLeadDays: 4 })
 * // register: [stock, receipts, onlineOrders, inventory]
 */
import type { Plugin } from "@retail-datagen/core"
import type { Master } from "@retail-datagen/master"
import * as Inventory from "./Inventory.js"
import * as Stock from "./Stock.js"
import type * as SupplyOptions from "./SupplyOptions.js"

/** The `stock` and `inventory` plugins, sharing one set of options. Throws a `SupplyOptionsError` for bad options. */
export const plugins = (
  options: SupplyOptions.SupplyOptionsInput = {}
): readonly [ReturnType<typeof Stock.plugin>, Plugin.FactPlugin<Inventory.State, Master.Master>] => [
  Stock.plugin(options),
  Inventory.plugin(options)
]
