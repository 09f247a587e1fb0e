/**
 * Random small consistent datasets for property tests: a few stores, DCs, products and days,
 * with receipts in opening hours, stock that never runs out (sales are clamped to stock),
 * shipments delivering before sales, entrance counts covering receipts, and totals computed in
 * cents. Randomness comes from a seeded mulberry32 so fast-check can shrink on the parameters.
 */
import { Calendar, Money, Timestamp } from "@retail-datagen/core"
import type { Fixture, Rows } from "./fixture.js"

export interface Params {
  readonly seed: number
  readonly stores: number
  readonly dcs: number
  readonly products: number
  readonly days: number
  /** Days after 2024-11-20 of the first day (so ranges cross November–December). */
  readonly offset: number
  readonly receiptsPerStoreDay: number
}

const rand = (seed: number) => {
  let a = seed >>> 0
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const HOURS: ReadonlyArray<readonly [number, number]> = [
  [0, 24],
  [8, 22],
  [9, 21],
  [6, 23]
]
const TAXABILITY = ["taxable", "reduced", "exempt_food"] as const

export const generate = (p: Params): Fixture => {
  const r = rand(p.seed)
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1))
  const money = Money.format
  const ts = Timestamp.format
  const start = Calendar.parse("2024-11-20") + p.offset
  let seq = 0
  const next = (): number => ++seq

  const stores = Array.from({ length: p.stores }, (_, i) => {
    const [open, close] = HOURS[int(0, HOURS.length - 1)]!
    const rate = int(0, 1000)
    return { id: i + 1, dc: (i % p.dcs) + 1, open, close, rate, reduced: Math.floor(rate / 2) }
  })
  const products = Array.from({ length: p.products }, (_, i) => {
    const sale = int(100, 5000)
    return {
      id: i + 1,
      sale,
      cost: Math.floor((sale * int(50, 85)) / 100),
      msrp: sale + int(0, 500),
      launch: start + int(-5, p.days),
      tax: int(0, 2)
    }
  })
  const storeStock = new Map<string, number>()
  const dcStock = new Map<string, number>()

  const fx: Fixture = {
    master: {
      geographies_master: [
        ["1", "Alpha", "IL", "60001", "D1", "Midwest"],
        ["2", "Beta", "OR", "97001", "D2", "West"]
      ],
      distribution_centers: Array.from({ length: p.dcs }, (_, i) => [
        `${i + 1}`,
        `DC${i + 1}`,
        "x",
        `${(i % 2) + 1}`
      ]),
      stores: stores.map((s) => [
        `${s.id}`,
        `ST${s.id}`,
        "addr",
        "1",
        `${s.dc}`,
        `${s.open}`,
        `${s.close}`,
        `${s.rate}`,
        `${s.reduced}`
      ]),
      trucks: Array.from({ length: p.dcs }, (_, i) => [`${i + 1}`, `PL${i}`, "false", `${i + 1}`]),
      customers: [1, 2, 3].map((c) => [`${c}`, "F", "L", "a", "1", "", "555-0100", `BLE${c}`, `AD${c}`]),
      products_master: products.map((x) => [
        `${x.id}`,
        `P${x.id}`,
        "B",
        "C",
        "D",
        "E",
        "G",
        money(x.cost),
        money(x.msrp),
        money(x.sale),
        "false",
        Calendar.format(x.launch),
        TAXABILITY[x.tax]!
      ]),
      dc_inventory_snapshots: [],
      store_inventory_snapshots: []
    },
    facts: {
      receipts: [],
      receipt_lines: [],
      online_orders: [],
      truck_moves: [],
      store_inventory_txn: [],
      dc_inventory_txn: [],
      foot_traffic: [],
      ble_pings: [],
      marketing: []
    }
  }
  const f = fx.facts as Record<string, Rows>
  for (let d = 1; d <= p.dcs; d++) {
    for (const x of products) {
      dcStock.set(`${d}/${x.id}`, 1000)
      fx.master.dc_inventory_snapshots!.push([
        `${d}`,
        `${x.id}`,
        "1000",
        "10",
        `${Calendar.format(start)} 00:00:00`
      ])
    }
  }
  for (const s of stores) {
    for (const x of products) {
      const q = int(0, 6)
      storeStock.set(`${s.id}/${x.id}`, q)
      fx.master.store_inventory_snapshots!.push([
        `${s.id}`,
        `${x.id}`,
        `${q}`,
        "2",
        `${Calendar.format(start)} 00:00:00`
      ])
    }
  }

  for (let day = start; day < start + p.days; day++) {
    const at = (sec: number): number => Timestamp.make(day, sec)
    for (const s of stores) {
      // a shipment of 3 units of every product: 01:00 … 04:00, unloading (INBOUND) at 03:10
      const ship = next()
      const trace = `TRC${next()}`
      const times = [3600, 5400, 7200, 10800, 11400, 14400]
      const statuses = ["SCHEDULED", "LOADING", "IN_TRANSIT", "ARRIVED", "UNLOADING", "COMPLETED"]
      statuses.forEach((st, i) => {
        f.truck_moves!.push([
          trace,
          ts(at(times[i]!)),
          `TRK${s.dc}`,
          `${s.dc}`,
          `${s.id}`,
          `SHIP${ship}`,
          st,
          ts(at(10800)),
          ts(at(14400))
        ])
      })
      for (const x of products) {
        f.dc_inventory_txn!.push([trace, ts(at(5400)), `${s.dc}`, `${x.id}`, "-3", "OUTBOUND_SHIPMENT"])
        dcStock.set(`${s.dc}/${x.id}`, dcStock.get(`${s.dc}/${x.id}`)! - 3)
      }
      // receipts, in time order, inside the opening window
      const n = int(0, p.receiptsPerStoreDay)
      const secs = Array.from({ length: n }, () => int(s.open * 3600, s.close * 3600 - 1)).sort(
        (a, b) => a - b
      )
      let delivered = false
      const perHour = new Array<number>(24).fill(0)
      for (const sec of secs) {
        if (!delivered && sec >= 11400) {
          delivered = true
          for (const x of products) {
            storeStock.set(`${s.id}/${x.id}`, storeStock.get(`${s.id}/${x.id}`)! + 3)
            f.store_inventory_txn!.push([
              trace,
              ts(at(11400)),
              `${s.id}`,
              `${x.id}`,
              "3",
              "INBOUND_SHIPMENT",
              `TRK${s.dc}`
            ])
          }
        }
        const rtrace = `TRC${next()}`
        const rid = `RCP${next()}`
        const lines: Array<Array<string>> = []
        const sales: Array<Array<string>> = []
        let sub = 0
        let full = 0
        let red = 0
        const used = new Set<number>()
        for (let k = int(1, 3); k > 0; k--) {
          const x = products[int(0, products.length - 1)]!
          if (x.launch > day || used.has(x.id)) continue
          const key = `${s.id}/${x.id}`
          const qty = Math.min(int(1, 3), storeStock.get(key)!)
          if (qty === 0) continue
          used.add(x.id)
          storeStock.set(key, storeStock.get(key)! - qty)
          const promo = r() < 0.3 && x.sale > 1
          const unit = promo ? x.sale - int(1, Math.min(50, x.sale - 1)) : x.sale
          const ext = unit * qty
          sub += ext
          if (x.tax === 0) full += ext
          else if (x.tax === 1) red += ext
          lines.push([
            rtrace,
            ts(at(sec)),
            rid,
            `${lines.length + 1}`,
            `${x.id}`,
            `${qty}`,
            money(unit),
            money(ext),
            promo ? "PROMO" : ""
          ])
          sales.push([rtrace, ts(at(sec)), `${s.id}`, `${x.id}`, `${-qty}`, "SALE", "CUSTOMER_PURCHASE"])
        }
        if (lines.length === 0) continue
        const tax = Money.applyBps(full, s.rate) + Money.applyBps(red, s.reduced)
        const customer = r() < 0.2 ? "" : `${int(1, 3)}`
        f.receipts!.push([
          rtrace,
          ts(at(sec)),
          `${s.id}`,
          customer,
          rid,
          money(sub),
          money(tax),
          money(sub + tax),
          "CASH"
        ])
        f.receipt_lines!.push(...lines)
        f.store_inventory_txn!.push(...sales)
        perHour[Math.floor(sec / 3600)]!++
      }
      if (!delivered) {
        for (const x of products) {
          f.store_inventory_txn!.push([
            trace,
            ts(at(11400)),
            `${s.id}`,
            `${x.id}`,
            "3",
            "INBOUND_SHIPMENT",
            `TRK${s.dc}`
          ])
          storeStock.set(`${s.id}/${x.id}`, storeStock.get(`${s.id}/${x.id}`)! + 3)
        }
      }
      // entrance counts cover receipts; some shoppers carry BLE devices
      let entrants = 0
      perHour.forEach((c, h) => {
        if (c === 0 && r() < 0.8) return
        const count = c + int(0, 4)
        entrants += count
        f.foot_traffic!.push([
          `TRC${next()}`,
          ts(at(h * 3600 + 60)),
          `${s.id}`,
          `SENSOR_${s.id}_ENTRANCE`,
          "ENTRANCE",
          "30.0",
          `${count}`
        ])
      })
      for (let k = Math.min(entrants, int(0, 3)); k > 0; k--) {
        const dev = r() < 0.5 ? `BLE${int(1, 3)}` : `ANON${next()}`
        f.ble_pings!.push([
          `TRC${next()}`,
          ts(at(int(0, 86399))),
          `${s.id}`,
          `BEACON_${s.id}_ENTRANCE`,
          dev,
          `${-int(30, 90)}`,
          "ENTRANCE"
        ])
      }
    }
    // online orders shipped from a DC
    for (let k = int(0, 2); k > 0; k--) {
      const dc = int(1, p.dcs)
      const x = products[int(0, products.length - 1)]!
      const trace = `TRC${next()}`
      const sec = int(0, 86399)
      const sub = x.sale * 2
      const tax = Money.applyBps(sub, 700)
      f.online_orders!.push([
        trace,
        ts(at(sec)),
        `ONL${next()}`,
        `${int(1, 3)}`,
        "SHIP_FROM_DC",
        "DC",
        `${dc}`,
        money(sub),
        money(tax),
        money(sub + tax),
        "PAYPAL"
      ])
      f.dc_inventory_txn!.push([trace, ts(at(sec)), `${dc}`, `${x.id}`, "-2", "ONLINE_FULFILLMENT"])
    }
    for (let k = int(0, 3); k > 0; k--) {
      f.marketing!.push([
        `TRC${next()}`,
        ts(at(int(0, 86399))),
        "EMAIL",
        "CAMP1",
        "CREAT1",
        `ANON${next()}`,
        `IMP${next()}`,
        money(int(0, 99)),
        "MOBILE"
      ])
    }
  }
  return fx
}
