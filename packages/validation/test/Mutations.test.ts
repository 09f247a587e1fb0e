/**
 * Mutation tests: each corrupts the consistent fixture in one way a check guards and asserts
 * that exactly the expected checks fail, with the expected number of violations, and that the
 * offending row is reported at its file and line — on disk as CSV and as Parquet (written by the
 * sinks package), and in memory.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Report, Validate } from "../src/index.js"
import type { CheckId } from "../src/Report.js"
import * as F from "./fixture.js"

const D1 = "2024-03-04"
const D2 = "2024-03-05"

const expectCounts = (report: Report.Report, counts: Partial<Record<CheckId, number>>): void => {
  const got = Object.fromEntries(report.checks.map((c) => [c.id, c.violations]))
  const want = Object.fromEntries(report.checks.map((c) => [c.id, counts[c.id] ?? 0]))
  expect(got, Report.text(report)).toEqual(want)
}

const expectAt = (
  report: Report.Report,
  id: CheckId,
  at: { file: string; line: number },
  reason: RegExp
): void => {
  const c = Report.get(report, id)!
  const hit = c.examples.find((e) => e.file === at.file && e.line === at.line)
  expect(hit, `${id} at ${at.file}:${at.line}\n${Report.text(report)}`).toBeDefined()
  expect(hit!.reason).toMatch(reason)
}

const disk = (fx: F.Fixture, format: F.Format = "csv") =>
  Effect.gen(function* () {
    const dir = yield* Effect.promise(() => F.write(fx, undefined, format))
    return yield* Validate.directory(dir)
  })

interface Case {
  readonly name: string
  readonly mutate: (fx: F.Fixture) => void
  readonly counts: Partial<Record<CheckId, number>>
  readonly check: CheckId
  readonly table: string
  /** The offending row in the mutated fixture. */
  readonly row: (fx: F.Fixture) => number
  readonly reason: RegExp
}

const insertAfter = (fx: F.Fixture, table: string, row: number, cells: Array<string>): void => {
  F.rows(fx, table).splice(row + 1, 0, cells)
}
const remove = (fx: F.Fixture, table: string, row: number): void => {
  F.rows(fx, table).splice(row, 1)
}
const copy = (fx: F.Fixture, table: string, row: number): Array<string> => [...F.rows(fx, table)[row]!]

const CASES: ReadonlyArray<Case> = [
  {
    name: "a receipt total changed by one cent",
    mutate: (fx) => F.set(fx, "receipts", F.find(fx, "receipts", "ReceiptId", "RCP101"), "Total", "15.42"),
    counts: { I3: 1 },
    check: "I3",
    table: "receipts",
    row: (fx) => F.find(fx, "receipts", "ReceiptId", "RCP101"),
    reason: /RCP101: Total 15\.42 ≠ Subtotal \+ Tax 15\.41/
  },
  {
    name: "a receipt tax off by one cent",
    mutate: (fx) => {
      const r = F.find(fx, "receipts", "ReceiptId", "RCP105")
      F.set(fx, "receipts", r, "Tax", "2.47")
      F.set(fx, "receipts", r, "Total", "32.47")
    },
    counts: { I3: 1 },
    check: "I3",
    table: "receipts",
    row: (fx) => F.find(fx, "receipts", "ReceiptId", "RCP105"),
    reason: /Tax 2\.47 ≠ 2\.48 \(825 bps of 30\.00\)/
  },
  {
    // the receipt's SALE rows no longer match any receipt line: I4 fails as well, by design
    name: "a receipt dropped (its line becomes an orphan)",
    mutate: (fx) => remove(fx, "receipts", F.find(fx, "receipts", "ReceiptId", "RCP102")),
    counts: { I3: 1, I4: 1 },
    check: "I3",
    table: "receipt_lines",
    row: (fx) => F.find(fx, "receipt_lines", "ReceiptId", "RCP102"),
    reason: /line 1 of RCP102 has no receipt on 2024-03-04/
  },
  {
    name: "a receipt's only line dropped (a receipt without lines)",
    mutate: (fx) => remove(fx, "receipt_lines", F.find(fx, "receipt_lines", "ReceiptId", "RCP103")),
    counts: { I3: 1, I4: 1 },
    check: "I3",
    table: "receipts",
    row: (fx) => F.find(fx, "receipts", "ReceiptId", "RCP103"),
    reason: /RCP103: no lines/
  },
  {
    name: "line numbers with a gap",
    mutate: (fx) => F.set(fx, "receipt_lines", 1, "Line", "3"),
    counts: { I3: 1 },
    check: "I3",
    table: "receipts",
    row: (fx) => F.find(fx, "receipts", "ReceiptId", "RCP101"),
    reason: /lines not numbered 1\.\.2 \(1\.\.3\)/
  },
  {
    name: "ExtPrice not Qty × UnitPrice",
    mutate: (fx) => {
      F.set(fx, "receipt_lines", 0, "ExtPrice", "5.01")
      const r = F.find(fx, "receipts", "ReceiptId", "RCP101")
      F.set(fx, "receipts", r, "Subtotal", "15.01")
      F.set(fx, "receipts", r, "Total", "15.42")
    },
    counts: { I3: 1 },
    check: "I3",
    table: "receipt_lines",
    row: () => 0,
    reason: /ExtPrice 5\.01 ≠ Qty 2 × UnitPrice 2\.50/
  },
  {
    name: "UnitPrice above SalePrice (receipt otherwise consistent)",
    mutate: (fx) => {
      const l = F.find(fx, "receipt_lines", "ReceiptId", "RCP102")
      F.set(fx, "receipt_lines", l, "UnitPrice", "2.60")
      F.set(fx, "receipt_lines", l, "ExtPrice", "2.60")
      const r = F.find(fx, "receipts", "ReceiptId", "RCP102")
      // 8.25 % of 2.60 = 21.45 → 0.21
      F.set(fx, "receipts", r, "Subtotal", "2.60")
      F.set(fx, "receipts", r, "Tax", "0.21")
      F.set(fx, "receipts", r, "Total", "2.81")
    },
    counts: { I3: 1 },
    check: "I3",
    table: "receipt_lines",
    row: (fx) => F.find(fx, "receipt_lines", "ReceiptId", "RCP102"),
    reason: /UnitPrice 2\.60 above SalePrice 2\.50/
  },
  {
    name: "a line below SalePrice without a PromoCode",
    mutate: (fx) =>
      F.set(fx, "receipt_lines", F.find(fx, "receipt_lines", "ReceiptId", "RCP102"), "PromoCode", ""),
    counts: { I3: 1 },
    check: "I3",
    table: "receipt_lines",
    row: (fx) => F.find(fx, "receipt_lines", "ReceiptId", "RCP102"),
    reason: /UnitPrice 2\.00 ≠ SalePrice 2\.50 without a PromoCode/
  },
  {
    name: "a line whose EventTS differs from its receipt's",
    mutate: (fx) => F.set(fx, "receipt_lines", 1, "EventTS", `${D1} 09:15:01`),
    counts: { I3: 1 },
    check: "I3",
    table: "receipt_lines",
    row: () => 1,
    reason: /EventTS 2024-03-04 09:15:01 ≠ its receipt's 2024-03-04 09:15:00/
  },
  {
    name: "stock made negative by a DAMAGED row",
    mutate: (fx) =>
      F.rows(fx, "store_inventory_txn").push([
        "TRC801",
        `${D1} 20:00:00`,
        "1",
        "2",
        "-5",
        "DAMAGED",
        "SHRINK"
      ]),
    counts: { I4: 1 },
    check: "I4",
    table: "store_inventory_txn",
    row: (fx) => F.find(fx, "store_inventory_txn", "TraceId", "TRC801"),
    reason: /StoreID 1 ProductID 2: stock 4 → -1 at 2024-03-04 20:00:00 \(DAMAGED -5\)/
  },
  {
    // an extra SALE both drives stock below zero and breaks SALE units = line units
    name: "stock made negative by an extra SALE",
    mutate: (fx) =>
      insertAfter(fx, "store_inventory_txn", 4, [
        "TRC102",
        `${D1} 20:00:00`,
        "1",
        "2",
        "-5",
        "SALE",
        "CUSTOMER_PURCHASE"
      ]),
    counts: { I4: 2 },
    check: "I4",
    table: "store_inventory_txn",
    row: () => 5,
    reason: /stock 4 → -1 at 2024-03-04 20:00:00 \(SALE -5\)/
  },
  {
    name: "a delivery one second after the sale it supplies",
    mutate: (fx) =>
      F.set(
        fx,
        "store_inventory_txn",
        F.find(fx, "store_inventory_txn", "TraceId", "TRC302"),
        "EventTS",
        `${D2} 10:00:01`
      ),
    counts: { I4: 1 },
    check: "I4",
    table: "store_inventory_txn",
    row: (fx) => F.find(fx, "store_inventory_txn", "TraceId", "TRC104"),
    reason: /StoreID 2 ProductID 1: stock 0 → -1/
  },
  {
    name: "a DC shipping more than it holds",
    mutate: (fx) => F.set(fx, "dc_inventory_txn", 3, "QtyDelta", "-11"),
    counts: { I4: 1 },
    check: "I4",
    table: "dc_inventory_txn",
    row: () => 3,
    reason: /DCID 2 ProductID 1: stock 10 → -1/
  },
  {
    name: "a duplicate ReceiptId",
    mutate: (fx) =>
      F.rows(fx, "receipts").push(copy(fx, "receipts", F.find(fx, "receipts", "ReceiptId", "RCP104"))),
    counts: { I2: 1 },
    check: "I2",
    table: "receipts",
    row: (fx) => F.rows(fx, "receipts").length - 1,
    reason: /duplicate ReceiptId RCP104/
  },
  {
    name: "a duplicate (ReceiptId, Line)",
    mutate: (fx) => insertAfter(fx, "receipt_lines", 1, copy(fx, "receipt_lines", 1)),
    counts: { I2: 1 },
    check: "I2",
    table: "receipt_lines",
    row: () => 2,
    reason: /duplicate \(ReceiptId, Line\) \(RCP101, 2\)/
  },
  {
    name: "a duplicate ShipmentId+Status",
    mutate: (fx) => insertAfter(fx, "truck_moves", 3, copy(fx, "truck_moves", 3)),
    counts: { I2: 1 },
    check: "I2",
    table: "truck_moves",
    row: () => 4,
    reason: /duplicate ShipmentId\+Status SHIP301 ARRIVED/
  },
  {
    name: "a duplicate OrderId",
    mutate: (fx) => F.set(fx, "online_orders", 1, "OrderId", "ONL201"),
    counts: { I2: 1 },
    check: "I2",
    table: "online_orders",
    row: () => 1,
    reason: /duplicate OrderId ONL201/
  },
  {
    name: "a duplicate ImpressionId",
    mutate: (fx) => F.set(fx, "marketing", 2, "ImpressionId", "IMP701"),
    counts: { I2: 1 },
    check: "I2",
    table: "marketing",
    row: () => 2,
    reason: /duplicate ImpressionId IMP701/
  },
  {
    name: "a duplicate product ID",
    mutate: (fx) => F.set(fx, "products_master", 2, "ID", "2"),
    // product 3 disappears: its 2 snapshots, 2 deliveries, 1 SALE and 1 line no longer resolve
    counts: { I1: 6, I2: 1 },
    check: "I2",
    table: "products_master",
    row: () => 2,
    reason: /duplicate ID 2 in products_master/
  },
  {
    name: "an unknown StoreID",
    mutate: (fx) =>
      F.set(fx, "foot_traffic", F.find(fx, "foot_traffic", "TraceId", "TRC503"), "StoreID", "9"),
    counts: { I1: 1 },
    check: "I1",
    table: "foot_traffic",
    row: (fx) => F.find(fx, "foot_traffic", "TraceId", "TRC503"),
    reason: /StoreID 9 not in stores/
  },
  {
    name: "an unknown ProductID",
    mutate: (fx) =>
      F.set(fx, "dc_inventory_txn", F.find(fx, "dc_inventory_txn", "TraceId", "TRC401"), "ProductID", "99"),
    counts: { I1: 1 },
    check: "I1",
    table: "dc_inventory_txn",
    row: (fx) => F.find(fx, "dc_inventory_txn", "TraceId", "TRC401"),
    reason: /ProductID 99 not in products_master/
  },
  {
    name: "an unknown CustomerID",
    mutate: (fx) => F.set(fx, "receipts", F.find(fx, "receipts", "ReceiptId", "RCP101"), "CustomerID", "99"),
    counts: { I1: 1 },
    check: "I1",
    table: "receipts",
    row: (fx) => F.find(fx, "receipts", "ReceiptId", "RCP101"),
    reason: /CustomerID 99 not in customers/
  },
  {
    name: "an unknown GeographyID of a store",
    mutate: (fx) => F.set(fx, "stores", 1, "GeographyID", "7"),
    counts: { I1: 1 },
    check: "I1",
    table: "stores",
    row: () => 1,
    reason: /GeographyID 7 not in geographies_master/
  },
  {
    name: "an unknown truck",
    mutate: (fx) => F.set(fx, "truck_moves", 5, "TruckId", "TRK7"),
    counts: { I1: 1 },
    check: "I1",
    table: "truck_moves",
    row: () => 5,
    reason: /TruckId TRK7 not in trucks/
  },
  {
    name: "a truck move whose DCID is not its truck's DC",
    mutate: (fx) => F.set(fx, "truck_moves", 1, "DCID", "2"),
    counts: { I1: 1 },
    check: "I1",
    table: "truck_moves",
    row: () => 1,
    reason: /truck TRK1 belongs to DC 1, not DCID 2/
  },
  {
    name: "a truck move to a store another DC serves",
    mutate: (fx) => F.set(fx, "truck_moves", 6, "StoreID", "1"),
    counts: { I1: 1 },
    check: "I1",
    table: "truck_moves",
    row: () => 6,
    reason: /store 1 is served by DC 1, not DCID 2/
  },
  {
    name: "a receipt before its store opens (hours changed)",
    mutate: (fx) => F.set(fx, "stores", 0, "OpenHour", "10"),
    counts: { I5: 1 },
    check: "I5",
    table: "receipts",
    row: (fx) => F.find(fx, "receipts", "ReceiptId", "RCP101"),
    reason: /RCP101 at 2024-03-04 09:15:00 outside store 1's hours 10:00–22:00/
  },
  {
    name: "a receipt moved outside opening hours",
    mutate: (fx) => {
      const ts = `${D1} 07:45:10`
      F.set(fx, "receipts", F.find(fx, "receipts", "ReceiptId", "RCP102"), "EventTS", ts)
      F.set(fx, "receipt_lines", F.find(fx, "receipt_lines", "ReceiptId", "RCP102"), "EventTS", ts)
      F.set(fx, "store_inventory_txn", F.find(fx, "store_inventory_txn", "TraceId", "TRC102"), "EventTS", ts)
      F.set(fx, "foot_traffic", F.find(fx, "foot_traffic", "TraceId", "TRC502"), "EventTS", `${D1} 07:00:00`)
    },
    counts: { I5: 1 },
    check: "I5",
    table: "receipts",
    row: (fx) => F.find(fx, "receipts", "ReceiptId", "RCP102"),
    reason: /RCP102 at 2024-03-04 07:45:10 outside store 1's hours 08:00–22:00/
  },
  {
    name: "a sale before the product's LaunchDate",
    mutate: (fx) => F.set(fx, "products_master", 2, "LaunchDate", "2024-03-06"),
    counts: { I5: 1 },
    check: "I5",
    table: "receipt_lines",
    row: (fx) => F.find(fx, "receipt_lines", "ReceiptId", "RCP105"),
    reason: /ProductID 3 sold on 2024-03-05 before its LaunchDate 2024-03-06/
  },
  {
    name: "truck statuses out of order in time",
    mutate: (fx) => {
      F.set(fx, "truck_moves", 1, "EventTS", `${D1} 08:00:00`)
      F.set(fx, "truck_moves", 2, "EventTS", `${D1} 07:00:00`)
    },
    counts: { I5: 1 },
    check: "I5",
    table: "truck_moves",
    row: () => 2,
    reason: /shipment SHIP301 IN_TRANSIT at 2024-03-04 07:00:00 follows SCHEDULED \(expected LOADING\)/
  },
  {
    name: "a truck status dropped",
    mutate: (fx) => remove(fx, "truck_moves", 2),
    counts: { I5: 1 },
    check: "I5",
    table: "truck_moves",
    row: () => 2,
    reason: /SHIP301 ARRIVED at 2024-03-04 14:00:00 follows LOADING \(expected IN_TRANSIT\)/
  },
  {
    name: "a shipment that does not start with SCHEDULED",
    mutate: (fx) => remove(fx, "truck_moves", 6),
    counts: { I5: 1 },
    check: "I5",
    table: "truck_moves",
    row: () => 6,
    reason: /SHIP302 starts with LOADING at 2024-03-05 06:00:00, not SCHEDULED/
  },
  {
    name: "ETA not before ETD",
    mutate: (fx) => F.set(fx, "truck_moves", 0, "ETD", `${D1} 14:00:00`),
    counts: { I5: 1 },
    check: "I5",
    table: "truck_moves",
    row: () => 0,
    reason: /ETA 2024-03-04 14:00:00 not before ETD 2024-03-04 14:00:00/
  },
  {
    name: "a store INBOUND before its shipment's ARRIVED",
    mutate: (fx) =>
      F.set(
        fx,
        "store_inventory_txn",
        F.find(fx, "store_inventory_txn", "TraceId", "TRC301"),
        "EventTS",
        `${D1} 13:30:00`
      ),
    counts: { I5: 1 },
    check: "I5",
    table: "store_inventory_txn",
    row: (fx) => F.find(fx, "store_inventory_txn", "TraceId", "TRC301"),
    reason: /INBOUND at 2024-03-04 13:30:00 before its shipment's ARRIVED at 2024-03-04 14:00:00/
  },
  {
    name: "an entrance Count below the receipts of a store-hour",
    mutate: (fx) => F.set(fx, "foot_traffic", 0, "Count", "0"),
    counts: { I7: 1 },
    check: "I7",
    table: "receipts",
    row: (fx) => F.find(fx, "receipts", "ReceiptId", "RCP101"),
    reason: /StoreID 1 on 2024-03-04 hour 09: 1 receipts > ENTRANCE Count 0/
  },
  {
    name: "more distinct BLE devices than entrants in a day",
    mutate: (fx) => {
      for (const dev of ["X1", "X2", "X3", "X4"]) {
        F.rows(fx, "ble_pings").push([
          "TRC609",
          `${D1} 23:40:00`,
          "2",
          "BEACON_002_ENTRANCE",
          dev,
          "-70",
          "ENTRANCE"
        ])
      }
    },
    counts: { I7: 1 },
    check: "I7",
    table: "ble_pings",
    row: (fx) => F.find(fx, "ble_pings", "TraceId", "TRC604"),
    reason: /StoreID 2 on 2024-03-04: 5 distinct BLE devices > ENTRANCE Count 4/
  },
  {
    name: "an online order whose Total is not Subtotal + Tax",
    mutate: (fx) => F.set(fx, "online_orders", 1, "Total", "2.72"),
    counts: { I6: 1 },
    check: "I6",
    table: "online_orders",
    row: () => 1,
    reason: /Total 2\.72 ≠ Subtotal \+ Tax 2\.71/
  },
  {
    name: "a negative marketing cost",
    mutate: (fx) => F.set(fx, "marketing", 0, "Cost", "-0.15"),
    counts: { I6: 1 },
    check: "I6",
    table: "marketing",
    row: () => 0,
    reason: /negative Cost -0\.15/
  },
  {
    name: "a negative product cost",
    mutate: (fx) => F.set(fx, "products_master", 0, "Cost", "-1.50"),
    counts: { I6: 1 },
    check: "I6",
    table: "products_master",
    row: () => 0,
    reason: /negative Cost -1\.50/
  },
  {
    name: "a SalePrice above MSRP",
    mutate: (fx) => F.set(fx, "products_master", 1, "MSRP", "9.00"),
    counts: { I6: 1 },
    check: "I6",
    table: "products_master",
    row: () => 1,
    reason: /Cost 6\.00 < SalePrice 10\.00 ≤ MSRP 9\.00 does not hold/
  },
  {
    name: "an INBOUND row whose Source is not a truck",
    mutate: (fx) => F.set(fx, "store_inventory_txn", 4, "Source", "TRK9"),
    counts: { I1: 1 },
    check: "I1",
    table: "store_inventory_txn",
    row: () => 4,
    reason: /Source TRK9 of an INBOUND_SHIPMENT not in trucks/
  },
  {
    name: "a Source that does not match its Reason",
    mutate: (fx) => F.set(fx, "store_inventory_txn", 2, "Source", "CUSTOMER_PURCHASE"),
    counts: { F: 1 },
    check: "F",
    table: "store_inventory_txn",
    row: () => 2,
    reason: /Source "CUSTOMER_PURCHASE" of a ONLINE_FULFILLMENT row is not ONLINE/
  }
]

describe("mutations", () => {
  for (const c of CASES) {
    it.effect(`${c.name} → ${Object.keys(c.counts).join(", ")} (on disk)`, () =>
      Effect.gen(function* () {
        const fx = F.base()
        c.mutate(fx)
        const report = yield* disk(fx)
        expectCounts(report, c.counts)
        expectAt(report, c.check, F.where(fx, c.table, c.row(fx)).disk, c.reason)
      })
    )
    it.effect(`${c.name} → ${Object.keys(c.counts).join(", ")} (Parquet)`, () =>
      Effect.gen(function* () {
        const fx = F.base()
        c.mutate(fx)
        const report = yield* disk(fx, "parquet")
        expectCounts(report, c.counts)
        expectAt(report, c.check, F.where(fx, c.table, c.row(fx), "parquet").disk, c.reason)
      })
    )
    it(`${c.name} → ${Object.keys(c.counts).join(", ")} (in memory)`, () => {
      const fx = F.base()
      c.mutate(fx)
      const report = Validate.batches(F.batches(fx))
      expectCounts(report, c.counts)
      expectAt(report, c.check, F.where(fx, c.table, c.row(fx)).mem, c.reason)
    })
  }

  it("the base fixture lists a sale before the same-second delivery that supplies it, and passes", () => {
    const fx = F.base()
    const sale = F.find(fx, "store_inventory_txn", "TraceId", "TRC104")
    const delivery = F.find(fx, "store_inventory_txn", "TraceId", "TRC302")
    const ts = F.col("store_inventory_txn", "EventTS")
    expect(sale).toBeLessThan(delivery)
    expect(F.rows(fx, "store_inventory_txn")[sale]![ts]).toBe(
      F.rows(fx, "store_inventory_txn")[delivery]![ts]
    )
    expect(F.rows(fx, "store_inventory_snapshots")[3]).toEqual(["2", "1", "0", "2", `${D1} 00:00:00`])
    expectCounts(Validate.batches(F.batches(fx)), {})
  })
})
