/**
 * The stock contract between the shopper plugins and the supply chain.
 *
 * Store sales (`receipts`) and online fulfilment (`online_orders`) take every unit they sell
 * through the service of the plugin named `"stock"` (`NAME`), which they list in `dependsOn`.
 * `unlimited` is that plugin when nothing limits stock: it has no tables and grants every
 * request. The supply-chain package provides a `"stock"` plugin with real ledgers (snapshots,
 * deliveries) that grants at most what is on hand; register exactly one of them.
 *
 * Call order promised by the shopper plugins (per shard and day): `receipts` first, each store's
 * calls in nondecreasing `ts` (its visits in time order) — except, on a scenario's store-closure
 * days, the visits redirected from a closed store, which come after every store's own visits
 * (in time order per closed store) and so may carry an earlier `ts` than a store's last call;
 * then `online_orders`, whose DC calls
 * come in nondecreasing `ts` per DC (orders in time order) and whose store calls all carry the
 * day's pick-wave time 23:59:59 (`OnlineOrders.PICK_SECOND`), after every receipt of the day.
 *
 * @example
 * import { Stock } from "@retail-datagen/customers"
 * const stock = Stock.unlimited.service!(Stock.unlimited.init(ctx))
 * stock.takeFromStore(12, 345, 3, ts) // 3
 */
import { type Plugin, Services } from "@retail-datagen/core"

/** Name of the plugin that provides the `StockService`. */
export const NAME = Services.Stock.name

/** The typed key of the service: `ctx.service(Stock.Key)` is a `StockService`. */
export const Key: Plugin.Key<"stock", Services.StockService> = Services.Stock

/** Stock on hand, consumed by sales (declared once, in core `Services`). */
export type StockService = Services.StockService

const grantAll: StockService = {
  takeFromStore: (_storeId, _productId, qty) => qty,
  takeFromDc: (_dcId, _productId, qty) => qty
}

/** The `"stock"` plugin that limits nothing: no tables, no state, every request granted. */
export const unlimited: Plugin.FactPlugin<null, unknown, StockService> = {
  name: NAME,
  tables: [],
  dependsOn: [],
  init: () => null,
  step: () => [],
  service: () => grantAll
}
