/**
 * The fact tables of the shopper plugins, columns in DATA-CONTRACT §4 order.
 *
 * @example
 * import { Table } from "@retail-datagen/core"
 * import { Tables } from "@retail-datagen/customers"
 * Table.header(Tables.Receipts) // ["TraceId", "EventTS", "StoreID", "CustomerID", "ReceiptId", …]
 */
import { Services, Table } from "@retail-datagen/core"

/** Store tenders, in code order. */
export const TENDERS: ReadonlyArray<string> = ["CREDIT_CARD", "DEBIT_CARD", "CASH", "MOBILE_PAY"]

/** Online tenders, in code order (the store tenders, then PAYPAL). */
export const ONLINE_TENDERS: ReadonlyArray<string> = [...TENDERS, "PAYPAL"]

/** Fulfilment modes, in code order. */
export const FULFILLMENT_MODES: ReadonlyArray<string> = ["SHIP_FROM_DC", "SHIP_FROM_STORE", "BOPIS"]
export const SHIP_FROM_DC = 0
export const SHIP_FROM_STORE = 1
export const BOPIS = 2

/** Fulfilment node types, in code order. */
export const NODE_TYPES: ReadonlyArray<string> = ["DC", "STORE"]
export const NODE_DC: typeof Services.NODE_DC = Services.NODE_DC
export const NODE_STORE: typeof Services.NODE_STORE = Services.NODE_STORE

/** One row per checkout. `CustomerID` is always set by this package (never anonymous). */
export const Receipts = Table.make("receipts", {
  TraceId: Table.id("TRC"),
  EventTS: Table.timestamp,
  StoreID: Table.int,
  CustomerID: Table.int,
  ReceiptId: Table.id("RCP"),
  Subtotal: Table.cents,
  Tax: Table.cents,
  Total: Table.cents,
  TenderType: Table.enumOf(TENDERS)
})

/** One row per receipt line; lines share the receipt's TraceId and EventTS. `PromoCode` "" = null. */
export const ReceiptLines = Table.make("receipt_lines", {
  TraceId: Table.id("TRC"),
  EventTS: Table.timestamp,
  ReceiptId: Table.id("RCP"),
  Line: Table.int,
  ProductID: Table.int,
  Qty: Table.int,
  UnitPrice: Table.cents,
  ExtPrice: Table.cents,
  PromoCode: Table.string
})

/** One row per online order, at creation. */
export const OnlineOrders = Table.make("online_orders", {
  TraceId: Table.id("TRC"),
  EventTS: Table.timestamp,
  OrderId: Table.id("ONL"),
  CustomerID: Table.int,
  FulfillmentMode: Table.enumOf(FULFILLMENT_MODES),
  FulfillmentNodeType: Table.enumOf(NODE_TYPES),
  FulfillmentNodeID: Table.int,
  Subtotal: Table.cents,
  Tax: Table.cents,
  Total: Table.cents,
  TenderType: Table.enumOf(ONLINE_TENDERS)
})
