/**
 * What the supply chain needs from the online-order simulation: the product lines of the day's
 * orders, with the node that fulfilled them, so that each line becomes an ONLINE_FULFILLMENT row
 * (store rows with Source `ONLINE`, or DC rows) carrying the order's TraceId.
 *
 * The plugin producing `online_orders` (named `"online_orders"` by default) exposes this as its
 * `service`; the `inventory` plugin reads it after that plugin's step each day. Columnar, so no
 * object per line. Lines whose `qty` is 0 are ignored.
 *
 * @example
 * import type { OnlineOrderLines } from "@retail-datagen/supply-chain"
 * const service: OnlineOrderLines.OnlineOrdersService = {
 *   linesOf: (_day) => ({ length: 0, traceId: [], eventTs: [], nodeType: [], nodeId: [], productId: [], qty: [] })
 * }
 */
import type { Calendar } from "@retail-datagen/core"

/** `nodeType` of a line fulfilled from a DC (`FulfillmentNodeType` `DC`). */
export const NODE_DC = 0
/** `nodeType` of a line fulfilled from a store (`FulfillmentNodeType` `STORE`). */
export const NODE_STORE = 1

/** The order lines of one day of one shard, aligned by index. */
export interface Lines {
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

/** The service of the online-orders plugin. */
export interface OnlineOrdersService {
  /** The lines of the orders generated on `day` (the day being stepped) by this shard. */
  linesOf(day: Calendar.EpochDay): Lines
}
