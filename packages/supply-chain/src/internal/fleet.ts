/**
 * The truck fleet of a region: the next day's dispatch (which stores, which lines, which truck)
 * and each truckload's truck moves, DC outbound rows, store inbound rows and delivery.
 */
import { Ids, type Rng, Timestamp } from "@retail-datagen/core"
import * as T from "../Tables.js"
import type { Region } from "./region.js"
import { coverRatioOf, reorderPointOf, SATURATED } from "./replenishment.js"
import { traceId } from "./rows.js"

const DAY = Timestamp.SECONDS_PER_DAY

/** Weight of the latest day in the smoothed stores needing / served per day. */
export const VISIT_SMOOTHING = 0.3

/** Scratch of the dispatch: the lines of one store's trips and the parts of one truckload. */
export class Trips {
  linePos = new Int32Array(64)
  lineDc = new Int32Array(64)
  lineNeed = new Int32Array(64)
  lineMust = new Uint8Array(64)
  partPos = new Int32Array(64)
  partQty = new Int32Array(64)
  partMust = new Uint8Array(64)
  primaryEnd = 0
  throughLeft = 0
  shipSeq = 0
  readonly listCount = new Int32Array(4)
  /** Stores with backorders of the pass's class, their urgency and their order. */
  readonly cand: Int32Array
  readonly candKey: Float64Array
  readonly candOrder: Uint32Array
  /** The six status times of a truckload. */
  readonly times = new Float64Array(6)

  constructor(stores: number) {
    this.cand = new Int32Array(stores)
    this.candKey = new Float64Array(stores)
    this.candOrder = new Uint32Array(stores)
  }
}

const ensureLines = (region: Region, n: number): void => {
  const trips = region.trips
  if (trips.linePos.length >= n) return
  const size = Math.max(n, trips.linePos.length * 2)
  trips.linePos = new Int32Array(size)
  trips.lineDc = new Int32Array(size)
  trips.lineNeed = new Int32Array(size)
  trips.lineMust = new Uint8Array(size)
  trips.partPos = new Int32Array(size)
  trips.partQty = new Int32Array(size)
  trips.partMust = new Uint8Array(size)
}

/**
 * The truck that can start earliest in `[t0, end)`, or -1; ties go to the lower id. Refrigerated
 * trips take a refrigerated truck; ambient trips a non-refrigerated one (the refrigerated fleet
 * stays free for cold loads, which it tops up with ambient lines) — or, in a fleet without
 * non-refrigerated trucks, a refrigerated one.
 */
const pickTruck = (region: Region, cold: boolean, t0: number, end: number): number => {
  const want = cold || region.ambientTrucks === 0 ? 1 : 0
  let best = -1
  let bestStart = end
  for (let t = 0; t < region.nTrucks; t++) {
    if (region.truckCold[t] !== want) continue
    const start = Math.max(region.freeAt[t]!, t0)
    if (start < bestStart) {
      best = t
      bestStart = start
    }
  }
  return best
}

/**
 * Day `day`'s dispatch, from `dispatchHour`, in two passes: refrigerated, then ambient. In each
 * pass the stores with backordered lines of the class that the DC can fill are served most urgent
 * first (largest daily demand on backorders that run out before a truck could arrive; ties in a
 * rotating order, day mod stores). A
 * store's trip loads, up to the truck's capacity, the DC's stock and its daily throughput: the
 * class's backordered lines, then its joint-replenishment top-ups (lines at or below their
 * can-order level, up to their order-up-to level); a refrigerated truck then takes the store's
 * ambient backorders and top-ups. Trucks leave while backordered lines of the class remain and a
 * truck of the class can start that day; the rest stays backordered. The expected days between
 * deliveries (stores needing ÷ stores served per day, smoothed) stretch the order-up-to and
 * can-order levels when the fleet cannot visit every store daily.
 */
export const dispatchTrucks = (region: Region, day: number, rng: Rng.Stream): void => {
  const trips = region.trips
  const n = region.stores.length
  if (n === 0) return
  for (let k = 0; k < n * 2; k++) region.needed[k] = region.must[k]! > 0 ? 1 : 0
  region.got.fill(0)
  const t0 = day * DAY + region.options.dispatchHour * 3600
  const end = (day + 1) * DAY
  // a scenario's closed DC ships nothing; a capacity cut loads fewer units (docs/scenarios.md)
  const capacity = region.scenario === null ? 1 : region.scenario.at(day).dcCapacity(region.dcId)
  trips.throughLeft =
    capacity === 1
      ? region.options.dcThroughputUnitsPerDay
      : Math.floor(region.options.dcThroughputUnitsPerDay * capacity)
  trips.shipSeq = 0
  const first = ((day % n) + n) % n
  for (let pass = 0; pass < 2; pass++) {
    const cold = pass === 0
    let nc = 0
    const c = cold ? 1 : 0
    for (let ls = 0; ls < n; ls++) {
      if (region.must[ls * 2 + c]! <= 0) continue
      trips.cand[nc] = ls
      trips.candKey[nc++] = region.urgency[ls * 2 + c]!
    }
    const key = trips.candKey
    const order = trips.candOrder.subarray(0, nc)
    for (let k = 0; k < nc; k++) order[k] = k
    order.sort(
      (a, b) => key[a]! - key[b]! || ((trips.cand[a]! - first + n) % n) - ((trips.cand[b]! - first + n) % n)
    )
    for (let k = 0; k < nc && trips.throughLeft > 0; k++)
      serveStore(region, day, trips.cand[order[k]!]!, cold, t0, end, rng)
  }
  for (let c = 0; c < 2; c++) {
    let needing = 0
    let served = 0
    for (let ls = 0; ls < n; ls++) {
      if (region.needed[ls * 2 + c] === 0) continue
      needing++
      if (region.got[ls * 2 + c] === 1) served++
    }
    region.needing[c] = region.needing[c]! + VISIT_SMOOTHING * (needing - region.needing[c]!)
    region.served[c] = region.served[c]! + VISIT_SMOOTHING * (served - region.served[c]!)
  }
}

/** The trips of one store in one pass (see `dispatchTrucks`). */
const serveStore = (
  region: Region,
  day: number,
  ls: number,
  cold: boolean,
  t0: number,
  end: number,
  rng: Rng.Stream
): void => {
  const trips = region.trips
  const cands = region.shared.candidates.data
  const base = region.candStart[ls]!
  const stop = region.candStart[ls + 1]!
  ensureLines(region, 4 * (stop - base))
  const canDays = region.options.canOrderDays
  const k = region.options.coverDays
  // Lines in load order, one scan into four lists: [0] the class's backorders, [1] its top-ups,
  // then on refrigerated trips [2] ambient backorders and [3] ambient top-ups.
  const m = stop - base
  const counts = trips.listCount
  counts.fill(0)
  const primaryClass = cold ? 1 : 0
  const shift = region.rowShift[ls]!
  const coldOf = region.shared.coldOf
  for (let e = base; e < stop; e++) {
    const i = cands[e]!
    const row = i + shift
    const p = region.snapProduct[row]!
    const j = region.dcIndexOf[p]!
    if (j < 0) continue
    const c = coldOf[p - 1]!
    if (!cold && c === 1) continue
    let list: number
    let need: number
    if (region.backlog[i]! > 0) {
      list = c === primaryClass ? 0 : 2
      need = region.backlog[i]!
    } else {
      const position = region.onHand[i]! + region.inTransit[i]!
      const r = reorderPointOf(region, row, p)
      const every = region.every[c]!
      const f = coverRatioOf(region, p, c)
      // a fleet that cannot visit every store daily tops up everything below its level
      const band = every > SATURATED ? k + every : canDays
      if (position > r + Math.ceil(band * f * region.demand[i]!)) continue
      list = c === primaryClass ? 1 : 3
      const cover = Math.max(k, every)
      need = Math.min(region.capAt(row), r + Math.max(1, Math.ceil(cover * f * region.demand[i]!))) - position
      if (need <= 0) continue
    }
    const at = list * m + counts[list]!++
    trips.linePos[at] = i
    trips.lineDc[at] = j
    trips.lineNeed[at] = need
    trips.lineMust[at] = list % 2 === 0 ? 1 : 0
  }
  let nl = counts[0]!
  for (let list = 1; list < 4; list++) {
    const from = list * m
    const len = counts[list]!
    trips.linePos.copyWithin(nl, from, from + len)
    trips.lineDc.copyWithin(nl, from, from + len)
    trips.lineNeed.copyWithin(nl, from, from + len)
    trips.lineMust.copyWithin(nl, from, from + len)
    nl += len
  }
  trips.primaryEnd = counts[0]!
  let c = 0
  const primary = trips.primaryEnd
  for (;;) {
    // a truck leaves only for a backorder of its class the DC can still fill
    while (c < primary && region.dcOnHand[trips.lineDc[c]!]! <= 0) c++
    if (c >= primary || trips.throughLeft <= 0) return
    const t = pickTruck(region, cold, t0, end)
    if (t < 0) return
    let room = region.truckCap[t]!
    let parts = 0
    while (c < nl && room > 0 && trips.throughLeft > 0) {
      const i = trips.linePos[c]!
      const avail = region.dcOnHand[trips.lineDc[c]!]!
      const q = Math.min(trips.lineNeed[c]!, avail, room, trips.throughLeft)
      if (q > 0) {
        trips.partPos[parts] = i
        trips.partQty[parts] = q
        trips.partMust[parts++] = trips.lineMust[c]!
        trips.lineNeed[c]! -= q
        room -= q
        trips.throughLeft -= q
      }
      if (trips.lineNeed[c] === 0 || q === avail) c++
    }
    if (parts === 0) return
    shipLoad(region, day, trips.shipSeq++, t, ls, parts, t0, rng)
  }
}

/** Commits one truckload: truck moves, DC outbound rows, store inbound rows and the delivery. */
const shipLoad = (
  region: Region,
  day: number,
  seq: number,
  t: number,
  ls: number,
  parts: number,
  t0: number,
  rng: Rng.Stream
): number => {
  const trips = region.trips
  const o = region.options
  let units = 0
  for (let p = 0; p < parts; p++) units += trips.partQty[p]!
  const dcId = region.dcId
  const storeId = region.stores[ls]!
  const trace = traceId(3, day, dcId, seq)
  const shipment = Ids.append(Ids.append(day, dcId, 4), seq, 5)
  const truckId = region.truckRow0 + t + 1
  const travel = region.travel[ls]!
  const handling = Math.round(units * o.secondsPerUnit)
  const loadSec = o.loadingMinutes * 60 + handling
  const unloadSec = o.unloadingMinutes * 60 + handling
  const u = rng.float()
  const delay = Math.floor(o.maxDelayMinutes * 60 * u * u)
  const f = region.freeAt[t]!
  const scheduled = Math.max(f, t0)
  const loading = scheduled + o.scheduleMinutes * 60
  const departed = loading + loadSec
  const eta = departed + travel
  // a scenario's truck delay: extra hours for the trips it picks by their keys (docs/scenarios.md)
  const late = region.scenario === null ? 0 : region.scenario.at(day).tripDelay(dcId, day, seq)
  const arrived = eta + delay + late
  const unloading = arrived + o.dockWaitMinutes * 60
  const completed = unloading + unloadSec
  const etd = eta + o.dockWaitMinutes * 60 + unloadSec
  region.freeAt[t] = completed + travel
  const times = trips.times
  times[T.SCHEDULED] = scheduled
  times[T.LOADING] = loading
  times[T.IN_TRANSIT] = departed
  times[T.ARRIVED] = arrived
  times[T.UNLOADING] = unloading
  times[T.COMPLETED] = completed
  const tr = region.pendTruck
  for (let s = 0; s < 6; s++) {
    const r = tr.add()
    const d = tr.data
    d[r] = times[s]!
    d[r + 1] = trace
    d[r + 2] = truckId
    d[r + 3] = dcId
    d[r + 4] = storeId
    d[r + 5] = shipment
    d[r + 6] = s
    d[r + 7] = eta
    d[r + 8] = etd
  }
  const q = region.queues[ls]!
  const shift = region.rowShift[ls]!
  const { coldOf, backlogDc } = region.shared
  for (let p = 0; p < parts; p++) {
    const i = trips.partPos[p]!
    const qty = trips.partQty[p]!
    const product = region.snapProduct[i + shift]!
    const j = region.dcIndexOf[product]!
    region.dcOnHand[j]! -= qty
    if (trips.partMust[p] === 1) {
      region.backlog[i]! -= qty
      backlogDc[j]! -= qty
      if (region.backlog[i] === 0) region.must[ls * 2 + coldOf[product - 1]!]!--
    }
    region.inTransit[i]! += qty
    region.touched[i >>> 5]! |= 1 << (i & 31)
    q.push(unloading, i, qty)
    region.pushDc(loading, trace, product, -qty, T.DC_OUTBOUND)
    region.pushStore(unloading, trace, storeId, product, qty, T.STORE_INBOUND, truckId)
  }
  region.dirty[ls] = 1
  for (let p = 0; p < parts; p++)
    region.got[ls * 2 + coldOf[region.snapProduct[trips.partPos[p]! + shift]! - 1]!] = 1
  return units
}
