/**
 * The fact tables of the supply chain (DATA-CONTRACT §4), in contract column order, and the
 * codes of their enum columns.
 *
 * - `store_inventory_txn`: every change of a store's stock (sales, online fulfilment, deliveries,
 *   cycle counts, shrink). `Source` is `CUSTOMER_PURCHASE` (SALE), `ONLINE`
 *   (ONLINE_FULFILLMENT), the TruckId (`TRK0042`, INBOUND_SHIPMENT), `CYCLE_COUNT` (ADJUSTMENT)
 *   or `SHRINK` (DAMAGED).
 * - `dc_inventory_txn`: every change of a DC's stock (supplier deliveries, shipments to stores,
 *   online fulfilment, cycle counts, damage).
 * - `truck_moves`: one row per status change of a shipment.
 *
 * @example
 * import { Table } from "@retail-datagen/core"
 * import { Tables } from "@retail-datagen/supply-chain"
 * Table.header(Tables.TruckMoves) // ["TraceId", "EventTS", "TruckId", …, "ETA", "ETD"]
 */
import { Table } from "@retail-datagen/core"

/** `store_inventory_txn` Reason values, in code order. */
export const STORE_REASONS: ReadonlyArray<string> = [
  "INBOUND_SHIPMENT",
  "SALE",
  "ONLINE_FULFILLMENT",
  "ADJUSTMENT",
  "DAMAGED"
]
/** `dc_inventory_txn` Reason values, in code order. */
export const DC_REASONS: ReadonlyArray<string> = [
  "INBOUND_SHIPMENT",
  "OUTBOUND_SHIPMENT",
  "ONLINE_FULFILLMENT",
  "ADJUSTMENT",
  "DAMAGED"
]
/** Truck statuses in lifecycle order (the code order). */
export const STATUSES: ReadonlyArray<string> = [
  "SCHEDULED",
  "LOADING",
  "IN_TRANSIT",
  "ARRIVED",
  "UNLOADING",
  "COMPLETED"
]

/** Reason codes of `store_inventory_txn`. */
export const STORE_INBOUND = 0
export const STORE_SALE = 1
export const STORE_ONLINE = 2
export const STORE_ADJUSTMENT = 3
export const STORE_DAMAGED = 4

/** Reason codes of `dc_inventory_txn`. */
export const DC_INBOUND = 0
export const DC_OUTBOUND = 1
export const DC_ONLINE = 2
export const DC_ADJUSTMENT = 3
export const DC_DAMAGED = 4

/** Status codes of `truck_moves`. */
export const SCHEDULED = 0
export const LOADING = 1
export const IN_TRANSIT = 2
export const ARRIVED = 3
export const UNLOADING = 4
export const COMPLETED = 5

/** `Source` of store rows other than deliveries (which carry the TruckId). */
export const SOURCE_CUSTOMER_PURCHASE = "CUSTOMER_PURCHASE"
export const SOURCE_ONLINE = "ONLINE"
export const SOURCE_CYCLE_COUNT = "CYCLE_COUNT"
export const SOURCE_SHRINK = "SHRINK"

export const StoreInventoryTxn: Table.Table = Table.make("store_inventory_txn", {
  TraceId: Table.id("TRC"),
  EventTS: Table.timestamp,
  StoreID: Table.int,
  ProductID: Table.int,
  QtyDelta: Table.int,
  Reason: Table.enumOf(STORE_REASONS),
  Source: Table.string
})

export const DcInventoryTxn: Table.Table = Table.make("dc_inventory_txn", {
  TraceId: Table.id("TRC"),
  EventTS: Table.timestamp,
  DCID: Table.int,
  ProductID: Table.int,
  QtyDelta: Table.int,
  Reason: Table.enumOf(DC_REASONS)
})

export const TruckMoves: Table.Table = Table.make("truck_moves", {
  TraceId: Table.id("TRC"),
  EventTS: Table.timestamp,
  TruckId: Table.id("TRK", 4),
  DCID: Table.int,
  StoreID: Table.int,
  ShipmentId: Table.id("SHIP"),
  Status: Table.enumOf(STATUSES),
  ETA: Table.timestamp,
  ETD: Table.timestamp
})

/** The three tables, in the order the `inventory` plugin emits them. */
export const all: ReadonlyArray<Table.Table> = [StoreInventoryTxn, DcInventoryTxn, TruckMoves]
