/**
 * The service contracts between the built-in plugin families, declared once: the `"stock"`
 * plugin's `StockService` (sales take units; the supply chain's ledgers or `unlimited` grant them)
 * and the `"marketing"` plugin's `ExposureService` (campaign exposure lifts a customer's visits).
 * Each comes with its typed key: `ctx.service(Services.Stock)` is a `StockService`, and the key
 * carries the provider's name for `dependsOn`.
 *
 * @example
 * import { Services } from "@retail-datagen/core"
 * // in a plugin with dependsOn: [Services.Stock.name]
 * const stock = ctx.service(Services.Stock)
 * stock.takeFromStore(storeId, productId, 2, ts) // 0, 1 or 2
 */
import * as Plugin from "./Plugin.js"

/** Stock on hand, consumed by sales. Quantities are units; ids are the 1-based dimension ids. */
export interface StockService {
  /** Takes up to `qty` units of ProductID at StoreID at time `ts`; returns the units granted (0..qty). Calls for one store come in nondecreasing ts. */
  takeFromStore(storeId: number, productId: number, qty: number, ts: number): number
  /** Same for a DC (DCID). */
  takeFromDc(dcId: number, productId: number, qty: number, ts: number): number
}

/** The service of the plugin named `"stock"`. */
export const Stock: Plugin.Key<"stock", StockService> = Plugin.key<StockService>()("stock")

/** What marketing exposure does to a customer on a day. */
export interface ExposureService {
  /** Visit-probability multiplier (≥ 1) of a customer (CustomerID) on a day from campaigns seen in the last days; 1 when not exposed. */
  visitLift(customerId: number, day: number): number
  /** Department index (patterns Departments) promoted to this customer that day, or -1. */
  promotedDepartment(customerId: number, day: number): number
  /**
   * The `ImpressionId` number of the impression whose exposure acts on the customer that day;
   * NaN when none or unknown. Optional: only the ground truth's attribution reads it.
   */
  impression?(customerId: number, day: number): number
}

/** The service of the plugin named `"marketing"`. */
export const Exposure: Plugin.Key<"marketing", ExposureService> = Plugin.key<ExposureService>()("marketing")
