import { describe, expect, it } from "@effect/vitest"
import { Batch, Calendar, Distribution, Ids, Plugin, Table, Timestamp } from "@retail-datagen/core"
import { Run } from "@retail-datagen/engine"
import { Master, MasterSpec } from "@retail-datagen/master"
import { Patterns, PatternsService } from "@retail-datagen/patterns"
import { Report, Validate } from "@retail-datagen/validation"
import { Effect, FastCheck as fc } from "effect"
import { Grid } from "../src/internal/sensors/output.js"
import * as Sensors from "../src/Sensors.js"
import * as Tables from "../src/Tables.js"

// ---------------------------------------------------------------------------------------------
// Fixture: a small "receipts" plugin with the contract columns (DATA-CONTRACT §4). Per owned
// store-day: Poisson(perStore × traffic weight × day multiplier) receipts along the hour curve,
// inside the day's opening window; `knownShare` of them name a customer.

const Receipts = Tables.Receipts

const receiptsFixture = (perStore: number, knownShare: number) =>
  Plugin.make({
    name: "receipts",
    tables: [Receipts],
    dependsOn: [],
    init: (ctx: Plugin.InitContext<Master.Master>) => ({
      b: Batch.builder(Receipts),
      patterns: Patterns.make({ seed: ctx.seed, start: ctx.start })
    }),
    step: (st, ctx: Plugin.DayContext<Master.Master>) => {
      const m = ctx.master
      const rows: Array<[number, number, number, number]> = []
      for (let i = 0; i < m.stores.length; i++) {
        if (!Plugin.ownsRegion(ctx.shard, m.stores.dcId[i]! - 1)) continue
        const h = st.patterns.storeHours(ctx.day, {
          open: m.stores.openHour[i]!,
          close: m.stores.closeHour[i]!
        })
        if (h.closed) continue
        const rng = ctx.rng("fixture", i + 1, ctx.day)
        const sampler = st.patterns.sampler(ctx.day, h.open, h.close)
        const n = Distribution.poisson(
          rng,
          perStore * m.stores.trafficWeight[i]! * st.patterns.dayMultiplier(ctx.day)
        )
        for (let k = 0; k < n; k++) {
          const sec = sampler.sample(rng)
          const customer = rng.chance(knownShare) ? rng.int(1, m.customers.length) : Number.NaN
          rows.push([sec, i + 1, customer, rng.int(300, 25000)])
        }
      }
      rows.sort((a, b) => a[0] - b[0] || a[1] - b[1])
      const b = st.b
      b.reset()
      const seq = new Map<number, number>()
      for (const [sec, store, customer, subtotal] of rows) {
        const s = (seq.get(store) ?? 0) + 1
        seq.set(store, s)
        b.num("TraceId").push(Ids.append(Ids.append(Ids.append(1, ctx.day, 5), store, 4), s, 5))
        b.num("EventTS").push(Timestamp.make(ctx.day, sec))
        b.num("StoreID").push(store)
        b.num("CustomerID").push(customer)
        b.num("ReceiptId").push(Ids.append(Ids.append(ctx.day, store, 4), s, 5))
        b.num("Subtotal").push(subtotal)
        b.num("Tax").push(0)
        b.num("Total").push(subtotal)
        b.code("TenderType").push(s % 4)
      }
      return [b.finish()]
    }
  })

// ---------------------------------------------------------------------------------------------
// Running the two plugins with the engine.

interface Config {
  readonly seed: number
  readonly stores: number
  readonly dcs: number
  readonly customers: number
  readonly perStore: number
  readonly start: number
  readonly days: number
  readonly knownShare?: number
  readonly options?: Sensors.Options
}

interface Output {
  readonly master: Master.Master
  /** Copies of every day's batch, one per day, in day order. */
  readonly receipts: Array<Batch.Batch>
  readonly traffic: Array<Batch.Batch>
  readonly pings: Array<Batch.Batch>
}

const masters = new Map<string, Master.Master>()
const masterOf = (c: Config): Master.Master => {
  const key = `${c.seed}/${c.stores}/${c.dcs}/${c.customers}`
  let m = masters.get(key)
  if (m === undefined) {
    m = Master.generateMaster(
      MasterSpec.make({
        seed: c.seed,
        stores: c.stores,
        dcs: Math.min(c.dcs, c.stores),
        customers: c.customers,
        products: 20,
        startDate: c.start
      })
    )
    masters.set(key, m)
  }
  return m
}

const copy = (b: Batch.Batch): Batch.Batch => Batch.concat(b.table, [b])

const run = (c: Config, shard: Plugin.Shard = { index: 0, count: 1 }): Promise<Output> => {
  const master = masterOf(c)
  const out: Output = { master, receipts: [], traffic: [], pings: [] }
  return Effect.runPromise(
    Run.run({
      plugins: [
        PatternsService.plugin(),
        receiptsFixture(c.perStore, c.knownShare ?? 0.7),
        Sensors.plugin(c.options ?? {})
      ],
      seed: c.seed,
      start: c.start,
      end: c.start + c.days - 1,
      shard,
      master,
      onBatches: (_day, plugin, batches) =>
        Effect.sync(() => {
          if (plugin === "receipts") out.receipts.push(copy(batches[0]!))
          else {
            out.traffic.push(copy(batches[0]!))
            out.pings.push(copy(batches[1]!))
          }
        })
    })
  ).then(() => out)
}

const num = (b: Batch.Batch, name: string): Float64Array =>
  b.columns[Table.indexOf(b.table, name)] as Float64Array
const code = (b: Batch.Batch, name: string): Uint16Array =>
  b.columns[Table.indexOf(b.table, name)] as Uint16Array
const str = (b: Batch.Batch, name: string): ReadonlyArray<string> =>
  b.columns[Table.indexOf(b.table, name)] as ReadonlyArray<string>

const ENTRANCE = Sensors.TRAFFIC_ZONES.indexOf("ENTRANCE")
const AISLES = Sensors.TRAFFIC_ZONES.indexOf("AISLES")
const CHECKOUT = Sensors.TRAFFIC_ZONES.indexOf("CHECKOUT")

/** Per (store, hour) of one day's batch: receipts or summed ENTRANCE counts. */
const perStoreHour = (b: Batch.Batch, what: "receipts" | "entrance"): Map<number, number> => {
  const out = new Map<number, number>()
  const ts = num(b, "EventTS")
  const store = num(b, "StoreID")
  const zone = what === "entrance" ? code(b, "Zone") : undefined
  const count = what === "entrance" ? num(b, "Count") : undefined
  for (let r = 0; r < b.length; r++) {
    if (zone !== undefined && zone[r] !== ENTRANCE) continue
    const key = store[r]! * 24 + Timestamp.hour(ts[r]!)
    out.set(key, (out.get(key) ?? 0) + (count === undefined ? 1 : count[r]!))
  }
  return out
}

/** Per store: summed counts of a zone in one day's foot traffic, or receipts. */
const perStore = (b: Batch.Batch, z: number | "receipts"): Map<number, number> => {
  const out = new Map<number, number>()
  const store = num(b, "StoreID")
  const zone = z === "receipts" ? undefined : code(b, "Zone")
  const count = z === "receipts" ? undefined : num(b, "Count")
  for (let r = 0; r < b.length; r++) {
    if (zone !== undefined && zone[r] !== z) continue
    out.set(store[r]!, (out.get(store[r]!) ?? 0) + (count === undefined ? 1 : count[r]!))
  }
  return out
}

const HOURS = Patterns.make({})

const masterTables = (m: Master.Master) =>
  Object.fromEntries(Master.toBatches(m).map((b) => [b.table.name, [b]]))

const hoursOf = (m: Master.Master, i: number) => ({
  open: m.stores.openHour[i]!,
  close: m.stores.closeHour[i]!
})

const configs = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  stores: fc.integer({ min: 2, max: 12 }),
  dcs: fc.integer({ min: 1, max: 4 }),
  customers: fc.integer({ min: 200, max: 3000 }),
  perStore: fc.integer({ min: 1, max: 120 }),
  start: fc.integer({ min: Calendar.parse("2024-01-01"), max: Calendar.parse("2025-12-28") }),
  days: fc.integer({ min: 1, max: 3 })
})

const property = (runs: number, body: (c: Config) => Promise<void>) =>
  fc.assert(fc.asyncProperty(configs, body), { numRuns: runs, seed: 20241126 })

// ---------------------------------------------------------------------------------------------

describe("Sensors plugin", () => {
  it("declares its tables in contract column order and depends on receipts", () => {
    const p = Sensors.plugin()
    expect(p.name).toBe("sensors")
    expect(p.dependsOn).toEqual(["patterns", "receipts"])
    expect(p.tables.map((t) => t.name)).toEqual(["foot_traffic", "ble_pings"])
    expect(Table.header(Sensors.FootTraffic)).toEqual([
      "TraceId",
      "EventTS",
      "StoreID",
      "SensorId",
      "Zone",
      "Dwell",
      "Count"
    ])
    expect(Table.header(Sensors.BlePings)).toEqual([
      "TraceId",
      "EventTS",
      "StoreID",
      "BeaconId",
      "CustomerBLEId",
      "RSSI",
      "Zone"
    ])
    expect(Sensors.sensorId(7, "ENTRANCE")).toBe("SENSOR_007_ENTRANCE")
    expect(Sensors.beaconId(1234, "GROCERY")).toBe("BEACON_1234_GROCERY")
  })

  it("rejects bad options with a SensorsOptionsError naming the field", () => {
    const field = (o: unknown): string | undefined => {
      try {
        Sensors.plugin(o as Sensors.Options)
        return undefined
      } catch (e) {
        expect(e).toBeInstanceOf(Sensors.SensorsOptionsError)
        expect((e as Error).message).toContain("sensors options:")
        return (e as Sensors.SensorsOptionsError).field
      }
    }
    expect(field({})).toBeUndefined()
    expect(field({ conversion: [0, 0.2] })).toBe("conversion[0]")
    expect(field({ conversion: [0.3, 0.2] })).toBe("conversion[1]")
    expect(field({ conversion: [0.2] })).toBe("conversion")
    expect(field({ appShare: 1.5 })).toBe("appShare")
    expect(field({ knownPingShare: -0.1 })).toBe("knownPingShare")
    expect(field({ pingIntervalSec: 2 })).toBe("pingIntervalSec")
    expect(field({ pingIntervalSec: 30.5 })).toBe("pingIntervalSec")
    expect(field({ intervalMinutes: 7 })).toBe("intervalMinutes")
  })

  it("passes the validator (format, I1 keys, I5 time, I7 sensors) over random configs", async () => {
    await property(30, async (c) => {
      const out = await run(c)
      const report = Validate.batches(
        {
          master: masterTables(out.master),
          facts: { receipts: out.receipts, foot_traffic: out.traffic, ble_pings: out.pings }
        },
        {
          only: ["I1", "I5", "I7"],
          hours: (day, open, close) => HOURS.storeHours(day, { open: open / 3600, close: close / 3600 })
        }
      )
      expect(Report.ok(report), Report.text(report)).toBe(true)
      expect(Report.get(report, "I7")!.rows).toBeGreaterThan(0)
    })
  })

  it("has ENTRANCE ≥ receipts in every store-hour and distinct devices ≤ entrances per store-day", async () => {
    await property(30, async (c) => {
      const out = await run(c)
      out.receipts.forEach((rb, d) => {
        const entrance = perStoreHour(out.traffic[d]!, "entrance")
        for (const [key, n] of perStoreHour(rb, "receipts"))
          expect(entrance.get(key) ?? 0).toBeGreaterThanOrEqual(n)
        const entrances = perStore(out.traffic[d]!, ENTRANCE)
        const devices = new Map<number, Set<number>>()
        const pb = out.pings[d]!
        const store = num(pb, "StoreID")
        const dev = num(pb, "CustomerBLEId")
        for (let r = 0; r < pb.length; r++) {
          const set = devices.get(store[r]!) ?? new Set<number>()
          set.add(dev[r]!)
          devices.set(store[r]!, set)
        }
        for (const [s, set] of devices) expect(set.size).toBeLessThanOrEqual(entrances.get(s) ?? 0)
      })
    })
  })

  it("keeps every row inside the store's opening window of its day, in (EventTS, StoreID, sequence) order", async () => {
    await property(10, async (c) => {
      const out = await run(c)
      const m = out.master
      const bad: Array<string> = []
      for (let d = 0; d < c.days; d++) {
        const day = c.start + d
        for (const b of [out.traffic[d]!, out.pings[d]!]) {
          const ts = num(b, "EventTS")
          const store = num(b, "StoreID")
          const trace = num(b, "TraceId")
          for (let r = 0; r < b.length; r++) {
            const h = HOURS.storeHours(day, hoursOf(m, store[r]! - 1))
            const sec = ts[r]! - day * 86400
            if (h.closed || sec < h.open || sec >= h.close) bad.push(`${b.table.name} row ${r} outside hours`)
            if (r === 0) continue
            const order = ts[r]! - ts[r - 1]! || store[r]! - store[r - 1]! || trace[r]! - trace[r - 1]!
            if (order <= 0) bad.push(`${b.table.name} row ${r} out of order`)
          }
        }
      }
      expect(bad.slice(0, 5)).toEqual([])
    })
  })

  it("writes sensor, beacon, trace and device ids in their contract shapes", async () => {
    await property(8, async (c) => {
      const out = await run(c)
      const bad: Array<string> = []
      const check = (ok: boolean, what: string) => {
        if (!ok) bad.push(what)
      }
      out.traffic.forEach((b, d) => {
        const day = c.start + d
        const store = num(b, "StoreID")
        const zone = code(b, "Zone")
        const sensor = str(b, "SensorId")
        const trace = num(b, "TraceId")
        const traces = new Set<number>()
        for (let r = 0; r < b.length; r++) {
          const z = Sensors.TRAFFIC_ZONES[zone[r]!]!
          check(sensor[r] === `SENSOR_${String(store[r]).padStart(3, "0")}_${z}`, `sensor ${sensor[r]}`)
          const t = Batch.text(b, r, 0)
          check(
            /^TRC4\d{14}$/.test(t) && t.slice(4, 9) === String(day) && Number(t.slice(9, 13)) === store[r],
            t
          )
          check(!traces.has(trace[r]!), `duplicate ${t}`)
          traces.add(trace[r]!)
        }
      })
      out.pings.forEach((b, d) => {
        const day = c.start + d
        const store = num(b, "StoreID")
        const zone = code(b, "Zone")
        const beacon = str(b, "BeaconId")
        const device = Table.indexOf(b.table, "CustomerBLEId")
        for (let r = 0; r < b.length; r++) {
          const z = Sensors.BLE_ZONES[zone[r]!]!
          check(beacon[r] === `BEACON_${String(store[r]).padStart(3, "0")}_${z}`, `beacon ${beacon[r]}`)
          const t = Batch.text(b, r, 0)
          check(
            /^TRC5\d{14}$/.test(t) && t.slice(4, 9) === String(day) && Number(t.slice(9, 13)) === store[r],
            t
          )
          check(/^BLE\d{10}$/.test(Batch.text(b, r, device)), Batch.text(b, r, device))
        }
      })
      expect(bad.slice(0, 5)).toEqual([])
    })
  })

  it("is deterministic, differs by seed, and does not depend on the shard count (1 vs 3 shards)", async () => {
    const c: Config = {
      seed: 77,
      stores: 12,
      dcs: 4,
      customers: 1500,
      perStore: 60,
      start: Calendar.parse("2024-11-28"),
      days: 3
    }
    const a = await run(c)
    const b = await run(c)
    const rowsOf = (bs: ReadonlyArray<Batch.Batch>) => bs.map((x) => Batch.rows(x))
    expect(rowsOf(b.traffic)).toEqual(rowsOf(a.traffic))
    expect(rowsOf(b.pings)).toEqual(rowsOf(a.pings))
    const other = await run({ ...c, seed: 78 })
    expect(rowsOf(other.pings)).not.toEqual(rowsOf(a.pings))

    const shards = await Promise.all([0, 1, 2].map((index) => run(c, { index, count: 3 })))
    const merged = (pick: (o: Output) => Array<Batch.Batch>, d: number) =>
      shards
        .flatMap((o) => Batch.rows(pick(o)[d]!))
        .map((row, i) => ({ row, i }))
        .sort(
          (x, y) =>
            (x.row.EventTS as number) - (y.row.EventTS as number) ||
            (x.row.StoreID as number) - (y.row.StoreID as number) ||
            x.i - y.i
        )
        .map((x) => x.row)
    for (let d = 0; d < c.days; d++) {
      expect(merged((o) => o.traffic, d)).toEqual(Batch.rows(a.traffic[d]!))
      expect(merged((o) => o.pings, d)).toEqual(Batch.rows(a.pings[d]!))
      for (const o of shards) expect(o.traffic[d]!.length).toBeLessThan(a.traffic[d]!.length)
    }
  })

  it("emits nothing on Christmas Day, when every store is closed", async () => {
    const out = await run({
      seed: 5,
      stores: 6,
      dcs: 2,
      customers: 500,
      perStore: 50,
      start: Calendar.parse("2024-12-24"),
      days: 3
    })
    expect(out.receipts[1]!.length).toBe(0)
    expect(out.traffic[1]!.length).toBe(0)
    expect(out.pings[1]!.length).toBe(0)
    expect(out.traffic[0]!.length).toBeGreaterThan(0)
    expect(out.pings[2]!.length).toBeGreaterThan(0)
  })
})

describe("Sensors behaviour (one week, 10 stores)", () => {
  const week: Config = {
    seed: 2024,
    stores: 10,
    dcs: 2,
    customers: 4000,
    perStore: 150,
    start: Calendar.parse("2024-03-04"),
    days: 7
  }
  const weekly = run(week)

  it("converts 10–30 % of entrances per store-day, about 20 % on average", async () => {
    const out = await weekly
    const rates: Array<number> = []
    out.receipts.forEach((rb, d) => {
      const entrances = perStore(out.traffic[d]!, ENTRANCE)
      for (const [s, n] of perStore(rb, "receipts")) {
        const e = entrances.get(s)!
        expect(e).toBeGreaterThanOrEqual(n)
        if (n >= 50) rates.push(n / e)
      }
    })
    expect(rates.length).toBeGreaterThan(30)
    for (const r of rates) {
      expect(r).toBeGreaterThanOrEqual(0.1)
      expect(r).toBeLessThanOrEqual(0.3)
    }
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length
    expect(mean).toBeGreaterThan(0.18)
    expect(mean).toBeLessThan(0.22)
    // Conversion varies between store-days (a target is drawn per store-day).
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.06)
  })

  it("counts every buyer once at CHECKOUT and every visitor once at ENTRANCE and AISLES", async () => {
    const out = await weekly
    out.receipts.forEach((rb, d) => {
      const receipts = perStore(rb, "receipts")
      const checkout = perStore(out.traffic[d]!, CHECKOUT)
      const entrance = perStore(out.traffic[d]!, ENTRANCE)
      const aisles = perStore(out.traffic[d]!, AISLES)
      for (const [s, n] of receipts) expect(checkout.get(s)).toBe(n)
      for (const [s, n] of entrance) expect(aisles.get(s)).toBe(n)
    })
  })

  it("reports one row per sensor and 15-minute interval of the opening window, Dwell empty only for Count 0", async () => {
    const out = await weekly
    const p = Patterns.make({})
    out.traffic.forEach((b, d) => {
      const day = week.start + d
      const store = num(b, "StoreID")
      const count = num(b, "Count")
      const dwell = num(b, "Dwell")
      const zone = code(b, "Zone")
      const ts = num(b, "EventTS")
      const rows = new Map<number, number>()
      const dwellSum = [0, 0, 0]
      const dwellN = [0, 0, 0]
      for (let r = 0; r < b.length; r++) {
        rows.set(store[r]!, (rows.get(store[r]!) ?? 0) + 1)
        expect((ts[r]! - day * 86400) % 900).toBe(0)
        if (count[r] === 0) expect(Number.isNaN(dwell[r]!)).toBe(true)
        else {
          expect(dwell[r]!).toBeGreaterThanOrEqual(0)
          dwellSum[zone[r]!]! += dwell[r]! * count[r]!
          dwellN[zone[r]!]! += count[r]!
        }
      }
      for (let i = 0; i < week.stores; i++) {
        const h = p.storeHours(day, hoursOf(out.master, i))
        expect(rows.get(i + 1) ?? 0).toBe(h.closed ? 0 : ((h.close - h.open) / 900) * 3)
      }
      // Visits last minutes, checkout takes about two: mean dwell per zone in plausible ranges.
      const mean = dwellSum.map((x, z) => x / dwellN[z]!)
      expect(mean[ENTRANCE]).toBeGreaterThan(300)
      expect(mean[ENTRANCE]).toBeLessThan(1800)
      expect(mean[CHECKOUT]).toBeGreaterThan(60)
      expect(mean[CHECKOUT]).toBeLessThan(200)
      expect(mean[AISLES]).toBeLessThan(mean[ENTRANCE]!)
    })
  })

  it("gives realistic RSSI: always −90…−30 dBm, mostly −80…−50", async () => {
    const out = await weekly
    let n = 0
    let typical = 0
    let outside = 0
    for (const b of out.pings) {
      const rssi = num(b, "RSSI")
      for (let r = 0; r < b.length; r++) {
        if (rssi[r]! < -90 || rssi[r]! > -30) outside++
        n++
        if (rssi[r]! >= -80 && rssi[r]! <= -50) typical++
      }
    }
    expect(outside).toBe(0)
    expect(n).toBeGreaterThan(10_000)
    expect(typical / n).toBeGreaterThan(0.8)
  })

  it("lets known customers send about a third of the pings and never gives an anonymous device a customer's id", async () => {
    const out = await weekly
    const m = out.master
    const customerOf = new Map<number, number>()
    for (let i = 0; i < m.customers.length; i++) customerOf.set(m.customers.bleId[i]!, i + 1)
    let known = 0
    let total = 0
    let strays = 0
    const anonymous = new Set<number>()
    out.pings.forEach((b, d) => {
      // Customers with a receipt per store this day, and their receipt seconds.
      const rb = out.receipts[d]!
      const visits = new Map<string, Array<number>>()
      const rStore = num(rb, "StoreID")
      const rCustomer = num(rb, "CustomerID")
      const rTs = num(rb, "EventTS")
      for (let r = 0; r < rb.length; r++) {
        if (Number.isNaN(rCustomer[r]!)) continue
        const key = `${rStore[r]}/${rCustomer[r]}`
        visits.set(key, [...(visits.get(key) ?? []), rTs[r]!])
      }
      const store = num(b, "StoreID")
      const dev = num(b, "CustomerBLEId")
      const ts = num(b, "EventTS")
      const trace = num(b, "TraceId")
      const span = new Map<number, [number, number, number]>()
      for (let r = 0; r < b.length; r++) {
        total++
        const customer = customerOf.get(dev[r]!)
        if (customer === undefined) {
          anonymous.add(dev[r]!)
          continue
        }
        known++
        // A customer's device appears only at a store where that customer has a receipt that day.
        if (!visits.has(`${store[r]}/${customer}`)) strays++
        const s = span.get(trace[r]!)
        span.set(trace[r]!, s === undefined ? [ts[r]!, ts[r]!, customer] : [s[0], ts[r]!, customer])
      }
      // ... and the visit's pings surround one of that customer's receipts at that store.
      const storeOfTrace = (t: number) => Math.floor(t / 1e5) % 1e4
      for (const [t, [first, last, customer]] of span) {
        const times = visits.get(`${storeOfTrace(t)}/${customer}`) ?? []
        // The first ping comes within one interval of entry, the last within 1.25 intervals of exit.
        const p = Sensors.DEFAULTS.pingIntervalSec
        if (!times.some((x) => x >= first - p && x <= last + 1.25 * p)) strays++
      }
    })
    expect(strays).toBe(0)
    expect(total).toBeGreaterThan(10_000)
    expect(known / total).toBeGreaterThan(0.28)
    expect(known / total).toBeLessThan(0.39)
    expect(anonymous.size).toBeGreaterThan(1000)
  })

  it("has about appShare of visitors carrying a device", async () => {
    const out = await weekly
    let visitors = 0
    let visits = 0
    out.traffic.forEach((b, d) => {
      for (const n of perStore(b, ENTRANCE).values()) visitors += n
      visits += new Set(num(out.pings[d]!, "TraceId")).size
    })
    expect(visits / visitors).toBeGreaterThan(0.2)
    expect(visits / visitors).toBeLessThan(0.27)
  })
})

describe("Sensors options", () => {
  const base: Config = {
    seed: 9,
    stores: 6,
    dcs: 2,
    customers: 1000,
    perStore: 120,
    start: Calendar.parse("2024-06-03"),
    days: 2
  }

  it("conversion sets the target range", async () => {
    const out = await run({ ...base, options: { conversion: [0.25, 0.25] } })
    let receipts = 0
    let entrances = 0
    out.receipts.forEach((rb, d) => {
      receipts += rb.length
      for (const n of perStore(out.traffic[d]!, ENTRANCE).values()) entrances += n
    })
    expect(receipts / entrances).toBeGreaterThan(0.235)
    expect(receipts / entrances).toBeLessThan(0.265)
  })

  it("appShare 0 gives no pings; knownPingShare 0 gives only anonymous devices", async () => {
    const none = await run({ ...base, options: { appShare: 0 } })
    expect(none.pings.every((b) => b.length === 0)).toBe(true)
    expect(none.traffic.some((b) => b.length > 0)).toBe(true)
    const anon = await run({ ...base, options: { knownPingShare: 0 } })
    const ids = new Set(anon.master.customers.bleId)
    let n = 0
    for (const b of anon.pings) {
      const dev = num(b, "CustomerBLEId")
      n += b.length
      for (let r = 0; r < b.length; r++) if (ids.has(dev[r]!)) n = Number.NaN
    }
    expect(n).toBeGreaterThan(0)
  })

  it("keeps the known share of pings near 1/3 when every receipt names a customer", async () => {
    const out = await run({ ...base, knownShare: 1 })
    const ids = new Set(out.master.customers.bleId)
    let known = 0
    let total = 0
    for (const b of out.pings) {
      const dev = num(b, "CustomerBLEId")
      total += b.length
      for (let r = 0; r < b.length; r++) if (ids.has(dev[r]!)) known++
    }
    expect(total).toBeGreaterThan(5000)
    expect(known / total).toBeGreaterThan(0.28)
    expect(known / total).toBeLessThan(0.39)
  })

  it("pingIntervalSec and intervalMinutes change the grain", async () => {
    const fine = await run({ ...base, options: { pingIntervalSec: 10, intervalMinutes: 5 } })
    const coarse = await run({ ...base, options: { pingIntervalSec: 120, intervalMinutes: 60 } })
    const sum = (bs: ReadonlyArray<Batch.Batch>) => bs.reduce((n, b) => n + b.length, 0)
    expect(sum(fine.pings)).toBeGreaterThan(sum(coarse.pings) * 6)
    expect(sum(fine.traffic)).toBe(sum(coarse.traffic) * 12)
    for (const b of coarse.traffic) {
      const ts = num(b, "EventTS")
      for (let r = 0; r < b.length; r++) if (ts[r]! % 3600 !== 0) throw new Error(`row ${r} off the hour`)
    }
  })
})

describe("Sensors grid emission", () => {
  it("orders a store opening off the interval grid by its opening second", () => {
    const g = new Grid(15)
    g.reset(3)
    // Store 0 opens 08:10, store 1 at 08:00, store 2 at 08:05: the 08:00 interval comes out as
    // store 1 (08:00), store 2 (08:05), store 0 (08:10).
    const opens = [8 * 3600 + 600, 8 * 3600, 8 * 3600 + 300]
    opens.forEach((o, s) => {
      g.open[s] = o
      g.close[s] = 9 * 3600
      g.trace[s] = 0
    })
    g.add(0, 8 * 3600 + 700, 0, 60)
    g.add(0, 8 * 3600 + 800, 0, 120)
    const b = Batch.builder(Sensors.FootTraffic)
    g.emit(b, 19723, 3, {
      storeId: Int32Array.from([1, 2, 3]),
      sensors: [1, 2, 3].flatMap((s) => Sensors.TRAFFIC_ZONES.map((z) => Sensors.sensorId(s, z))),
      beacons: [],
      beaconsPerStore: 5
    })
    const out = b.finish()
    const rows = Batch.rows(out)
    expect(rows.slice(0, 9).map((r) => [r.StoreID, (r.EventTS as number) - 19723 * 86400])).toEqual([
      [2, 28800],
      [2, 28800],
      [2, 28800],
      [3, 29100],
      [3, 29100],
      [3, 29100],
      [1, 29400],
      [1, 29400],
      [1, 29400]
    ])
    expect(rows[6]).toMatchObject({ Zone: "ENTRANCE", Count: 2, Dwell: 90 })
    expect(rows.length).toBe(4 * 3 * 3)
  })
})
