/**
 * The sensors plugin's state and day step: groups the day's receipts by store, simulates each
 * owned store-day's visitors (`visits.ts`), tallies the people counters and generates the BLE
 * pings of app users, then emits both tables in contract order (`output.ts`).
 */
import { Batch, Plugin, type Rng, Table } from "@retail-datagen/core"
import { Customers, type Master } from "@retail-datagen/master"
import { type Patterns, PatternsService, type StoreHours } from "@retail-datagen/patterns"
import type { Resolved } from "./options.js"
import { Grid, Pings, type StoreNames } from "./output.js"
import {
  BLE_ZONES,
  BlePings,
  BZ_CHECKOUT,
  BZ_ENTRANCE,
  BZ_GROCERY,
  beaconId,
  FootTraffic,
  KIND_BLE_VISIT,
  KIND_FOOT_TRAFFIC,
  MAX_SEQ,
  sensorId,
  TRAFFIC_ZONES,
  TZ_AISLES,
  TZ_CHECKOUT,
  TZ_ENTRANCE,
  traceBase
} from "./tables.js"
import { type StoreDay, simulate, Visitors } from "./visits.js"

/** The plugin's name and the receipts it reads. */
export const NAME = "sensors"
export const RECEIPTS_PLUGIN = "receipts"
export const RECEIPTS_TABLE = "receipts"

/**
 * Browse-zone weights (GROCERY, ELECTRONICS, CLOTHING) by store format
 * (`Stores.FORMATS`: supercenter, market, neighborhood, express, mall), as cumulative thresholds.
 */
const BROWSE_WEIGHTS: ReadonlyArray<readonly [number, number, number]> = [
  [0.5, 0.25, 0.25],
  [0.65, 0.15, 0.2],
  [0.8, 0.08, 0.12],
  [0.85, 0.1, 0.05],
  [0.25, 0.35, 0.4]
]

export interface State {
  readonly options: Resolved
  readonly patterns: Patterns.Patterns
  /** Owned store rows (StoreID − 1), ascending; `local[row]` is the index in it, or −1. */
  readonly rows: Int32Array
  readonly local: Int32Array
  readonly hours: ReadonlyArray<StoreHours.Hours>
  readonly names: StoreNames
  /** Cumulative browse-zone thresholds per owned store (2 per store). */
  readonly browse: Float64Array
  readonly customers: number
  readonly bleIds: Uint32Array
  readonly bleSeed: number
  readonly traffic: Batch.Builder
  readonly pings: Batch.Builder
  readonly grid: Grid
  readonly pingBuffer: Pings
  readonly visitors: Visitors
  readonly storeDay: StoreDay
  /** Receipt rows of the day grouped by local store. */
  readonly offsets: Int32Array
  readonly cursor: Int32Array
  receiptRows: Int32Array
}

export const init = (options: Resolved, ctx: Plugin.InitContext<Master.Master>): State => {
  const m = ctx.master
  const stores = m.stores
  const owned: Array<number> = []
  for (let i = 0; i < stores.length; i++) if (Plugin.ownsRegion(ctx.shard, stores.dcId[i]! - 1)) owned.push(i)
  const rows = Int32Array.from(owned)
  const local = new Int32Array(stores.length).fill(-1)
  rows.forEach((row, s) => {
    local[row] = s
  })
  const storeId = Int32Array.from(owned, (row) => row + 1)
  const sensors = owned.flatMap((row) => TRAFFIC_ZONES.map((z) => sensorId(row + 1, z)))
  const beacons = owned.flatMap((row) => BLE_ZONES.map((z) => beaconId(row + 1, z)))
  const browse = new Float64Array(owned.length * 2)
  owned.forEach((row, s) => {
    const w = BROWSE_WEIGHTS[stores.format[row]!] ?? BROWSE_WEIGHTS[0]!
    browse[s * 2] = w[0]
    browse[s * 2 + 1] = w[0] + w[1]
  })
  const patterns = ctx.service(PatternsService.Key)
  return {
    options,
    patterns,
    rows,
    local,
    hours: owned.map((row) => ({ open: stores.openHour[row]!, close: stores.closeHour[row]! })),
    names: { storeId, sensors, beacons, beaconsPerStore: BLE_ZONES.length },
    browse,
    customers: m.customers.length,
    bleIds: m.customers.bleId,
    bleSeed: m.spec.seed,
    traffic: Batch.builder(FootTraffic, 4096),
    pings: Batch.builder(BlePings, 4096),
    grid: new Grid(options.intervalMinutes),
    pingBuffer: new Pings(),
    visitors: new Visitors(),
    storeDay: {
      rng: ctx.rng("init"),
      open: 0,
      close: 0,
      sampler: undefined,
      receipts: 0,
      receiptSecond: new Int32Array(256),
      receiptCustomer: new Float64Array(256),
      receiptSubtotal: new Float64Array(256),
      conversionMin: options.conversionMin,
      conversionMax: options.conversionMax
    },
    offsets: new Int32Array(owned.length + 1),
    cursor: new Int32Array(owned.length),
    receiptRows: new Int32Array(256)
  }
}

const column = (batch: Batch.Batch, name: string, required: boolean): Float64Array | undefined => {
  const i = batch.table.columns.findIndex((c) => c.name === name)
  if (i < 0) {
    if (required) throw new Error(`sensors: upstream ${batch.table.name} has no column ${name}`)
    return undefined
  }
  if (!Table.isNumeric(batch.table.columns[i]!.type.kind))
    throw new Error(`sensors: upstream ${batch.table.name}.${name} is not numeric`)
  return batch.columns[i] as Float64Array
}

/** Groups the rows of owned stores by local store, keeping batch (EventTS) order. */
const groupReceipts = (state: State, store: Float64Array, n: number): void => {
  const stores = state.rows.length
  const offsets = state.offsets
  offsets.fill(0)
  if (state.receiptRows.length < n)
    state.receiptRows = new Int32Array(Math.max(n, state.receiptRows.length * 2))
  for (let r = 0; r < n; r++) {
    const s = state.local[store[r]! - 1] ?? -1
    if (s >= 0) offsets[s + 1]!++
  }
  for (let s = 0; s < stores; s++) offsets[s + 1]! += offsets[s]!
  const cursor = state.cursor
  cursor.set(offsets.subarray(0, stores))
  for (let r = 0; r < n; r++) {
    const s = state.local[store[r]! - 1] ?? -1
    if (s >= 0) state.receiptRows[cursor[s]!++] = r
  }
}

const ensureReceipts = (sd: StoreDay, n: number): void => {
  if (sd.receiptSecond.length >= n) return
  const cap = Math.max(n, sd.receiptSecond.length * 2)
  sd.receiptSecond = new Int32Array(cap)
  sd.receiptCustomer = new Float64Array(cap)
  sd.receiptSubtotal = new Float64Array(cap)
}

/**
 * RSSI by log-distance path loss: −59 dBm at 1 m, exponent 2, a log-normal distance to the
 * zone's beacon (median 2.5 m σ 0.5 near the entrance and checkout beacons, 4 m σ 0.6 in the
 * aisles) and 2 dB of receiver noise. A log-normal distance makes the loss normal, so one draw:
 * mean −59 − 20·log10(median), sd √((20σ / ln 10)² + 2²); clamped to −90…−30.
 */
const rssiMean = (median: number): number => -59 - 20 * Math.log10(median)
const rssiSd = (sigma: number): number => Math.sqrt(((20 * sigma) / Math.LN10) ** 2 + 4)
const NEAR_MEAN = rssiMean(2.5)
const NEAR_SD = rssiSd(0.5)
const AISLE_MEAN = rssiMean(4)
const AISLE_SD = rssiSd(0.6)
const rssiOf = (rng: Rng.Stream, mean: number, sd: number): number => {
  const v = Math.round(mean + sd * rng.gaussian())
  return Math.max(-90, Math.min(-30, v))
}

const bounds = new Int32Array(4)
const segZones = new Uint8Array(3)

export const step = (state: State, ctx: Plugin.DayContext<Master.Master>): ReadonlyArray<Batch.Batch> => {
  const day = ctx.day
  const o = state.options
  const receipts = ctx.upstream(RECEIPTS_PLUGIN, RECEIPTS_TABLE)
  const rTs = column(receipts, "EventTS", true)!
  const rStore = column(receipts, "StoreID", true)!
  const rCustomer = column(receipts, "CustomerID", false)
  const rSubtotal = column(receipts, "Subtotal", false)
  const stores = state.rows.length
  groupReceipts(state, rStore, receipts.length)

  const grid = state.grid
  grid.reset(stores)
  const pings = state.pingBuffer
  pings.length = 0
  const v = state.visitors
  const sd = state.storeDay
  const dayStart = day * 86400
  const ping = o.pingIntervalSec
  const anonSpan = 4294967295 - state.customers // anonymous device numbers customers+1 … 2^32−1

  for (let s = 0; s < stores; s++) {
    const storeId = state.names.storeId[s]!
    const from = state.offsets[s]!
    const r = state.offsets[s + 1]! - from
    const hours = state.patterns.storeHours(day, state.hours[s]!)
    let open = hours.closed ? 0 : hours.open
    let close = hours.closed ? 0 : hours.close
    ensureReceipts(sd, r)
    let first = 86400
    let last = -1
    for (let k = 0; k < r; k++) {
      const row = state.receiptRows[from + k]!
      const sec = rTs[row]! - dayStart
      if (!(sec >= 0 && sec < 86400))
        throw new Error(`sensors: a receipt of store ${storeId} is not on day ${day}`)
      sd.receiptSecond[k] = sec
      sd.receiptCustomer[k] = rCustomer === undefined ? Number.NaN : rCustomer[row]!
      sd.receiptSubtotal[k] = rSubtotal === undefined ? Number.NaN : rSubtotal[row]!
      if (sec < first) first = sec
      if (sec > last) last = sec
    }
    const sampler = close > open ? state.patterns.sampler(day, open, close) : undefined
    if (r > 0) {
      // Receipts outside the opening window (never from the receipts plugin) widen it, so I7 holds.
      if (close <= open) {
        open = first
        close = last + 1
      } else {
        if (first < open) open = first
        if (last >= close) close = last + 1
      }
    }
    if (close <= open) continue
    grid.open[s] = open
    grid.close[s] = close
    grid.trace[s] = traceBase(KIND_FOOT_TRAFFIC, day, storeId)

    sd.rng = ctx.rng("visits", storeId, day)
    sd.open = open
    sd.close = close
    sd.sampler = sampler
    sd.receipts = r
    const n = simulate(v, sd)
    const { t0, tA, tB, tR, tX, customer, order } = v

    // People counters.
    let knownCount = 0
    let knownPings = 0
    let anonPings = 0
    for (let i = 0; i < n; i++) {
      grid.add(s, t0[i]!, TZ_ENTRANCE, tX[i]! - t0[i]!)
      grid.add(s, tA[i]!, TZ_AISLES, tB[i]! - tA[i]!)
      if (tR[i]! >= 0) grid.add(s, tB[i]!, TZ_CHECKOUT, tR[i]! - tB[i]!)
      const weight = (tX[i]! - t0[i]! + 1) / ping
      const c = customer[i]!
      if (c >= 1 && c <= state.customers) {
        knownCount++
        knownPings += weight
      } else anonPings += weight
    }

    // App carriers: probabilities that give appShare × visitors devices and knownPingShare of pings.
    const anonCount = n - knownCount
    const target = o.appShare * n
    const q = o.knownPingShare
    let pk = 0
    let pa = 0
    if (knownCount === 0 || q <= 0) pa = anonCount > 0 ? Math.min(1, target / anonCount) : 0
    else if (anonCount === 0 || q >= 1) pk = Math.min(1, target / knownCount)
    else {
      const ratio = (knownPings * (1 - q)) / (q * anonPings)
      pk = target / (knownCount + ratio * anonCount)
      pa = ratio * pk
      if (pa > 1) {
        pk /= pa
        pa = 1
      }
      if (pk > 1) {
        pa /= pk
        pk = 1
      }
    }

    const appRng = ctx.rng("app", storeId, day)
    const pingRng = ctx.rng("pings", storeId, day)
    const anonBase = appRng.nextUint32()
    const traceStart = traceBase(KIND_BLE_VISIT, day, storeId)
    const g = state.browse[s * 2]!
    const ge = state.browse[s * 2 + 1]!
    let seq = 0
    for (let k = 0; k < n; k++) {
      const i = order[k]!
      const c = customer[i]!
      const known = c >= 1 && c <= state.customers
      if (!(appRng.float() < (known ? pk : pa))) continue
      if (++seq > MAX_SEQ)
        throw new RangeError(`sensors: more than ${MAX_SEQ} app visits at store ${storeId} on day ${day}`)
      const device = known
        ? state.bleIds[c - 1]!
        : Customers.bleIdNumber(state.bleSeed, state.customers + 1 + ((anonBase + k) % anonSpan))
      const trace = traceStart + seq
      // Browse segments: 1–3 zones over [tA, tB), no zone twice in a row.
      const a = tA[i]!
      const b = tB[i]!
      const span = b - a
      const segments = span < 240 ? 1 : span < 900 ? 1 + pingRng.int(0, 1) : 2 + pingRng.int(0, 1)
      bounds[0] = a
      bounds[segments] = b
      for (let j = 1; j < segments; j++)
        bounds[j] = a + Math.floor((span * (j + pingRng.float() - 0.5)) / segments)
      for (let j = 0; j < segments; j++) {
        let z = 0
        for (let tries = 0; tries < 3; tries++) {
          const u = pingRng.float()
          z = BZ_GROCERY + (u < g ? 0 : u < ge ? 1 : 2)
          if (j === 0 || z !== segZones[j - 1]) break
        }
        segZones[j] = z
      }
      const exit = tX[i]!
      const paid = tR[i]!
      let t = t0[i]! + Math.floor(pingRng.float() * ping)
      while (t <= exit) {
        let zone: number
        let near = true
        if (t < a) zone = BZ_ENTRANCE
        else if (t < b) {
          let j = 0
          while (j < segments - 1 && t >= bounds[j + 1]!) j++
          zone = segZones[j]!
          near = false
        } else if (paid >= 0 && t <= paid) zone = BZ_CHECKOUT
        else zone = BZ_ENTRANCE
        pings.push(
          t,
          s,
          zone,
          near ? rssiOf(pingRng, NEAR_MEAN, NEAR_SD) : rssiOf(pingRng, AISLE_MEAN, AISLE_SD),
          device,
          trace
        )
        t += Math.max(1, Math.round(ping * (0.75 + 0.5 * pingRng.float())))
      }
    }
  }

  state.traffic.reset()
  grid.emit(state.traffic, day, stores, state.names)
  state.pings.reset()
  pings.emit(state.pings, day, state.names)
  return [state.traffic.finish(), state.pings.finish()]
}
