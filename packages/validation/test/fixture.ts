/**
 * A small, hand-built, consistent dataset (all 8 master tables, all 9 fact tables, two days),
 * kept as CSV text cells so tests can corrupt it cell by cell, then either write it to disk in
 * the contract layout (CSV, Parquet through the sinks package, or a mix) or turn it into core
 * batches through typed `Table` definitions.
 */
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Batch, Calendar, Ids, Money, Table, Timestamp } from "@retail-datagen/core"
import { Partition } from "@retail-datagen/sinks"
import { Effect } from "effect"

const id = Table.id
const E = Table.enumOf

export const TABLES: Readonly<Record<string, Table.Table>> = Object.fromEntries(
  [
    Table.make("geographies_master", {
      ID: Table.int,
      City: Table.string,
      State: Table.string,
      ZipCode: Table.string,
      District: Table.string,
      Region: Table.string
    }),
    Table.make("distribution_centers", {
      ID: Table.int,
      DCNumber: Table.string,
      Address: Table.string,
      GeographyID: Table.int
    }),
    Table.make("stores", {
      ID: Table.int,
      StoreNumber: Table.string,
      Address: Table.string,
      GeographyID: Table.int,
      DCID: Table.int,
      OpenHour: Table.int,
      CloseHour: Table.int,
      TaxRateBps: Table.int,
      ReducedTaxRateBps: Table.int
    }),
    Table.make("trucks", {
      ID: Table.int,
      LicensePlate: Table.string,
      Refrigeration: Table.bool,
      DCID: Table.int
    }),
    Table.make("customers", {
      ID: Table.int,
      FirstName: Table.string,
      LastName: Table.string,
      Address: Table.string,
      GeographyID: Table.int,
      LoyaltyCard: Table.string,
      Phone: Table.string,
      BLEId: Table.string,
      AdId: Table.string
    }),
    Table.make("products_master", {
      ID: Table.int,
      ProductName: Table.string,
      Brand: Table.string,
      Company: Table.string,
      Department: Table.string,
      Category: Table.string,
      Subcategory: Table.string,
      Cost: Table.cents,
      MSRP: Table.cents,
      SalePrice: Table.cents,
      RequiresRefrigeration: Table.bool,
      LaunchDate: Table.date,
      Taxability: E(["taxable", "exempt_food", "reduced"])
    }),
    Table.make("dc_inventory_snapshots", {
      DCID: Table.int,
      ProductID: Table.int,
      CurrentQuantity: Table.int,
      ReorderPoint: Table.int,
      LastUpdated: Table.timestamp
    }),
    Table.make("store_inventory_snapshots", {
      StoreID: Table.int,
      ProductID: Table.int,
      CurrentQuantity: Table.int,
      ReorderPoint: Table.int,
      LastUpdated: Table.timestamp
    }),
    Table.make("receipts", {
      TraceId: id("TRC"),
      EventTS: Table.timestamp,
      StoreID: Table.int,
      CustomerID: Table.int,
      ReceiptId: id("RCP"),
      Subtotal: Table.cents,
      Tax: Table.cents,
      Total: Table.cents,
      TenderType: E(["CREDIT_CARD", "DEBIT_CARD", "CASH", "MOBILE_PAY"])
    }),
    Table.make("receipt_lines", {
      TraceId: id("TRC"),
      EventTS: Table.timestamp,
      ReceiptId: id("RCP"),
      Line: Table.int,
      ProductID: Table.int,
      Qty: Table.int,
      UnitPrice: Table.cents,
      ExtPrice: Table.cents,
      PromoCode: Table.string
    }),
    Table.make("online_orders", {
      TraceId: id("TRC"),
      EventTS: Table.timestamp,
      OrderId: id("ONL"),
      CustomerID: Table.int,
      FulfillmentMode: E(["SHIP_FROM_DC", "SHIP_FROM_STORE", "BOPIS"]),
      FulfillmentNodeType: E(["DC", "STORE"]),
      FulfillmentNodeID: Table.int,
      Subtotal: Table.cents,
      Tax: Table.cents,
      Total: Table.cents,
      TenderType: E(["CREDIT_CARD", "DEBIT_CARD", "CASH", "MOBILE_PAY", "PAYPAL"])
    }),
    Table.make("truck_moves", {
      TraceId: id("TRC"),
      EventTS: Table.timestamp,
      TruckId: id("TRK"),
      DCID: Table.int,
      StoreID: Table.int,
      ShipmentId: id("SHIP"),
      Status: E(["SCHEDULED", "LOADING", "IN_TRANSIT", "ARRIVED", "UNLOADING", "COMPLETED"]),
      ETA: Table.timestamp,
      ETD: Table.timestamp
    }),
    Table.make("store_inventory_txn", {
      TraceId: id("TRC"),
      EventTS: Table.timestamp,
      StoreID: Table.int,
      ProductID: Table.int,
      QtyDelta: Table.int,
      Reason: E(["INBOUND_SHIPMENT", "SALE", "ONLINE_FULFILLMENT", "ADJUSTMENT", "DAMAGED"]),
      Source: Table.string
    }),
    Table.make("dc_inventory_txn", {
      TraceId: id("TRC"),
      EventTS: Table.timestamp,
      DCID: Table.int,
      ProductID: Table.int,
      QtyDelta: Table.int,
      Reason: E(["INBOUND_SHIPMENT", "OUTBOUND_SHIPMENT", "ONLINE_FULFILLMENT", "ADJUSTMENT", "DAMAGED"])
    }),
    Table.make("foot_traffic", {
      TraceId: id("TRC"),
      EventTS: Table.timestamp,
      StoreID: Table.int,
      SensorId: Table.string,
      Zone: E(["ENTRANCE", "AISLES", "CHECKOUT"]),
      Dwell: Table.float(1),
      Count: Table.int
    }),
    Table.make("ble_pings", {
      TraceId: id("TRC"),
      EventTS: Table.timestamp,
      StoreID: Table.int,
      BeaconId: Table.string,
      CustomerBLEId: Table.string,
      RSSI: Table.int,
      Zone: E(["ENTRANCE", "GROCERY", "ELECTRONICS", "CLOTHING", "CHECKOUT"])
    }),
    Table.make("marketing", {
      TraceId: id("TRC"),
      EventTS: Table.timestamp,
      Channel: E(["FACEBOOK", "INSTAGRAM", "GOOGLE", "YOUTUBE", "EMAIL", "DISPLAY", "SEARCH"]),
      CampaignId: id("CAMP"),
      CreativeId: id("CREAT"),
      CustomerAdId: Table.string,
      ImpressionId: id("IMP"),
      Cost: Table.cents,
      Device: E(["MOBILE", "DESKTOP", "TABLET"])
    })
  ].map((t) => [t.name, t] as const)
)

export const MASTER = [
  "geographies_master",
  "distribution_centers",
  "stores",
  "trucks",
  "customers",
  "products_master",
  "dc_inventory_snapshots",
  "store_inventory_snapshots"
] as const

export const FACTS = [
  "receipts",
  "receipt_lines",
  "online_orders",
  "truck_moves",
  "store_inventory_txn",
  "dc_inventory_txn",
  "foot_traffic",
  "ble_pings",
  "marketing"
] as const

export type Rows = Array<Array<string>>

/** Text cells per table (headers come from `TABLES`). */
export interface Fixture {
  master: Record<string, Rows>
  facts: Record<string, Rows>
}

const D1 = "2024-03-04"
const D2 = "2024-03-05"
const snap = `${D1} 00:00:00`

/** The consistent base dataset; every number here was worked out by hand (see comments). */
export const base = (): Fixture => ({
  master: {
    geographies_master: [
      ["1", "Springfield", "IL", "62701", "D1", "Midwest"],
      ["2", "Portland, East", "OR", "97201", "D2", "West"]
    ],
    distribution_centers: [
      ["1", "DC001", "1 Depot Rd", "1"],
      ["2", "DC002", "2 Depot Rd", "2"]
    ],
    stores: [
      ["1", "ST001", "10 Main St", "1", "1", "8", "22", "825", "410"],
      ["2", "ST002", '20 "Oak" Ave', "2", "2", "0", "24", "600", "300"]
    ],
    trucks: [
      ["1", "AAA-001", "false", "1"],
      ["2", "BBB-002", "true", "2"]
    ],
    customers: [
      ["1", "Ana", "Testa", "1 Elm", "1", "LC0001", "555-0101", "BLE1", "AD1"],
      ["2", "Ben", "Probe", "2 Elm", "1", "LC0002", "555-0102", "BLE2", "AD2"],
      ["3", "Cy", "Sample", "3 Elm\nApt 4", "2", "", "555-0103", "BLE3", "AD3"]
    ],
    products_master: [
      // Cost < SalePrice ≤ MSRP
      [
        "1",
        "Widget",
        "Fictacme",
        "Fict Co",
        "Home",
        "Tools",
        "Small",
        "1.50",
        "2.50",
        "2.50",
        "false",
        "2023-01-01",
        "taxable"
      ],
      [
        "2",
        "Apples",
        "Orchardo",
        "Fict Farms",
        "Grocery",
        "Produce",
        "Fruit",
        "6.00",
        "11.00",
        "10.00",
        "true",
        "2023-01-01",
        "exempt_food"
      ],
      [
        "3",
        "Gadget",
        "Novafict",
        "Fict Labs",
        "Electronics",
        "Audio",
        "Speakers",
        "20.00",
        "35.00",
        "30.00",
        "false",
        D2,
        "taxable"
      ]
    ],
    dc_inventory_snapshots: [
      ["1", "1", "100", "20", snap],
      ["1", "2", "50", "10", snap],
      ["1", "3", "20", "5", snap],
      ["2", "1", "10", "5", snap],
      ["2", "2", "10", "5", snap]
    ],
    store_inventory_snapshots: [
      ["1", "1", "10", "3", snap],
      ["1", "2", "5", "2", snap],
      ["1", "3", "0", "1", snap],
      ["2", "1", "0", "2", snap],
      ["2", "2", "5", "2", snap]
    ]
  },
  facts: {
    receipts: [
      // 2×2.50 taxable + 10.00 exempt; tax 8.25 % of 5.00 = 41.25 → 0.41
      ["TRC101", `${D1} 09:15:00`, "1", "1", "RCP101", "15.00", "0.41", "15.41", "CREDIT_CARD"],
      // promo 2.00; 8.25 % of 2.00 = 16.5 → 0.17 (half-up)
      ["TRC102", `${D1} 12:30:10`, "1", "2", "RCP102", "2.00", "0.17", "2.17", "CASH"],
      // anonymous, 24 h store, exempt goods
      ["TRC103", `${D1} 23:30:00`, "2", "", "RCP103", "20.00", "0.00", "20.00", "MOBILE_PAY"],
      // 6 % of 2.50 = 15.0 → 0.15
      ["TRC104", `${D2} 10:00:00`, "2", "3", "RCP104", "2.50", "0.15", "2.65", "DEBIT_CARD"],
      // launch-day gadget; 8.25 % of 30.00 = 247.5 → 2.48
      ["TRC105", `${D2} 18:45:00`, "1", "1", "RCP105", "30.00", "2.48", "32.48", "CREDIT_CARD"]
    ],
    receipt_lines: [
      ["TRC101", `${D1} 09:15:00`, "RCP101", "1", "1", "2", "2.50", "5.00", ""],
      ["TRC101", `${D1} 09:15:00`, "RCP101", "2", "2", "1", "10.00", "10.00", ""],
      ["TRC102", `${D1} 12:30:10`, "RCP102", "1", "1", "1", "2.00", "2.00", "PROMO20"],
      ["TRC103", `${D1} 23:30:00`, "RCP103", "1", "2", "2", "10.00", "20.00", ""],
      ["TRC104", `${D2} 10:00:00`, "RCP104", "1", "1", "1", "2.50", "2.50", ""],
      ["TRC105", `${D2} 18:45:00`, "RCP105", "1", "3", "1", "30.00", "30.00", ""]
    ],
    online_orders: [
      [
        "TRC201",
        `${D1} 10:05:00`,
        "ONL201",
        "3",
        "SHIP_FROM_DC",
        "DC",
        "1",
        "30.00",
        "2.48",
        "32.48",
        "PAYPAL"
      ],
      [
        "TRC202",
        `${D1} 11:00:00`,
        "ONL202",
        "2",
        "BOPIS",
        "STORE",
        "1",
        "2.50",
        "0.21",
        "2.71",
        "CREDIT_CARD"
      ]
    ],
    truck_moves: [
      [
        "TRC301",
        `${D1} 06:00:00`,
        "TRK1",
        "1",
        "1",
        "SHIP301",
        "SCHEDULED",
        `${D1} 14:00:00`,
        `${D1} 15:30:00`
      ],
      [
        "TRC301",
        `${D1} 07:00:00`,
        "TRK1",
        "1",
        "1",
        "SHIP301",
        "LOADING",
        `${D1} 14:00:00`,
        `${D1} 15:30:00`
      ],
      [
        "TRC301",
        `${D1} 08:00:00`,
        "TRK1",
        "1",
        "1",
        "SHIP301",
        "IN_TRANSIT",
        `${D1} 14:00:00`,
        `${D1} 15:30:00`
      ],
      [
        "TRC301",
        `${D1} 14:00:00`,
        "TRK1",
        "1",
        "1",
        "SHIP301",
        "ARRIVED",
        `${D1} 14:00:00`,
        `${D1} 15:30:00`
      ],
      [
        "TRC301",
        `${D1} 14:30:00`,
        "TRK1",
        "1",
        "1",
        "SHIP301",
        "UNLOADING",
        `${D1} 14:00:00`,
        `${D1} 15:30:00`
      ],
      [
        "TRC301",
        `${D1} 15:30:00`,
        "TRK1",
        "1",
        "1",
        "SHIP301",
        "COMPLETED",
        `${D1} 14:00:00`,
        `${D1} 15:30:00`
      ],
      // a shipment spanning two days; ARRIVED and UNLOADING at the same second
      [
        "TRC302",
        `${D1} 22:00:00`,
        "TRK2",
        "2",
        "2",
        "SHIP302",
        "SCHEDULED",
        `${D2} 10:00:00`,
        `${D2} 11:00:00`
      ],
      [
        "TRC302",
        `${D2} 06:00:00`,
        "TRK2",
        "2",
        "2",
        "SHIP302",
        "LOADING",
        `${D2} 10:00:00`,
        `${D2} 11:00:00`
      ],
      [
        "TRC302",
        `${D2} 07:00:00`,
        "TRK2",
        "2",
        "2",
        "SHIP302",
        "IN_TRANSIT",
        `${D2} 10:00:00`,
        `${D2} 11:00:00`
      ],
      [
        "TRC302",
        `${D2} 10:00:00`,
        "TRK2",
        "2",
        "2",
        "SHIP302",
        "UNLOADING",
        `${D2} 10:00:00`,
        `${D2} 11:00:00`
      ],
      [
        "TRC302",
        `${D2} 10:00:00`,
        "TRK2",
        "2",
        "2",
        "SHIP302",
        "ARRIVED",
        `${D2} 10:00:00`,
        `${D2} 11:00:00`
      ],
      [
        "TRC302",
        `${D2} 11:00:00`,
        "TRK2",
        "2",
        "2",
        "SHIP302",
        "COMPLETED",
        `${D2} 10:00:00`,
        `${D2} 11:00:00`
      ]
    ],
    store_inventory_txn: [
      // store 1: P1 10 → 8 → 7 → 6; P2 5 → 4; P3 0 → 5
      ["TRC101", `${D1} 09:15:00`, "1", "1", "-2", "SALE", "CUSTOMER_PURCHASE"],
      ["TRC101", `${D1} 09:15:00`, "1", "2", "-1", "SALE", "CUSTOMER_PURCHASE"],
      ["TRC202", `${D1} 11:00:00`, "1", "1", "-1", "ONLINE_FULFILLMENT", "ONLINE"],
      ["TRC102", `${D1} 12:30:10`, "1", "1", "-1", "SALE", "CUSTOMER_PURCHASE"],
      ["TRC301", `${D1} 15:00:00`, "1", "3", "5", "INBOUND_SHIPMENT", "TRK1"],
      ["TRC103", `${D1} 23:30:00`, "2", "2", "-2", "SALE", "CUSTOMER_PURCHASE"],
      // store 2 P1 starts at 0: the sale is listed first but the delivery at the same second counts first
      ["TRC104", `${D2} 10:00:00`, "2", "1", "-1", "SALE", "CUSTOMER_PURCHASE"],
      ["TRC302", `${D2} 10:00:00`, "2", "1", "3", "INBOUND_SHIPMENT", "TRK2"],
      ["TRC105", `${D2} 18:45:00`, "1", "3", "-1", "SALE", "CUSTOMER_PURCHASE"]
    ],
    dc_inventory_txn: [
      ["TRC301", `${D1} 07:30:00`, "1", "3", "-5", "OUTBOUND_SHIPMENT"],
      ["TRC201", `${D1} 10:05:00`, "1", "2", "-3", "ONLINE_FULFILLMENT"],
      ["TRC401", `${D1} 16:00:00`, "1", "1", "50", "INBOUND_SHIPMENT"],
      ["TRC302", `${D2} 06:30:00`, "2", "1", "-3", "OUTBOUND_SHIPMENT"]
    ],
    foot_traffic: [
      ["TRC501", `${D1} 09:00:00`, "1", "SENSOR_001_ENTRANCE", "ENTRANCE", "45.0", "10"],
      ["TRC502", `${D1} 12:00:00`, "1", "SENSOR_001_ENTRANCE", "ENTRANCE", "30.0", "8"],
      ["TRC503", `${D1} 12:05:00`, "1", "SENSOR_001_AISLES", "AISLES", "300.0", "6"],
      ["TRC504", `${D1} 23:00:00`, "2", "SENSOR_002_ENTRANCE", "ENTRANCE", "20.0", "4"],
      ["TRC505", `${D2} 10:00:00`, "2", "SENSOR_002_ENTRANCE", "ENTRANCE", "25.0", "3"],
      ["TRC506", `${D2} 18:00:00`, "1", "SENSOR_001_ENTRANCE", "ENTRANCE", "40.0", "5"]
    ],
    ble_pings: [
      ["TRC601", `${D1} 09:16:00`, "1", "BEACON_001_GROCERY", "BLE1", "-65", "GROCERY"],
      ["TRC602", `${D1} 09:17:00`, "1", "BEACON_001_GROCERY", "BLE1", "-60", "GROCERY"],
      ["TRC603", `${D1} 12:31:00`, "1", "BEACON_001_CHECKOUT", "BLE2", "-70", "CHECKOUT"],
      ["TRC604", `${D1} 23:31:00`, "2", "BEACON_002_ENTRANCE", "ANON9001", "-80", "ENTRANCE"],
      ["TRC605", `${D2} 10:01:00`, "2", "BEACON_002_ELECTRONICS", "BLE3", "-55", "ELECTRONICS"]
    ],
    marketing: [
      ["TRC701", `${D1} 08:00:00`, "FACEBOOK", "CAMP1", "CREAT1", "AD1", "IMP701", "0.15", "MOBILE"],
      ["TRC702", `${D1} 08:00:01`, "EMAIL", "CAMP1", "CREAT2", "ANONAD77", "IMP702", "0.00", "DESKTOP"],
      ["TRC703", `${D2} 09:30:00`, "SEARCH", "CAMP2", "CREAT3", "AD2", "IMP703", "0.25", "TABLET"]
    ]
  }
})

export const clone = (fx: Fixture): Fixture => structuredClone(fx)

export const header = (table: string): Array<string> => [...Table.header(TABLES[table]!)]

/** Column index of a table. */
export const col = (table: string, name: string): number => {
  const i = header(table).indexOf(name)
  if (i < 0) throw new Error(`no column ${table}.${name}`)
  return i
}

/** The rows of a table (master or fact). */
export const rows = (fx: Fixture, table: string): Rows => fx.master[table] ?? fx.facts[table]!

/** Index of the first row of `table` whose `column` equals `value`. */
export const find = (fx: Fixture, table: string, column: string, value: string, nth = 0): number => {
  const c = col(table, column)
  const all = rows(fx, table)
    .map((r, i) => [r, i] as const)
    .filter(([r]) => r[c] === value)
  if (all[nth] === undefined) throw new Error(`no row ${table}.${column} = ${value}`)
  return all[nth][1]
}

export const set = (fx: Fixture, table: string, row: number, column: string, value: string): void => {
  rows(fx, table)[row]![col(table, column)] = value
}

const quote = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)
export const csvLine = (cells: ReadonlyArray<string>): string => cells.map(quote).join(",")
export const csv = (head: ReadonlyArray<string>, body: Rows): string =>
  [head, ...body].map(csvLine).join("\n") + "\n"

const dayOf = (row: ReadonlyArray<string>): string => row[1]!.slice(0, 10)

/** A file format on disk. */
export type Format = "csv" | "parquet"

/** Relative path of a fact partition file. */
export const partition = (table: string, date: string, format: Format = "csv"): string =>
  `facts/${table}/dt=${date}/${table}_${date.replaceAll("-", "")}.${format}`

/** Relative path of a master file. */
export const masterFile = (table: string, format: Format = "csv"): string => `master/${table}.${format}`

/**
 * Where a row lands on disk (file and line: the 1-based line incl. the header in CSV, the 1-based
 * row in Parquet) and in batches (`table[0]`, row + 1).
 */
export const where = (
  fx: Fixture,
  table: string,
  row: number,
  format: Format = "csv"
): { disk: { file: string; line: number }; mem: { file: string; line: number } } => {
  const mem = { file: `${table}[0]`, line: row + 1 }
  const head = format === "csv" ? 1 : 0
  if (fx.master[table] !== undefined)
    return { disk: { file: masterFile(table, format), line: row + 1 + head }, mem }
  const all = fx.facts[table]!
  const date = dayOf(all[row]!)
  const before = all.slice(0, row).filter((r) => dayOf(r) === date).length
  return { disk: { file: partition(table, date, format), line: before + 1 + head }, mem }
}

let counter = 0

/** A fresh temporary directory. */
export const tempDir = async (): Promise<string> =>
  mkdtemp(join(tmpdir(), `validation-${process.pid}-${counter++}-`))

/**
 * Parquet files already written, by content (table definition and rows), kept in a private
 * directory that tests do not edit: copied, not rewritten.
 */
const written = new Map<string, string>()
let cacheDir: Promise<string> | undefined

/** Writes rows of a table as one file: CSV text, or Parquet through the sinks' typed writer. */
const put = async (
  path: string,
  table: string,
  body: Rows,
  format: Format,
  def?: Table.Table
): Promise<void> => {
  await mkdir(join(path, ".."), { recursive: true })
  if (format === "csv") return writeFile(path, csv(header(table), body))
  const t = def ?? TABLES[table]!
  const key = JSON.stringify([t, body])
  const done = written.get(key)
  if (done !== undefined) return copyFile(done, path)
  await Effect.runPromise(Partition.writeFile(path, t, [batch(table, body, t)], "parquet"))
  const kept = join(await (cacheDir ??= tempDir()), `${written.size}.parquet`)
  await copyFile(path, kept)
  written.set(key, kept)
}

/**
 * Writes the fixture in the contract layout; facts are partitioned by the date of EventTS. Each
 * table is written in `format` (one format for all, or a format per table name), through its
 * typed `Table` (`defs` overrides one, e.g. with swapped or retyped columns) for Parquet.
 */
export const write = async (
  fx: Fixture,
  root?: string,
  format: Format | ((table: string) => Format) = "csv",
  defs: Readonly<Record<string, Table.Table>> = {}
): Promise<string> => {
  const dir = root ?? (await tempDir())
  const formatOf = typeof format === "string" ? () => format : format
  await mkdir(join(dir, "master"), { recursive: true })
  for (const [table, body] of Object.entries(fx.master)) {
    const f = formatOf(table)
    await put(join(dir, masterFile(table, f)), table, body, f, defs[table])
  }
  for (const [table, body] of Object.entries(fx.facts)) {
    await mkdir(join(dir, "facts", table), { recursive: true })
    const days = [...new Set(body.map(dayOf))].sort()
    const f = formatOf(table)
    for (const date of days) {
      await put(
        join(dir, partition(table, date, f)),
        table,
        body.filter((r) => dayOf(r) === date),
        f,
        defs[table]
      )
    }
  }
  return dir
}

/** Rewrites one file's text. */
export const edit = async (root: string, rel: string, f: (text: string) => string): Promise<void> => {
  const path = join(root, rel)
  await writeFile(path, f(await readFile(path, "utf8")))
}

const parseCell = (type: Table.ColumnType, text: string): number | string => {
  switch (type.kind) {
    case "string":
      return text
    case "int":
      return text === "" ? Number.NaN : Number(text)
    case "float":
      return text === "" ? Number.NaN : Number(text)
    case "cents":
      return text === "" ? Number.NaN : Money.parse(text)
    case "timestamp":
      return text === "" ? Number.NaN : Timestamp.parse(text)
    case "date":
      return text === "" ? Number.NaN : Calendar.parse(text)
    case "bool":
      return text === "" ? Table.NULL_CODE : text === "true" ? 1 : 0
    case "enum": {
      const i = type.values.indexOf(text)
      if (text !== "" && i < 0) throw new Error(`"${text}" not in ${type.values.join("/")}`)
      return text === "" ? Table.NULL_CODE : i
    }
    case "id": {
      if (text === "") return Number.NaN
      const n = Ids.parse(type.prefix, text)
      if (n === undefined) throw new Error(`"${text}" is not ${type.prefix}…`)
      return n
    }
  }
}

/** One batch of a table from text rows, through its typed `Table`. */
export const batch = (table: string, body: Rows, def: Table.Table = TABLES[table]!): Batch.Batch => {
  const b = Batch.builder(def, Math.max(1, body.length))
  const cols = def.columns.map((c) =>
    Table.isNumeric(c.type.kind) ? b.num(c.name) : c.type.kind === "string" ? b.str(c.name) : b.code(c.name)
  )
  const names = Table.header(def)
  const src = header(table)
  for (const r of body) {
    names.forEach((name, i) => {
      const v = parseCell(def.columns[i]!.type, r[src.indexOf(name)]!)
      ;(cols[i] as { push(x: unknown): void }).push(v)
    })
  }
  return b.finish()
}

/** The fixture as an in-memory dataset: one batch per table. */
export const batches = (fx: Fixture) => ({
  master: Object.fromEntries(Object.entries(fx.master).map(([t, body]) => [t, [batch(t, body)]])),
  facts: Object.fromEntries(Object.entries(fx.facts).map(([t, body]) => [t, [batch(t, body)]]))
})
