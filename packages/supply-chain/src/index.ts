/**
 * @retail-datagen/supply-chain — store and DC inventory ledgers, reorders, DC dispatch, trucks
 * and supplier replenishment → `store_inventory_txn`, `dc_inventory_txn`, `truck_moves`, and the
 * `stock` service that limits sales and online fulfilment.
 */
export * as Inventory from "./Inventory.js"
export * as Stock from "./Stock.js"
export * as StockError from "./StockError.js"
export * as SupplyChain from "./SupplyChain.js"
export { plugins } from "./SupplyChain.js"
export * as SupplyOptions from "./SupplyOptions.js"
export * as Tables from "./Tables.js"
