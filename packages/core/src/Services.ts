/**
 * The service contracts between the built-in plugin families, declared once: the `"stock"`
 * plugin's `StockService` (sales take units; the supply chain's ledgers or `unlimited` grant them),
 * the `"marketing"` plugin's `ExposureService` (campaign exposure lifts a customer's visits) and
 * the `"online_orders"` plugin's `OnlineOrdersService` (the day's order lines the inventory
 * ledgers book).
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

/** `nodeType` of an online-order line fulfilled from a DC (`FulfillmentNodeType` `DC`). */
export const NODE_DC = 0
/** `nodeType` of an online-order line fulfilled from a store (`FulfillmentNodeType` `STORE`). */
export const NODE_STORE = 1

/**
 * The product lines of one day's online orders of a shard, aligned by index (columnar: no object
 * per line): each becomes an ONLINE_FULFILLMENT row of the inventory ledgers. Lines whose `qty`
 * is 0 are ignored.
 */
export interface OnlineOrderLines {
  readonly length: number
  /** The order's TraceId (the number written after `TRC`). */
  readonly traceId: ArrayLike<number>
  /** When the units left the node (core `Timestamp`): the order's EventTS for a DC, the pick time for a store. */
  readonly eventTs: ArrayLike<number>
  /** `NODE_DC` (0) or `NODE_STORE` (1). */
  readonly nodeType: ArrayLike<number>
  /** DCID or StoreID of the fulfilling node. */
  readonly nodeId: ArrayLike<number>
  readonly productId: ArrayLike<number>
  /** Units taken from the node's stock (what `takeFromStore` / `takeFromDc` granted). */
  readonly qty: ArrayLike<number>
}

/** What the plugin producing `online_orders` shares with the inventory plugin. */
export interface OnlineOrdersService {
  /** The lines of the orders generated on `day` (the day being stepped) by this shard. */
  linesOf(day: number): OnlineOrderLines
}

/** The service of the plugin named `"online_orders"` (the built-in one; the inventory plugin may read another by name). */
export const OnlineOrders: Plugin.Key<"online_orders", OnlineOrdersService> =
  Plugin.key<OnlineOrdersService>()("online_orders")
