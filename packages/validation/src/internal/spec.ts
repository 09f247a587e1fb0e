/**
 * The contract tables (DATA-CONTRACT §3–§4) as the validator reads them: per column a decoding
 * kind, plus the documented extra columns some checks use when present.
 */
import type { Table } from "@retail-datagen/core"

/**
 * How a column is decoded. `text` columns are never decoded (names, addresses); `str` columns
 * (plugin tables' free text) are kept as text for the plugin's checks.
 */
export type Kind = "int" | "num" | "cents" | "ts" | "date" | "bool" | "hour" | "key" | "enum" | "text" | "str"

export interface ColSpec {
  readonly name: string
  readonly kind: Kind
  /** Empty cells are allowed. */
  readonly nullable: boolean
  /** Not part of the contract: a documented extra column that may be absent. */
  readonly extra: boolean
  /** `key`: the prefix every value starts with ("" = none). */
  readonly prefix: string
  /** `enum`: the domain; values outside it are findings unless `open`. */
  readonly values: ReadonlyArray<string>
  /** `enum`: the domain is extensible; other values decode to `values.length`. */
  readonly open: boolean
}

export interface TableSpec {
  readonly name: string
  readonly fact: boolean
  readonly columns: ReadonlyArray<ColSpec>
  /** Number of contract columns (the first ones of `columns`); the rest are extras. */
  readonly contract: number
  /** Column index by name. */
  readonly at: Readonly<Record<string, number>>
}

interface ColOpts {
  readonly nullable?: boolean
  readonly extra?: boolean
  readonly prefix?: string
  readonly values?: ReadonlyArray<string>
  readonly open?: boolean
}

type ColDef = readonly [string, Kind, ColOpts?]

const table = (name: string, fact: boolean, defs: ReadonlyArray<ColDef>): TableSpec => {
  const columns = defs.map(
    ([n, kind, o]): ColSpec => ({
      name: n,
      kind,
      nullable: o?.nullable ?? false,
      extra: o?.extra ?? false,
      prefix: o?.prefix ?? "",
      values: o?.values ?? [],
      open: o?.open ?? false
    })
  )
  const at: Record<string, number> = {}
  columns.forEach((c, i) => {
    at[c.name] = i
  })
  return { name, fact, columns, contract: columns.filter((c) => !c.extra).length, at }
}

const T = { nullable: true } as const
const X = { extra: true, nullable: true } as const
const trace: ColDef = ["TraceId", "key", { prefix: "TRC" }]
const ts: ColDef = ["EventTS", "ts"]

export const DC_REASONS = [
  "INBOUND_SHIPMENT",
  "OUTBOUND_SHIPMENT",
  "ONLINE_FULFILLMENT",
  "ADJUSTMENT",
  "DAMAGED"
] as const
export const STORE_REASONS = [
  "INBOUND_SHIPMENT",
  "SALE",
  "ONLINE_FULFILLMENT",
  "ADJUSTMENT",
  "DAMAGED"
] as const
/** `Source` each store Reason requires (`""` = a TruckId). */
export const STORE_SOURCES = ["", "CUSTOMER_PURCHASE", "ONLINE", "CYCLE_COUNT", "SHRINK"] as const
export const STORE_INBOUND = 0
export const STORE_SALE = 1
export const STATUSES = ["SCHEDULED", "LOADING", "IN_TRANSIT", "ARRIVED", "UNLOADING", "COMPLETED"] as const
export const ARRIVED = 3
export const TENDERS = ["CREDIT_CARD", "DEBIT_CARD", "CASH", "MOBILE_PAY"] as const
export const ONLINE_TENDERS = [...TENDERS, "PAYPAL"] as const
export const TRAFFIC_ZONES = ["ENTRANCE", "AISLES", "CHECKOUT"] as const
export const ENTRANCE = 0
export const BLE_ZONES = ["ENTRANCE", "GROCERY", "ELECTRONICS", "CLOTHING", "CHECKOUT"] as const
export const CHANNELS = ["FACEBOOK", "INSTAGRAM", "GOOGLE", "YOUTUBE", "EMAIL", "DISPLAY", "SEARCH"] as const
export const DEVICES = ["MOBILE", "DESKTOP", "TABLET"] as const
export const MODES = ["SHIP_FROM_DC", "SHIP_FROM_STORE", "BOPIS"] as const
export const NODE_TYPES = ["DC", "STORE"] as const
export const NODE_DC = 0
/**
 * Product taxability values (products_master.Taxability, as the master package writes them):
 * `taxable` pays the store's TaxRateBps, `reduced` its ReducedTaxRateBps, the others nothing.
 * Other values are accepted and make the tax of their receipts unknown (not recomputed).
 */
export const TAXABILITY = ["taxable", "reduced", "exempt_food", "exempt"] as const
export const TAX_FULL = 0
export const TAX_REDUCED = 1
/** Tax class of a taxability code: 0 full rate, 1 reduced rate, 2 exempt, 3 unknown. */
export const taxClass = (code: number): number => (code <= 1 ? code : code < TAXABILITY.length ? 2 : 3)

export const geographies = table("geographies_master", false, [
  ["ID", "int"],
  ["City", "text"],
  ["State", "text"],
  ["ZipCode", "text"],
  ["District", "text"],
  ["Region", "text"]
])

export const stores = table("stores", false, [
  ["ID", "int"],
  ["StoreNumber", "text"],
  ["Address", "text"],
  ["GeographyID", "int"],
  ["DCID", "int", X],
  ["OpenHour", "hour", X],
  ["CloseHour", "hour", X],
  ["TaxRateBps", "int", X],
  ["ReducedTaxRateBps", "int", X],
  ["TaxRate", "int", X]
])

export const dcs = table("distribution_centers", false, [
  ["ID", "int"],
  ["DCNumber", "text"],
  ["Address", "text"],
  ["GeographyID", "int"]
])

export const trucks = table("trucks", false, [
  ["ID", "int"],
  ["LicensePlate", "text"],
  ["Refrigeration", "bool"],
  ["DCID", "int"]
])

export const customers = table("customers", false, [
  ["ID", "int"],
  ["FirstName", "text"],
  ["LastName", "text"],
  ["Address", "text"],
  ["GeographyID", "int"],
  ["LoyaltyCard", "text"],
  ["Phone", "text"],
  ["BLEId", "text"],
  ["AdId", "text"]
])

export const products = table("products_master", false, [
  ["ID", "int"],
  ["ProductName", "text"],
  ["Brand", "text"],
  ["Company", "text"],
  ["Department", "text"],
  ["Category", "text"],
  ["Subcategory", "text"],
  ["Cost", "cents"],
  ["MSRP", "cents"],
  ["SalePrice", "cents"],
  ["RequiresRefrigeration", "bool"],
  ["LaunchDate", "date"],
  ["Taxability", "enum", { ...X, values: TAXABILITY, open: true }]
])

export const dcSnapshots = table("dc_inventory_snapshots", false, [
  ["DCID", "int"],
  ["ProductID", "int"],
  ["CurrentQuantity", "int"],
  ["ReorderPoint", "int", T],
  ["LastUpdated", "text"]
])

export const storeSnapshots = table("store_inventory_snapshots", false, [
  ["StoreID", "int"],
  ["ProductID", "int"],
  ["CurrentQuantity", "int"],
  ["ReorderPoint", "int", T],
  ["LastUpdated", "text"]
])

export const dcTxn = table("dc_inventory_txn", true, [
  trace,
  ts,
  ["DCID", "int"],
  ["ProductID", "int"],
  ["QtyDelta", "int"],
  ["Reason", "enum", { values: DC_REASONS }]
])

export const truckMoves = table("truck_moves", true, [
  trace,
  ts,
  ["TruckId", "key", { prefix: "TRK" }],
  ["DCID", "int"],
  ["StoreID", "int"],
  ["ShipmentId", "key", { prefix: "SHIP" }],
  ["Status", "enum", { values: STATUSES }],
  ["ETA", "ts", T],
  ["ETD", "ts", T]
])

export const storeTxn = table("store_inventory_txn", true, [
  trace,
  ts,
  ["StoreID", "int"],
  ["ProductID", "int"],
  ["QtyDelta", "int"],
  ["Reason", "enum", { values: STORE_REASONS }],
  ["Source", "key"]
])

export const receipts = table("receipts", true, [
  trace,
  ts,
  ["StoreID", "int"],
  ["CustomerID", "int", T],
  ["ReceiptId", "key", { prefix: "RCP" }],
  ["Subtotal", "cents"],
  ["Tax", "cents"],
  ["Total", "cents"],
  ["TenderType", "enum", { values: TENDERS }]
])

export const receiptLines = table("receipt_lines", true, [
  trace,
  ts,
  ["ReceiptId", "key", { prefix: "RCP" }],
  ["Line", "int"],
  ["ProductID", "int"],
  ["Qty", "int"],
  ["UnitPrice", "cents"],
  ["ExtPrice", "cents"],
  ["PromoCode", "key", T]
])

export const footTraffic = table("foot_traffic", true, [
  trace,
  ts,
  ["StoreID", "int"],
  ["SensorId", "key", { prefix: "SENSOR_" }],
  ["Zone", "enum", { values: TRAFFIC_ZONES, open: true }],
  ["Dwell", "num", T],
  ["Count", "int"]
])

export const blePings = table("ble_pings", true, [
  trace,
  ts,
  ["StoreID", "int"],
  ["BeaconId", "key", { prefix: "BEACON_" }],
  ["CustomerBLEId", "key"],
  ["RSSI", "int"],
  ["Zone", "enum", { values: BLE_ZONES, open: true }]
])

export const marketing = table("marketing", true, [
  trace,
  ts,
  ["Channel", "enum", { values: CHANNELS }],
  ["CampaignId", "key", { prefix: "CAMP" }],
  ["CreativeId", "key", { prefix: "CREAT" }],
  ["CustomerAdId", "key"],
  ["ImpressionId", "key", { prefix: "IMP" }],
  ["Cost", "cents"],
  ["Device", "enum", { values: DEVICES }]
])

export const onlineOrders = table("online_orders", true, [
  trace,
  ts,
  ["OrderId", "key", { prefix: "ONL" }],
  ["CustomerID", "int"],
  ["FulfillmentMode", "enum", { values: MODES }],
  ["FulfillmentNodeType", "enum", { values: NODE_TYPES }],
  ["FulfillmentNodeID", "int"],
  ["Subtotal", "cents"],
  ["Tax", "cents"],
  ["Total", "cents"],
  ["TenderType", "enum", { values: ONLINE_TENDERS }]
])

const PLUGIN_KIND: Readonly<Record<Table.Kind, Kind>> = {
  int: "int",
  cents: "cents",
  float: "num",
  timestamp: "ts",
  date: "date",
  bool: "bool",
  id: "key",
  enum: "enum",
  string: "str"
}

/**
 * The spec of a plugin's fact table from its declaration (`Table.make`): each column decoded by
 * its kind, every column nullable (a table declares no nullability).
 */
export const fromTable = (t: Table.Table): TableSpec =>
  table(
    t.name,
    true,
    t.columns.map((c): ColDef => {
      const type = c.type
      return [
        c.name,
        PLUGIN_KIND[type.kind],
        {
          nullable: true,
          ...(type.kind === "id" ? { prefix: type.prefix } : {}),
          ...(type.kind === "enum" ? { values: type.values } : {})
        }
      ]
    })
  )

/** Dimensions in feed order: every table after the ones it references. */
export const MASTER: ReadonlyArray<TableSpec> = [
  geographies,
  dcs,
  stores,
  trucks,
  customers,
  products,
  dcSnapshots,
  storeSnapshots
]

/** Facts in the order they are fed within one day (receipts before their lines). */
export const FACTS: ReadonlyArray<TableSpec> = [
  receipts,
  receiptLines,
  onlineOrders,
  truckMoves,
  storeTxn,
  dcTxn,
  footTraffic,
  blePings,
  marketing
]

export const byName: ReadonlyMap<string, TableSpec> = new Map(
  [...MASTER, ...FACTS].map((t) => [t.name, t] as const)
)
