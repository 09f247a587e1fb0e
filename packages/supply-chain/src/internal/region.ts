/**
 * The supply chain of one DC region: the store and DC ledgers (typed arrays over the master
 * snapshots), in-transit and backordered quantities, pending additions (deliveries and positive
 * adjustments, applied lazily in time order), the truck fleet and the rows already decided for
 * later days. Hot loops only: no object per row, unit or position.
 *
 * Stock-safety argument (why a replay of the rows never goes below zero): the model's on-hand
 * never exceeds the replayed balance at the same instant. Deductions are applied when decided —
 * at or before their EventTS (takes at their ts; shipments, shrink and negative counts at the end
 * of the day before their EventTS) — and additions only once their EventTS has passed (lazily, on
 * the first take at or after it, or at the end of the day). A take that arrives out of time order
 * may only use stock that was on hand at its ts and not added after it.
 */
import { Distribution, Ids, type Rng, Timestamp } from "@retail-datagen/core"
import { Inventory, type Master } from "@retail-datagen/master"
import type { SupplyOptions } from "../SupplyOptions.js"
import * as T from "../Tables.js"
import * as Codec from "./codec.js"
import { BUCKETS, type Forecast, ONLINE, STORE } from "./forecast.js"
import { distanceKm } from "./geo.js"
import { PendRows, Rows } from "./rows.js"
import { demandFromReorderPoint, type Ledger, Shared } from "./shared.js"

export { demandFromReorderPoint }

const DAY = Timestamp.SECONDS_PER_DAY

/** FNV-1a prime (the fingerprint of a region's master data). */
const FNV = 0x01000193

/** Store row fields: ts, trace, store, product, qty, reason, source (see `SOURCE_*`). */
export const STORE_STRIDE = 7
/** DC row fields: ts, trace, dc, product, qty, reason. */
export const DC_STRIDE = 6
/** Truck row fields: ts, trace, truck, dc, store, shipment, status, eta, etd. */
export const TRUCK_STRIDE = 9

/** `source` codes of store rows other than deliveries (which hold the truck id, ≥ 1). */
export const SOURCE_PURCHASE = -1
export const SOURCE_ONLINE = -2
export const SOURCE_CYCLE = -3
export const SOURCE_SHRINK = -4

/** Weight of the latest day in the smoothed stores needing / served per day. */
export const VISIT_SMOOTHING = 0.3
/** Expected days between deliveries above which the fleet counts as saturated (generous top-ups). */
export const SATURATED = 1.2
/** Upper bound of the expected days between deliveries to a store. */
export const MAX_EVERY_DAYS = 30

/** Trace id: kind (1 digit) + epoch day (5) + entity (4) + sequence (5). */
export const traceId = (kind: number, day: number, entity: number, seq: number): number =>
  Ids.append(Ids.append(Ids.append(kind, day, 5), entity, 4), seq, 5)

/** Shelf capacity of a store position (see `SupplyOptions.shelfCapacityFactor`). */
export const shelfCapacity = (factor: number, startQty: number, rop: number): number =>
  Math.max(Math.ceil(factor * startQty), 2 * rop + 1)

/** Per-day counters of the stock service. */
export interface Counters {
  requested: number
  granted: number
  notCarried: number
}

/** Keys of a random stream of the plugin driving the day (`ctx.rng`). */
export type RngOf = (...keys: ReadonlyArray<Rng.Key>) => Rng.Stream

export class Region {
  readonly dcId: number
  /** Store ids of the region, ascending; local store `ls` is `stores[ls]`. */
  readonly stores: Int32Array
  /** Positions of local store `ls` are `storeBase[ls] … storeBase[ls + 1] - 1`. */
  readonly storeBase: Int32Array
  /** First snapshot row of each local store: position `i` of `ls` is row `i + rowShift[ls]`. */
  readonly storeRow0: Int32Array
  /** `storeRow0[ls] - storeBase[ls]`: the snapshot row of a position minus the position. */
  readonly rowShift: Int32Array
  readonly nPos: number
  /** The master's `store_inventory_snapshots` columns (read, never copied), by snapshot row. */
  readonly snapProduct: Int32Array
  readonly snapQty: Int32Array
  readonly snapRop: Int32Array
  /** One-way travel seconds DC → store, per local store. */
  readonly travel: Int32Array

  // Store ledger (per position): 16-bit when every shelf capacity of the region fits, else 32-bit.
  onHand: Ledger
  /** Pending additions: units on trucks (and positive counts) not yet applied. */
  inTransit: Ledger
  /** Ordered from the DC, not yet shipped. */
  backlog: Ledger
  /** Smoothed daily demand (units requested, including lost sales). */
  demand: Float32Array
  /** Today's requests [pos, qty] (summed per position at the review). */
  readonly requests = new Rows(2, 64)
  /**
   * A bit per store position, set when any of its ledgers changes (or it is asked for): only
   * these can differ from the baseline of a save (`save` reads no other position).
   */
  private touched: Uint32Array
  /** End-of-day reviews run so far (the smoothed demand of a position never asked for is a function of it). */
  reviews = 0

  // Per local store: time of the latest take and pending additions [ts, pos, qty]… sorted by ts.
  lastTs: Float64Array
  queues: Array<Array<number>>
  heads: Int32Array

  // DC ledger (per DC product index j = snapshot row − dcRow0).
  readonly dcRow0: number
  readonly nDc: number
  /** The master's `dc_inventory_snapshots` columns, by snapshot row. */
  readonly dcSnapProduct: Int32Array
  readonly dcSnapRop: Int32Array
  /** DC product index of product id `p` (`-1` when the DC does not stock it). */
  readonly dcIndexOf: Int32Array
  dcOnHand: Int32Array
  /** Pending additions to the DC (supplier deliveries, positive counts). */
  dcPipeline: Int32Array
  /** Smoothed daily online demand on the DC. */
  dcOnlineDemand: Float32Array
  /** Today's online requests [j, qty]. */
  readonly dcRequests = new Rows(2, 64)
  dcQueue: Array<number> = []
  dcHead = 0
  dcLastTs = Number.NEGATIVE_INFINITY

  // Fleet.
  readonly truckRow0: number
  readonly nTrucks: number
  readonly truckCap: Int32Array
  readonly truckCold: Uint8Array
  /** Non-refrigerated trucks in the fleet. */
  readonly ambientTrucks: number
  freeAt: Float64Array

  // Rows decided for later days, in decision order.
  readonly pendStore: PendRows
  readonly pendDc: PendRows
  readonly pendTruck = new Rows(TRUCK_STRIDE)

  /** Today's grants: [pos, qty, ts] (stores) and [dc index, qty, ts] (DC). */
  readonly grants = new Rows(3)
  readonly dcGrants = new Rows(3)
  /** Today's written rows for the ledger check: [pos, qty, second of the day] (stores) and [dc index, …]. */
  readonly written = new Rows(3)
  readonly dcWritten = new Rows(3)
  readonly today: Counters = { requested: 0, granted: 0, notCarried: 0 }

  // Scratch.
  private linePos = new Int32Array(64)
  private lineDc = new Int32Array(64)
  private lineNeed = new Int32Array(64)
  private lineMust = new Uint8Array(64)
  private partPos = new Int32Array(64)
  private partQty = new Int32Array(64)
  private partMust = new Uint8Array(64)
  private primaryEnd = 0
  private throughLeft = 0
  private shipSeq = 0
  /** Per local store and class (×2 + cold): minus the daily demand at risk on its backorders (lower = more urgent), and backorders the DC can fill (at review). */
  private readonly urgency: Float64Array
  /** The candidate lines of local store `ls` are `shared.candidates[candStart[ls] … candStart[ls + 1] - 1]` (set at review). */
  private readonly candStart: Int32Array
  private readonly must: Int32Array
  private readonly listCount = new Int32Array(4)
  /**
   * Per class (ambient, cold): smoothed stores needing a delivery per day and stores served per
   * day; their ratio (at least 1) is the expected days between deliveries to a store.
   */
  readonly needing = new Float64Array(2)
  readonly served = new Float64Array(2)
  /** `max(1, needing / served)` per class, set before each review. */
  private readonly every = new Float64Array(2)
  /** Per local store and class (×2 + cold) on the day being dispatched: had backorders; got a delivery. */
  private readonly needed: Uint8Array
  private readonly got: Uint8Array
  private readonly cand: Int32Array
  private readonly candKey: Float64Array
  private readonly candOrder: Uint32Array
  private readonly companyOrder: Int32Array
  private readonly companyTs: Float64Array
  private readonly dirty: Uint8Array
  private readonly times = new Float64Array(6)
  /** Demand outlook (null: the learned demand as is). */
  forecast: Forecast | null = null
  /** Per class (×BUCKETS + bucket): ratio over the store lead window, over the cover window. */
  private readonly fLead = new Float64Array(BUCKETS).fill(1)
  private readonly fCover = new Float64Array(2 * BUCKETS).fill(1)
  /** Per bucket: DC ratios over the supplier lead window and the cover after it (stores, online). */
  private readonly fDcLead = new Float64Array(BUCKETS).fill(1)
  private readonly fDcCover = new Float64Array(BUCKETS).fill(1)
  private readonly fDcOnline = new Float64Array(BUCKETS).fill(1)
  /** Bucket (department) of each product (row = ProductID − 1; empty without a forecast). */
  private bucketOf: Uint8Array = new Uint8Array(0)
  private evPos = new Int32Array(16)
  private evTs = new Float64Array(16)
  private evSize = new Int32Array(16)
  /** Largest snapshot reorder point of the region's store positions. */
  private readonly maxRop: number
  private fingerprint_ = -1
  private readonly storeHash: number

  constructor(
    readonly master: Master.Master,
    readonly options: SupplyOptions,
    readonly region: number,
    /** Per-product tables and scratch shared by the regions of a shard (they run one at a time). */
    readonly shared: Shared = new Shared(master, options.smoothing)
  ) {
    const { stores, storeInventory: snap, dcInventory: dcSnap, trucks, products, dcs } = master
    const dcId = region + 1
    this.dcId = dcId
    this.snapProduct = snap.productId
    this.snapQty = snap.currentQuantity
    this.snapRop = snap.reorderPoint
    this.pendStore = new PendRows(STORE_STRIDE, snap.lastUpdated * DAY)
    this.pendDc = new PendRows(DC_STRIDE, snap.lastUpdated * DAY)
    let count = 0
    for (let s = 0; s < stores.length; s++) if (stores.dcId[s] === dcId) count++
    this.stores = new Int32Array(count)
    this.storeBase = new Int32Array(count + 1)
    this.storeRow0 = new Int32Array(count)
    this.rowShift = new Int32Array(count)
    this.travel = new Int32Array(count)
    let k = 0
    let n = 0
    const dLat = dcs.latitude[region]!
    const dLon = dcs.longitude[region]!
    for (let s = 0; s < stores.length; s++) {
      if (stores.dcId[s] !== dcId) continue
      this.stores[k] = s + 1
      this.storeRow0[k] = snap.locationStart[s]!
      this.storeBase[k] = n
      this.rowShift[k] = snap.locationStart[s]! - n
      n += snap.locationStart[s + 1]! - snap.locationStart[s]!
      const km = distanceKm(dLat, dLon, stores.latitude[s]!, stores.longitude[s]!) * options.roadFactor
      this.travel[k] = Math.max(300, Math.round((km / options.speedKmh) * 3600))
      k++
    }
    this.storeBase[count] = n
    this.nPos = n

    // DC
    this.dcRow0 = dcSnap.locationStart[region]!
    this.nDc = dcSnap.locationStart[region + 1]! - this.dcRow0
    this.dcSnapProduct = dcSnap.productId
    this.dcSnapRop = dcSnap.reorderPoint
    this.dcOnHand = dcSnap.currentQuantity.slice(this.dcRow0, this.dcRow0 + this.nDc)
    this.dcPipeline = new Int32Array(this.nDc)
    this.dcOnlineDemand = new Float32Array(this.nDc)
    this.dcIndexOf = new Int32Array(products.length + 1).fill(-1)
    for (let j = 0; j < this.nDc; j++) this.dcIndexOf[dcSnap.productId[this.dcRow0 + j]!] = j

    // Store positions: the widest value a ledger holds is the shelf capacity, which grows with
    // the snapshot quantity and the reorder point.
    // (the same pass starts the fingerprint: FNV-1a over the region's snapshot rows, one lane
    // per column so that the three multiplications of a row do not wait for each other)
    let maxQty = 0
    let maxRop = 0
    let h = 0x811c9dc5 ^ n
    let hq = 0x811c9dc5
    let hr = 0x811c9dc5
    for (let ls = 0; ls < count; ls++) {
      h = Math.imul(h ^ this.stores[ls]!, FNV)
      const row0 = this.storeRow0[ls]!
      const row1 = row0 + this.storeBase[ls + 1]! - this.storeBase[ls]!
      for (let row = row0; row < row1; row++) {
        const q = snap.currentQuantity[row]!
        const r = snap.reorderPoint[row]!
        if (q > maxQty) maxQty = q
        if (r > maxRop) maxRop = r
        h = Math.imul(h ^ snap.productId[row]!, FNV)
        hq = Math.imul(hq ^ q, FNV)
        hr = Math.imul(hr ^ r, FNV)
      }
    }
    this.storeHash = Math.imul(Math.imul(h ^ hq, FNV) ^ hr, FNV)
    this.maxRop = maxRop
    const narrow = shelfCapacity(options.shelfCapacityFactor, maxQty, maxRop) <= 32767
    this.onHand = narrow ? new Int16Array(n) : new Int32Array(n)
    this.inTransit = narrow ? new Int16Array(n) : new Int32Array(n)
    this.backlog = narrow ? new Int16Array(n) : new Int32Array(n)
    this.demand = new Float32Array(n)
    this.touched = new Uint32Array((n + 31) >>> 5)
    this.resetLedgers()
    this.shared.ensure(n, this.nDc)

    this.lastTs = new Float64Array(count).fill(Number.NEGATIVE_INFINITY)
    this.queues = Array.from({ length: count }, () => [])
    this.heads = new Int32Array(count)
    this.dirty = new Uint8Array(count)
    this.cand = new Int32Array(count)
    this.urgency = new Float64Array(count * 2)
    this.candStart = new Int32Array(count + 1)
    this.must = new Int32Array(count * 2)
    this.needing.fill(count)
    this.served.fill(count)
    this.needed = new Uint8Array(count * 2)
    this.got = new Uint8Array(count * 2)
    this.candKey = new Float64Array(count)
    this.candOrder = new Uint32Array(count)

    // Fleet
    this.truckRow0 = trucks.dcStart[region]!
    this.nTrucks = trucks.dcStart[region + 1]! - this.truckRow0
    this.truckCap = new Int32Array(this.nTrucks)
    this.truckCold = new Uint8Array(this.nTrucks)
    this.freeAt = new Float64Array(this.nTrucks).fill(Number.NEGATIVE_INFINITY)
    for (let t = 0; t < this.nTrucks; t++) {
      this.truckCap[t] =
        options.truckCapacityUnits > 0
          ? options.truckCapacityUnits
          : trucks.capacityUnits[this.truckRow0 + t]!
      this.truckCold[t] = trucks.refrigerated[this.truckRow0 + t]!
    }
    this.ambientTrucks = this.truckCold.reduce((n, c) => n + (c === 0 ? 1 : 0), 0)
    this.companyOrder = new Int32Array(products.companies.length).fill(-1)
    this.companyTs = new Float64Array(products.companies.length)
  }

  /** Store ledgers as of the snapshots: on hand = CurrentQuantity, demand from the reorder point, nothing in transit or ordered. */
  private resetLedgers(): void {
    const table = this.shared.initialDemand(this.maxRop)
    const snap = this.master.storeInventory
    for (let ls = 0; ls < this.stores.length; ls++) {
      const base = this.storeBase[ls]!
      const row0 = this.storeRow0[ls]!
      const len = this.storeBase[ls + 1]! - base
      this.onHand.set(snap.currentQuantity.subarray(row0, row0 + len), base)
      for (let i = base; i < base + len; i++) {
        const rop = snap.reorderPoint[i + row0 - base]!
        this.demand[i] =
          table !== null ? table[Math.max(0, rop)]! : demandFromReorderPoint(rop, Inventory.STORE_LEAD_DAYS)
      }
    }
    this.inTransit.fill(0)
    this.backlog.fill(0)
  }

  /** Shelf capacity of the position at snapshot row `row`. */
  private capAt(row: number): number {
    return shelfCapacity(this.options.shelfCapacityFactor, this.snapQty[row]!, this.snapRop[row]!)
  }

  /** Uses `forecast` to scale reorder points and order-up-to levels (see `outlook`). */
  setForecast(forecast: Forecast): void {
    this.forecast = forecast
    this.bucketOf = forecast.bucketOf
  }

  /**
   * The ratios of the coming days' expected demand to the smoothed past, per department, at the
   * end of `day`: stores over the lead window (reorder point) and over each class's cover window
   * (order-up-to level); the DC over the supplier lead window (reorder point) and the
   * `dcCoverDays` after the delivery (order-up-to level).
   */
  private outlook(day: number): void {
    const f = this.forecast
    if (f === null) return
    const o = this.options
    const lead = o.supplierLeadDays
    for (let b = 0; b < BUCKETS; b++) {
      this.fLead[b] = f.ratio(STORE, b, day, day + 1, Inventory.STORE_LEAD_DAYS)
      for (let c = 0; c < 2; c++)
        this.fCover[c * BUCKETS + b] = f.ratio(STORE, b, day, day + 1, Math.max(o.coverDays, this.every[c]!))
      this.fDcLead[b] = f.ratio(STORE, b, day, day + 1, lead)
      this.fDcCover[b] = f.ratio(STORE, b, day, day + 1 + lead, o.dcCoverDays)
      this.fDcOnline[b] = f.ratio(ONLINE, b, day, day + 1 + lead, o.dcCoverDays)
    }
  }

  /** Reorder point of the store position at snapshot row `row` (product `p`) under the outlook. */
  private ropOf(row: number, p: number): number {
    const r = this.snapRop[row]!
    return this.forecast === null ? r : Math.ceil(r * this.fLead[this.bucketOf[p - 1]!]!)
  }

  /** Cover-window ratio of a store position of product `p`, class `cold` (1 without a forecast). */
  private coverOf(p: number, cold: number): number {
    return this.forecast === null ? 1 : this.fCover[cold * BUCKETS + this.bucketOf[p - 1]!]!
  }

  /** Local index of a store of this region (binary search), or -1. */
  localStore(storeId: number): number {
    let lo = 0
    let hi = this.stores.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const s = this.stores[mid]!
      if (s === storeId) return mid
      if (s < storeId) lo = mid + 1
      else hi = mid - 1
    }
    return -1
  }

  /** Position of (local store, product), or -1 when the store does not carry it. */
  position(ls: number, productId: number): number {
    const storeId = this.stores[ls]!
    const row = Inventory.rowOf(this.master.storeInventory, storeId, productId)
    return row < 0 ? -1 : row - this.rowShift[ls]!
  }

  /** Product id of position `i` (a scan for its store: not for hot loops). */
  productAt(i: number): number {
    let ls = 0
    while (this.storeBase[ls + 1]! <= i) ls++
    return this.snapProduct[i + this.rowShift[ls]!]!
  }

  /** Store id of position `i` (a scan: not for hot loops). */
  storeAt(i: number): number {
    let ls = 0
    while (this.storeBase[ls + 1]! <= i) ls++
    return this.stores[ls]!
  }

  /** Product id of DC product index `j`. */
  dcProductAt(j: number): number {
    return this.dcSnapProduct[this.dcRow0 + j]!
  }

  // ---------------------------------------------------------------- takes

  /** Takes up to `qty` units at local store `ls`; see `StockService.takeFromStore`. */
  takeStore(ls: number, productId: number, qty: number, ts: number): number {
    if (!(qty > 0)) return 0
    qty = Math.floor(qty)
    this.today.requested += qty
    const products = this.master.products
    const i =
      productId >= 1 &&
      productId <= products.length &&
      products.launchDate[productId - 1]! <= Math.floor(ts / DAY)
        ? this.position(ls, productId)
        : -1
    if (i < 0) {
      this.today.notCarried += qty
      return 0
    }
    this.touched[i >>> 5]! |= 1 << (i & 31)
    const rq = this.requests.add()
    this.requests.data[rq] = i
    this.requests.data[rq + 1] = qty
    let avail: number
    if (ts >= this.lastTs[ls]!) {
      this.lastTs[ls] = ts
      const q = this.queues[ls]!
      const h = this.heads[ls]! * 3
      if (h < q.length && q[h]! <= ts) this.applyStore(ls, ts)
      avail = this.onHand[i]!
    } else {
      avail = this.onHand[i]! - this.addedAfter(ls, i, ts)
    }
    const g = avail <= 0 ? 0 : Math.min(qty, avail)
    if (g > 0) {
      this.onHand[i]! -= g
      const o = this.grants.add()
      const d = this.grants.data
      d[o] = i
      d[o + 1] = g
      d[o + 2] = ts
      this.today.granted += g
    }
    return g
  }

  /** Takes up to `qty` units from the DC; see `StockService.takeFromDc`. */
  takeDc(productId: number, qty: number, ts: number): number {
    if (!(qty > 0)) return 0
    qty = Math.floor(qty)
    this.today.requested += qty
    const products = this.master.products
    const j =
      productId >= 1 &&
      productId <= products.length &&
      products.launchDate[productId - 1]! <= Math.floor(ts / DAY)
        ? this.dcIndexOf[productId]!
        : -1
    if (j < 0) {
      this.today.notCarried += qty
      return 0
    }
    const rq = this.dcRequests.add()
    this.dcRequests.data[rq] = j
    this.dcRequests.data[rq + 1] = qty
    let avail: number
    if (ts >= this.dcLastTs) {
      this.dcLastTs = ts
      const h = this.dcHead * 3
      if (h < this.dcQueue.length && this.dcQueue[h]! <= ts) this.applyDc(ts)
      avail = this.dcOnHand[j]!
    } else {
      let added = 0
      const q = this.dcQueue
      for (let e = 0; e < this.dcHead; e++) if (q[e * 3 + 1] === j && q[e * 3]! > ts) added += q[e * 3 + 2]!
      avail = this.dcOnHand[j]! - added
    }
    const g = avail <= 0 ? 0 : Math.min(qty, avail)
    if (g > 0) {
      this.dcOnHand[j]! -= g
      const o = this.dcGrants.add()
      const d = this.dcGrants.data
      d[o] = j
      d[o + 1] = g
      d[o + 2] = ts
      this.today.granted += g
    }
    return g
  }

  /** Records a written store row of position `i` for the day's ledger check. */
  noteStore(i: number, qty: number, secondOfDay: number): void {
    const o = this.written.add()
    const d = this.written.data
    d[o] = i
    d[o + 1] = qty
    d[o + 2] = secondOfDay
  }

  /** Records a written DC row of DC product index `j` for the day's ledger check. */
  noteDc(j: number, qty: number, secondOfDay: number): void {
    const o = this.dcWritten.add()
    const d = this.dcWritten.data
    d[o] = j
    d[o + 1] = qty
    d[o + 2] = secondOfDay
  }
  /** Units added to position `i` today after `ts` (entries already applied). */
  private addedAfter(ls: number, i: number, ts: number): number {
    const q = this.queues[ls]!
    const h = this.heads[ls]!
    let added = 0
    for (let e = 0; e < h; e++) if (q[e * 3 + 1] === i && q[e * 3]! > ts) added += q[e * 3 + 2]!
    return added
  }

  /** Applies the pending additions of local store `ls` with ts ≤ `ts`. */
  private applyStore(ls: number, ts: number): void {
    const q = this.queues[ls]!
    let h = this.heads[ls]!
    while (h * 3 < q.length && q[h * 3]! <= ts) {
      const i = q[h * 3 + 1]!
      const qty = q[h * 3 + 2]!
      this.onHand[i]! += qty
      this.inTransit[i]! -= qty
      h++
    }
    this.heads[ls] = h
  }

  private applyDc(ts: number): void {
    const q = this.dcQueue
    let h = this.dcHead
    while (h * 3 < q.length && q[h * 3]! <= ts) {
      const j = q[h * 3 + 1]!
      const qty = q[h * 3 + 2]!
      this.dcOnHand[j]! += qty
      this.dcPipeline[j]! -= qty
      h++
    }
    this.dcHead = h
  }

  /** Applies every addition before `end` and forgets the applied entries (no take of the day follows). */
  settle(end: number): void {
    for (let ls = 0; ls < this.stores.length; ls++) {
      this.applyStore(ls, end - 1)
      const h = this.heads[ls]!
      if (h > 0) {
        this.queues[ls]!.splice(0, h * 3)
        this.heads[ls] = 0
      }
    }
    this.applyDc(end - 1)
    if (this.dcHead > 0) {
      this.dcQueue.splice(0, this.dcHead * 3)
      this.dcHead = 0
    }
  }

  // ---------------------------------------------------------------- end of day

  /**
   * The end of day `day` (after the shoppers): settles additions, updates smoothed demand,
   * reviews every position (reorders), plans the next day's dispatch and trucks, orders from
   * suppliers and decides the next day's shrink and cycle counts.
   */
  endOfDay(day: number, rng: RngOf): void {
    this.settle((day + 1) * DAY)
    for (let c = 0; c < 2; c++)
      this.every[c] = Math.min(
        MAX_EVERY_DAYS,
        Math.max(1, this.needing[c]! / Math.max(this.served[c]!, 1e-9))
      )
    this.outlook(day)
    this.review()
    this.reviews++
    this.dispatch(day + 1, rng("delay", this.dcId, day + 1))
    this.replenish(day, rng("supplier", this.dcId, day))
    this.adjust(day + 1, rng)
    this.sortQueues()
    this.grants.clear()
    this.dcGrants.clear()
  }

  /** Smoothed demand and the reorder review of every store position. */
  private review(): void {
    const a = this.options.smoothing
    const k = this.options.coverDays
    const { onHand, inTransit, backlog, demand, snapProduct, snapRop, dcIndexOf } = this
    const { coldOf, requested, demandDc, backlogDc, dcRequested } = this.shared
    const noForecast = this.forecast === null
    const factor = this.options.shelfCapacityFactor
    demandDc.fill(0, 0, this.nDc)
    backlogDc.fill(0, 0, this.nDc)
    const rq = this.requests.data
    const nRequests = this.requests.length
    for (let e = 0; e < nRequests; e++) requested[rq[e * 2]!]! += rq[e * 2 + 1]!
    // The dispatch's candidate lines (see `serve`): a line with a backorder or at or below its
    // can-order level now; dispatch only raises positions and lowers backorders, so no other
    // line can qualify before it.
    const canDays = this.options.canOrderDays
    const band0 = this.every[0]! > SATURATED ? k + this.every[0]! : canDays
    const band1 = this.every[1]! > SATURATED ? k + this.every[1]! : canDays
    const cands = this.shared.candidates
    cands.length = 0
    const { fLead, fCover, bucketOf, snapQty, touched, dcOnHand, storeBase } = this
    const cover0 = Math.max(k, this.every[0]!)
    const cover1 = Math.max(k, this.every[1]!)
    for (let ls = 0; ls < this.stores.length; ls++) {
      const shift = this.rowShift[ls]!
      this.candStart[ls] = cands.length
      // Units a day at risk: demand of backorders that run out before a truck leaving tomorrow arrives.
      const horizon = 1 + this.travel[ls]! / DAY
      let riskCold = 0
      let riskAmbient = 0
      let mustCold = 0
      let mustAmbient = 0
      const end = storeBase[ls + 1]!
      for (let i = storeBase[ls]!; i < end; i++) {
        const row = i + shift
        const p = snapProduct[row]!
        const cold = coldOf[p - 1]!
        demand[i] = demand[i]! + a * (requested[i]! - demand[i]!)
        const dm = demand[i]!
        const position = onHand[i]! + inTransit[i]! + backlog[i]!
        const rop = snapRop[row]!
        const r = noForecast ? rop : Math.ceil(rop * fLead[bucketOf[p - 1]!]!)
        const f = noForecast ? 1 : fCover[cold * BUCKETS + bucketOf[p - 1]!]!
        if (position <= r || f > 1.2) {
          const cap = shelfCapacity(factor, snapQty[row]!, rop)
          const target = Math.min(r + Math.max(1, Math.ceil((cold === 1 ? cover1 : cover0) * f * dm)), cap)
          if ((position <= r || position < target) && target > position) {
            backlog[i]! += target - position
            touched[i >>> 5]! |= 1 << (i & 31)
          }
        }
        const j = dcIndexOf[p]!
        if (j < 0) continue
        if (
          backlog[i]! > 0 ||
          onHand[i]! + inTransit[i]! <= r + Math.ceil((cold === 1 ? band1 : band0) * f * dm)
        )
          cands.push(i)
        demandDc[j]! += dm
        const b = backlog[i]!
        if (b <= 0) continue
        backlogDc[j]! += b
        if (dcOnHand[j]! <= 0) continue
        const risk = onHand[i]! < dm * horizon ? dm : 0
        if (cold === 1) {
          mustCold++
          riskCold += risk
        } else {
          mustAmbient++
          riskAmbient += risk
        }
      }
      this.candStart[ls + 1] = cands.length
      this.urgency[ls * 2] = -riskAmbient
      this.urgency[ls * 2 + 1] = -riskCold
      this.must[ls * 2] = mustAmbient
      this.must[ls * 2 + 1] = mustCold
    }
    // the scratch back to zero where the day's requests summed (not a pass over every position)
    for (let e = 0; e < nRequests; e++) requested[rq[e * 2]!] = 0
    this.requests.clear()
    const dq = this.dcRequests.data
    for (let e = 0; e < this.dcRequests.length; e++) dcRequested[dq[e * 2]!]! += dq[e * 2 + 1]!
    this.dcRequests.clear()
    for (let j = 0; j < this.nDc; j++) {
      this.dcOnlineDemand[j] = this.dcOnlineDemand[j]! + a * (dcRequested[j]! - this.dcOnlineDemand[j]!)
      dcRequested[j] = 0
    }
  }

  private ensureLines(n: number): void {
    if (this.linePos.length >= n) return
    const size = Math.max(n, this.linePos.length * 2)
    this.linePos = new Int32Array(size)
    this.lineDc = new Int32Array(size)
    this.lineNeed = new Int32Array(size)
    this.lineMust = new Uint8Array(size)
    this.partPos = new Int32Array(size)
    this.partQty = new Int32Array(size)
    this.partMust = new Uint8Array(size)
  }

  /**
   * The truck that can start earliest in `[t0, end)`, or -1; ties go to the lower id. Refrigerated
   * trips take a refrigerated truck; ambient trips a non-refrigerated one (the refrigerated fleet
   * stays free for cold loads, which it tops up with ambient lines) — or, in a fleet without
   * non-refrigerated trucks, a refrigerated one.
   */
  private pickTruck(cold: boolean, t0: number, end: number): number {
    const want = cold || this.ambientTrucks === 0 ? 1 : 0
    let best = -1
    let bestStart = end
    for (let t = 0; t < this.nTrucks; t++) {
      if (this.truckCold[t] !== want) continue
      const start = Math.max(this.freeAt[t]!, t0)
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
  private dispatch(day: number, rng: Rng.Stream): void {
    const n = this.stores.length
    if (n === 0) return
    for (let k = 0; k < n * 2; k++) this.needed[k] = this.must[k]! > 0 ? 1 : 0
    this.got.fill(0)
    const t0 = day * DAY + this.options.dispatchHour * 3600
    const end = (day + 1) * DAY
    this.throughLeft = this.options.dcThroughputUnitsPerDay
    this.shipSeq = 0
    const first = ((day % n) + n) % n
    for (let pass = 0; pass < 2; pass++) {
      const cold = pass === 0
      let nc = 0
      const c = cold ? 1 : 0
      for (let ls = 0; ls < n; ls++) {
        if (this.must[ls * 2 + c]! <= 0) continue
        this.cand[nc] = ls
        this.candKey[nc++] = this.urgency[ls * 2 + c]!
      }
      const key = this.candKey
      const order = this.candOrder.subarray(0, nc)
      for (let k = 0; k < nc; k++) order[k] = k
      order.sort(
        (a, b) => key[a]! - key[b]! || ((this.cand[a]! - first + n) % n) - ((this.cand[b]! - first + n) % n)
      )
      for (let k = 0; k < nc && this.throughLeft > 0; k++)
        this.serve(day, this.cand[order[k]!]!, cold, t0, end, rng)
    }
    for (let c = 0; c < 2; c++) {
      let needing = 0
      let served = 0
      for (let ls = 0; ls < n; ls++) {
        if (this.needed[ls * 2 + c] === 0) continue
        needing++
        if (this.got[ls * 2 + c] === 1) served++
      }
      this.needing[c] = this.needing[c]! + VISIT_SMOOTHING * (needing - this.needing[c]!)
      this.served[c] = this.served[c]! + VISIT_SMOOTHING * (served - this.served[c]!)
    }
  }

  /** The trips of one store in one pass (see `dispatch`). */
  private serve(day: number, ls: number, cold: boolean, t0: number, end: number, rng: Rng.Stream): void {
    const cands = this.shared.candidates.data
    const base = this.candStart[ls]!
    const stop = this.candStart[ls + 1]!
    this.ensureLines(4 * (stop - base))
    const canDays = this.options.canOrderDays
    const k = this.options.coverDays
    // Lines in load order, one scan into four lists: [0] the class's backorders, [1] its top-ups,
    // then on refrigerated trips [2] ambient backorders and [3] ambient top-ups.
    const m = stop - base
    const counts = this.listCount
    counts.fill(0)
    const primaryClass = cold ? 1 : 0
    const shift = this.rowShift[ls]!
    const coldOf = this.shared.coldOf
    for (let e = base; e < stop; e++) {
      const i = cands[e]!
      const row = i + shift
      const p = this.snapProduct[row]!
      const j = this.dcIndexOf[p]!
      if (j < 0) continue
      const c = coldOf[p - 1]!
      if (!cold && c === 1) continue
      let list: number
      let need: number
      if (this.backlog[i]! > 0) {
        list = c === primaryClass ? 0 : 2
        need = this.backlog[i]!
      } else {
        const position = this.onHand[i]! + this.inTransit[i]!
        const r = this.ropOf(row, p)
        const every = this.every[c]!
        const f = this.coverOf(p, c)
        // a fleet that cannot visit every store daily tops up everything below its level
        const band = every > SATURATED ? k + every : canDays
        if (position > r + Math.ceil(band * f * this.demand[i]!)) continue
        list = c === primaryClass ? 1 : 3
        const cover = Math.max(k, every)
        need = Math.min(this.capAt(row), r + Math.max(1, Math.ceil(cover * f * this.demand[i]!))) - position
        if (need <= 0) continue
      }
      const at = list * m + counts[list]!++
      this.linePos[at] = i
      this.lineDc[at] = j
      this.lineNeed[at] = need
      this.lineMust[at] = list % 2 === 0 ? 1 : 0
    }
    let nl = counts[0]!
    for (let list = 1; list < 4; list++) {
      const from = list * m
      const len = counts[list]!
      this.linePos.copyWithin(nl, from, from + len)
      this.lineDc.copyWithin(nl, from, from + len)
      this.lineNeed.copyWithin(nl, from, from + len)
      this.lineMust.copyWithin(nl, from, from + len)
      nl += len
    }
    this.primaryEnd = counts[0]!
    let c = 0
    const primary = this.primaryEnd
    for (;;) {
      // a truck leaves only for a backorder of its class the DC can still fill
      while (c < primary && this.dcOnHand[this.lineDc[c]!]! <= 0) c++
      if (c >= primary || this.throughLeft <= 0) return
      const t = this.pickTruck(cold, t0, end)
      if (t < 0) return
      let room = this.truckCap[t]!
      let parts = 0
      while (c < nl && room > 0 && this.throughLeft > 0) {
        const i = this.linePos[c]!
        const avail = this.dcOnHand[this.lineDc[c]!]!
        const q = Math.min(this.lineNeed[c]!, avail, room, this.throughLeft)
        if (q > 0) {
          this.partPos[parts] = i
          this.partQty[parts] = q
          this.partMust[parts++] = this.lineMust[c]!
          this.lineNeed[c]! -= q
          room -= q
          this.throughLeft -= q
        }
        if (this.lineNeed[c] === 0 || q === avail) c++
      }
      if (parts === 0) return
      this.ship(day, this.shipSeq++, t, ls, parts, t0, rng)
    }
  }

  /** Commits one truckload: truck moves, DC outbound rows, store inbound rows and the delivery. */
  private ship(
    day: number,
    seq: number,
    t: number,
    ls: number,
    parts: number,
    t0: number,
    rng: Rng.Stream
  ): number {
    const o = this.options
    let units = 0
    for (let p = 0; p < parts; p++) units += this.partQty[p]!
    const dcId = this.dcId
    const storeId = this.stores[ls]!
    const trace = traceId(3, day, dcId, seq)
    const shipment = Ids.append(Ids.append(day, dcId, 4), seq, 5)
    const truckId = this.truckRow0 + t + 1
    const travel = this.travel[ls]!
    const handling = Math.round(units * o.secondsPerUnit)
    const loadSec = o.loadingMinutes * 60 + handling
    const unloadSec = o.unloadingMinutes * 60 + handling
    const u = rng.float()
    const delay = Math.floor(o.maxDelayMinutes * 60 * u * u)
    const f = this.freeAt[t]!
    const scheduled = Math.max(f, t0)
    const loading = scheduled + o.scheduleMinutes * 60
    const departed = loading + loadSec
    const eta = departed + travel
    const arrived = eta + delay
    const unloading = arrived + o.dockWaitMinutes * 60
    const completed = unloading + unloadSec
    const etd = eta + o.dockWaitMinutes * 60 + unloadSec
    this.freeAt[t] = completed + travel
    const times = this.times
    times[T.SCHEDULED] = scheduled
    times[T.LOADING] = loading
    times[T.IN_TRANSIT] = departed
    times[T.ARRIVED] = arrived
    times[T.UNLOADING] = unloading
    times[T.COMPLETED] = completed
    const tr = this.pendTruck
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
    const q = this.queues[ls]!
    const shift = this.rowShift[ls]!
    const { coldOf, backlogDc } = this.shared
    for (let p = 0; p < parts; p++) {
      const i = this.partPos[p]!
      const qty = this.partQty[p]!
      const product = this.snapProduct[i + shift]!
      const j = this.dcIndexOf[product]!
      this.dcOnHand[j]! -= qty
      if (this.partMust[p] === 1) {
        this.backlog[i]! -= qty
        backlogDc[j]! -= qty
        if (this.backlog[i] === 0) this.must[ls * 2 + coldOf[product - 1]!]!--
      }
      this.inTransit[i]! += qty
      this.touched[i >>> 5]! |= 1 << (i & 31)
      q.push(unloading, i, qty)
      this.pushDc(loading, trace, product, -qty, T.DC_OUTBOUND)
      this.pushStore(unloading, trace, storeId, product, qty, T.STORE_INBOUND, truckId)
    }
    this.dirty[ls] = 1
    for (let p = 0; p < parts; p++)
      this.got[ls * 2 + coldOf[this.snapProduct[this.partPos[p]! + shift]! - 1]!] = 1
    return units
  }

  private pushStore(
    ts: number,
    trace: number,
    store: number,
    product: number,
    qty: number,
    reason: number,
    source: number
  ): void {
    const o = this.pendStore.add(ts, trace)
    const d = this.pendStore.data
    d[o] = store
    d[o + 1] = product
    d[o + 2] = qty
    d[o + 3] = reason
    d[o + 4] = source
  }

  private pushDc(ts: number, trace: number, product: number, qty: number, reason: number): void {
    const o = this.pendDc.add(ts, trace)
    const d = this.pendDc.data
    d[o] = this.dcId
    d[o + 1] = product
    d[o + 2] = qty
    d[o + 3] = reason
  }

  /**
   * Supplier orders placed at the end of `day`: a DC product whose position (on hand + pending
   * additions − stores' backorders) is at or below its reorder point is ordered up to the reorder
   * point + `dcCoverDays` × its smoothed demand (the stores' smoothed demand + online); with a
   * forecast, the reorder point is scaled by the outlook over the supplier lead window and the
   * demand by the outlook over the `dcCoverDays` after the delivery (see `outlook`). One
   * supplier shipment per company, arriving on `day + supplierLeadDays` between 06:00 and 18:00.
   */
  private replenish(day: number, rng: Rng.Stream): void {
    const arrival = day + this.options.supplierLeadDays
    const k = this.options.dcCoverDays
    const company = this.master.products.companyId
    const { demandDc, backlogDc } = this.shared
    let seq = 0
    for (let j = 0; j < this.nDc; j++) {
      const position = this.dcOnHand[j]! + this.dcPipeline[j]! - backlogDc[j]!
      const product = this.dcSnapProduct[this.dcRow0 + j]!
      const rop = this.dcSnapRop[this.dcRow0 + j]!
      const b = this.forecast === null ? -1 : this.bucketOf[product - 1]!
      const r = b < 0 ? rop : Math.ceil(rop * this.fDcLead[b]!)
      if (position > r) continue
      const demand =
        b < 0
          ? demandDc[j]! + this.dcOnlineDemand[j]!
          : demandDc[j]! * this.fDcCover[b]! + this.dcOnlineDemand[j]! * this.fDcOnline[b]!
      const qty = r + Math.max(1, Math.ceil(k * demand)) - position
      if (qty <= 0) continue
      const c = company[product - 1]!
      if (this.companyOrder[c] === -1) {
        this.companyOrder[c] = seq++
        this.companyTs[c] = arrival * DAY + rng.int(6 * 3600, 18 * 3600 - 1)
      }
      const ts = this.companyTs[c]!
      this.dcPipeline[j]! += qty
      this.dcQueue.push(ts, j, qty)
      this.pushDc(ts, traceId(9, arrival, this.dcId, this.companyOrder[c]!), product, qty, T.DC_INBOUND)
    }
    if (seq > 0) {
      this.companyOrder.fill(-1)
      this.sortDcQueue()
    }
  }

  /**
   * Day `day`'s shrink (DAMAGED) and cycle counts (ADJUSTMENT ±), decided now: deductions are
   * taken at once (never more than on hand), additions wait for their time (never above shelf
   * capacity in stores).
   */
  private adjust(day: number, rng: RngOf): void {
    const o = this.options
    for (let ls = 0; ls < this.stores.length; ls++) {
      const storeId = this.stores[ls]!
      const base = this.storeBase[ls]!
      const shift = this.rowShift[ls]!
      const n = this.storeBase[ls + 1]! - base
      if (n === 0) continue
      const r = rng("adjust", storeId, day)
      const damaged = Distribution.poisson(r, o.storeShrinkPerDay)
      const counts = Distribution.poisson(r, o.storeCycleCountsPerDay)
      const m = damaged + counts
      if (m === 0) continue
      if (this.evPos.length < m) {
        this.evPos = new Int32Array(m * 2)
        this.evTs = new Float64Array(m * 2)
        this.evSize = new Int32Array(m * 2)
      }
      for (let e = 0; e < m; e++) {
        this.evPos[e] = base + r.int(0, n - 1)
        this.evTs[e] = day * DAY + r.int(0, DAY - 1)
        const size = 1 + Distribution.poisson(r, 0.5)
        this.evSize[e] = e >= damaged && r.chance(0.5) ? size : -size
      }
      // Additions first: their room is measured before today's deductions, so a count that
      // lands before a deduction's EventTS cannot lift the replayed stock above capacity.
      let seq = 0
      for (let e = 0; e < m; e++) {
        const size = this.evSize[e]!
        if (size < 0) continue
        const i = this.evPos[e]!
        const q = Math.min(
          size,
          this.capAt(i + shift) - this.onHand[i]! - this.inTransit[i]! - this.backlog[i]!
        )
        if (q <= 0) continue
        this.inTransit[i]! += q
        this.touched[i >>> 5]! |= 1 << (i & 31)
        this.queues[ls]!.push(this.evTs[e]!, i, q)
        this.dirty[ls] = 1
        this.pushStore(
          this.evTs[e]!,
          traceId(8, day, storeId, seq++),
          storeId,
          this.snapProduct[i + shift]!,
          q,
          T.STORE_ADJUSTMENT,
          SOURCE_CYCLE
        )
      }
      for (let e = 0; e < m; e++) {
        const size = this.evSize[e]!
        if (size > 0) continue
        const i = this.evPos[e]!
        const q = Math.min(-size, this.onHand[i]!)
        if (q <= 0) continue
        this.onHand[i]! -= q
        this.touched[i >>> 5]! |= 1 << (i & 31)
        const shrink = e < damaged
        this.pushStore(
          this.evTs[e]!,
          traceId(8, day, storeId, seq++),
          storeId,
          this.snapProduct[i + shift]!,
          -q,
          shrink ? T.STORE_DAMAGED : T.STORE_ADJUSTMENT,
          shrink ? SOURCE_SHRINK : SOURCE_CYCLE
        )
      }
    }
    if (this.nDc === 0) return
    const r = rng("dc-adjust", this.dcId, day)
    const damaged = Distribution.poisson(r, o.dcShrinkPerDay)
    const counts = Distribution.poisson(r, o.dcCycleCountsPerDay)
    let seq = 0
    let added = false
    for (let e = 0; e < damaged + counts; e++) {
      const j = r.int(0, this.nDc - 1)
      const ts = day * DAY + r.int(0, DAY - 1)
      const size = 1 + Distribution.poisson(r, 2)
      const up = e >= damaged && r.chance(0.5)
      const product = this.dcSnapProduct[this.dcRow0 + j]!
      if (up) {
        this.dcPipeline[j]! += size
        this.dcQueue.push(ts, j, size)
        added = true
        this.pushDc(ts, traceId(7, day, this.dcId, seq++), product, size, T.DC_ADJUSTMENT)
      } else {
        const q = Math.min(size, this.dcOnHand[j]!)
        if (q <= 0) continue
        this.dcOnHand[j]! -= q
        this.pushDc(
          ts,
          traceId(7, day, this.dcId, seq++),
          product,
          -q,
          e < damaged ? T.DC_DAMAGED : T.DC_ADJUSTMENT
        )
      }
    }
    if (added) this.sortDcQueue()
  }

  private sortQueues(): void {
    for (let ls = 0; ls < this.stores.length; ls++) {
      if (this.dirty[ls] === 0) continue
      this.dirty[ls] = 0
      this.queues[ls] = sortTriples(this.queues[ls]!, this.heads[ls]!)
    }
  }

  private sortDcQueue(): void {
    this.dcQueue = sortTriples(this.dcQueue, this.dcHead)
  }

  // ---------------------------------------------------------------- rows of a day

  /**
   * Moves the pending rows with EventTS before `end` into `store`/`dc`/`truck` (which carry one
   * extra trailing field, the tie-break key `entity · 2^32 + 2 · 2^30 + index`).
   */
  takeRows(end: number, store: Rows, dc: Rows, truck: Rows): void {
    movePend(this.pendStore, end, store)
    movePend(this.pendDc, end, dc)
    move(this.pendTruck, end, truck, 3)
  }

  // ---------------------------------------------------------------- save / restore

  /** A hash of the master data the region was built from (snapshot rows, DC rows, fleet). */
  private fingerprint(): number {
    if (this.fingerprint_ >= 0) return this.fingerprint_
    // FNV-1a over 32-bit words: the store rows (hashed by the constructor), DC rows, trucks
    let h = this.storeHash
    const P = FNV
    const dcSnap = this.master.dcInventory
    for (let row = this.dcRow0; row < this.dcRow0 + this.nDc; row++) {
      h = Math.imul(h ^ dcSnap.productId[row]!, P)
      h = Math.imul(h ^ dcSnap.currentQuantity[row]!, P)
      h = Math.imul(h ^ dcSnap.reorderPoint[row]!, P)
    }
    for (let t = 0; t < this.nTrucks; t++) h = Math.imul(h ^ (this.truckCap[t]! * 2 + this.truckCold[t]!), P)
    this.fingerprint_ = h >>> 0
    return this.fingerprint_
  }

  /**
   * The state: the ledgers as their differences from what `restore` rebuilds from master data
   * (snapshot on-hand, nothing in transit or ordered, the smoothed demand of a position never
   * asked for after `reviews` days); queues and pending rows as varint column differences.
   */
  save(): SavedRegion {
    const counts = new Float64Array(this.stores.length)
    let total = 0
    for (let ls = 0; ls < this.stores.length; ls++) {
      counts[ls] = this.queues[ls]!.length / 3
      total += this.queues[ls]!.length
    }
    const flat = new Float64Array(total)
    let at = 0
    for (let ls = 0; ls < this.stores.length; ls++) {
      const q = this.queues[ls]!
      for (let e = 0; e < q.length; e++) flat[at++] = q[e]!
    }
    const [diff, dTransit, dBacklog, dDemand] = this.shared.differs
    const { onHand, inTransit, backlog, demand, snapQty, snapRop, touched, storeBase, rowShift } = this
    const quiet = this.shared.quietDemand(this.maxRop, this.reviews)
    // Only touched positions can differ from the baseline: one walk over their bits, ascending.
    diff.reset()
    dTransit.reset()
    dBacklog.reset()
    dDemand.reset()
    let ls = 0
    for (let w = 0; w < touched.length; w++) {
      let bits = touched[w]!
      while (bits !== 0) {
        const low = bits & -bits
        const i = w * 32 + 31 - Math.clz32(low)
        bits ^= low
        while (storeBase[ls + 1]! <= i) ls++
        const row = i + rowShift[ls]!
        if (onHand[i] !== snapQty[row]) diff.int(i, onHand[i]!)
        if (inTransit[i] !== 0) dTransit.int(i, inTransit[i]!)
        if (backlog[i] !== 0) dBacklog.int(i, backlog[i]!)
        if (quiet !== null && demand[i] !== quiet[Math.max(0, snapRop[row]!)]) dDemand.float(i, demand[i]!)
      }
    }
    const savedOnHand = diff.packInts(onHand)
    const savedInTransit = dTransit.packInts(inTransit)
    const savedBacklog = dBacklog.packInts(backlog)
    const savedDemand = quiet === null ? Codec.dense(demand) : dDemand.packFloats(demand)
    dTransit.reset()
    dBacklog.reset()
    dDemand.reset()
    diff.reset()
    const dcQty = this.master.dcInventory.currentQuantity
    for (let j = 0; j < this.nDc; j++)
      if (this.dcOnHand[j] !== dcQty[this.dcRow0 + j]) diff.int(j, this.dcOnHand[j]!)
    const savedDcOnHand = diff.packInts(this.dcOnHand)
    diff.reset()
    for (let j = 0; j < this.nDc; j++) if (this.dcPipeline[j] !== 0) diff.int(j, this.dcPipeline[j]!)
    const savedDcPipeline = diff.packInts(this.dcPipeline)
    diff.reset()
    for (let j = 0; j < this.nDc; j++)
      if (this.dcOnlineDemand[j] !== 0) diff.float(j, this.dcOnlineDemand[j]!)
    const savedDcOnline = diff.packFloats(this.dcOnlineDemand)
    diff.reset()
    const w = diff.out
    return {
      region: this.region,
      nPos: this.nPos,
      fingerprint: this.fingerprint(),
      reviews: this.reviews,
      onHand: savedOnHand,
      inTransit: savedInTransit,
      backlog: savedBacklog,
      demand: savedDemand,
      lastTs: Codec.encode(this.lastTs),
      queueCounts: Codec.packRows(counts, 1, w),
      queues: Codec.packRows(flat, 3, w),
      dcOnHand: savedDcOnHand,
      dcPipeline: savedDcPipeline,
      dcOnlineDemand: savedDcOnline,
      dcQueue: Codec.packRows(Float64Array.from(this.dcQueue), 3, w),
      dcLastTs: Number.isFinite(this.dcLastTs) ? this.dcLastTs : null,
      freeAt: Codec.encode(this.freeAt),
      visits: [...this.needing, ...this.served],
      pendStore: Codec.packPend(this.pendStore, w),
      pendDc: Codec.packPend(this.pendDc, w),
      pendTruck: Codec.packRows(this.pendTruck.view(), TRUCK_STRIDE, w)
    }
  }

  /** Marks every position whose ledgers differ from the baseline (after a restore). */
  private retouch(quiet: Float32Array | null): void {
    this.touched.fill(0)
    for (let ls = 0; ls < this.stores.length; ls++) {
      const shift = this.rowShift[ls]!
      for (let i = this.storeBase[ls]!; i < this.storeBase[ls + 1]!; i++) {
        const row = i + shift
        if (
          this.onHand[i] !== this.snapQty[row] ||
          this.inTransit[i] !== 0 ||
          this.backlog[i] !== 0 ||
          quiet === null ||
          this.demand[i] !== quiet[Math.max(0, this.snapRop[row]!)]
        )
          this.touched[i >>> 5]! |= 1 << (i & 31)
      }
    }
  }

  restore(s: SavedRegion): void {
    if (s.nPos !== this.nPos)
      throw new RangeError(
        `region ${this.region} has ${this.nPos} store positions, the saved state ${s.nPos}`
      )
    if (s.fingerprint !== this.fingerprint())
      throw new RangeError(`region ${this.region} was saved from other master data`)
    if (!Number.isInteger(s.reviews) || s.reviews < 0)
      throw new RangeError("saved state: reviews is not a day count")
    this.reviews = s.reviews
    this.resetLedgers()
    const quiet = this.shared.quietDemand(this.maxRop, this.reviews)
    if (quiet !== null && this.reviews > 0)
      for (let ls = 0; ls < this.stores.length; ls++) {
        const shift = this.rowShift[ls]!
        for (let i = this.storeBase[ls]!; i < this.storeBase[ls + 1]!; i++) {
          const rop = this.snapRop[i + shift]!
          this.demand[i] = quiet[Math.max(0, rop)]!
        }
      }
    Codec.unpackInts(s.onHand, "onHand", this.onHand)
    Codec.unpackInts(s.inTransit, "inTransit", this.inTransit)
    Codec.unpackInts(s.backlog, "backlog", this.backlog)
    Codec.unpackFloats(s.demand, "demand", this.demand)
    this.retouch(quiet)
    this.lastTs = Codec.float64(s.lastTs, "lastTs", this.stores.length)
    const counts = Codec.unpackRows(s.queueCounts, "queueCounts", 1, this.stores.length)
    const flat = Codec.unpackRows(s.queues, "queues", 3)
    let at = 0
    for (let ls = 0; ls < this.stores.length; ls++) {
      const len = counts[ls]! * 3
      this.queues[ls] = Array.from(flat.subarray(at, at + len))
      this.heads[ls] = 0
      at += len
    }
    if (at !== flat.length) throw new RangeError("saved state: queues do not match their counts")
    this.dcOnHand = this.master.dcInventory.currentQuantity.slice(this.dcRow0, this.dcRow0 + this.nDc)
    Codec.unpackInts(s.dcOnHand, "dcOnHand", this.dcOnHand)
    this.dcPipeline = new Int32Array(this.nDc)
    Codec.unpackInts(s.dcPipeline, "dcPipeline", this.dcPipeline)
    this.dcOnlineDemand = new Float32Array(this.nDc)
    Codec.unpackFloats(s.dcOnlineDemand, "dcOnlineDemand", this.dcOnlineDemand)
    this.dcQueue = Array.from(Codec.unpackRows(s.dcQueue, "dcQueue", 3))
    this.dcHead = 0
    this.dcLastTs = s.dcLastTs ?? Number.NEGATIVE_INFINITY
    this.freeAt = Codec.float64(s.freeAt, "freeAt", this.nTrucks)
    if (!Array.isArray(s.visits) || s.visits.length !== 4)
      throw new RangeError("saved state: visits is not 4 numbers")
    this.needing.set(s.visits.slice(0, 2))
    this.served.set(s.visits.slice(2, 4))
    this.pendStore.load(Codec.unpackRows(s.pendStore, "pendStore", STORE_STRIDE))
    this.pendDc.load(Codec.unpackRows(s.pendDc, "pendDc", DC_STRIDE))
    this.pendTruck.load(Codec.unpackRows(s.pendTruck, "pendTruck", TRUCK_STRIDE))
  }
}

/**
 * The JSON-compatible state of a region (state version 2): ledgers as differences from their
 * master-data baseline (`Codec.Packed`), rows and queues as varint column differences
 * (`Codec.packRows`), the times of the latest take and of the trucks deflated; all base64.
 */
export interface SavedRegion {
  readonly region: number
  readonly nPos: number
  /** Hash of the region's master data: a state restores only on the master it was saved from. */
  readonly fingerprint: number
  /** End-of-day reviews run (fixes the demand baseline of positions never asked for). */
  readonly reviews: number
  readonly onHand: Codec.Packed
  readonly inTransit: Codec.Packed
  readonly backlog: Codec.Packed
  readonly demand: Codec.Packed
  readonly lastTs: string
  readonly queueCounts: string
  readonly queues: string
  readonly dcOnHand: Codec.Packed
  readonly dcPipeline: Codec.Packed
  readonly dcOnlineDemand: Codec.Packed
  readonly dcQueue: string
  readonly dcLastTs: number | null
  readonly freeAt: string
  readonly visits: ReadonlyArray<number>
  readonly pendStore: string
  readonly pendDc: string
  readonly pendTruck: string
}

/** The unapplied triples `[ts, a, b]` from entry `head` on, sorted by ts (stable). */
const sortTriples = (q: Array<number>, head: number): Array<number> => {
  const n = q.length / 3 - head
  if (n <= 1) return head === 0 ? q : q.slice(head * 3)
  const idx = new Int32Array(n)
  for (let e = 0; e < n; e++) idx[e] = head + e
  idx.sort((a, b) => q[a * 3]! - q[b * 3]! || a - b)
  const out = new Array<number>(n * 3)
  for (let e = 0; e < n; e++) {
    const s = idx[e]! * 3
    out[e * 3] = q[s]!
    out[e * 3 + 1] = q[s + 1]!
    out[e * 3 + 2] = q[s + 2]!
  }
  return out
}

/**
 * Moves pending rows with ts < end to `to` (as numbers, adding the tie-break key of `move`; the
 * entity is field 2), keeping the rest in order.
 */
const movePend = (from: PendRows, end: number, to: Rows): void => {
  const st = from.stride
  const f = from.fields
  const d = from.data
  let kept = 0
  for (let r = 0; r < from.length; r++) {
    const o = r * st
    if (d[o]! + from.base < end) {
      const t = to.add()
      const out = to.data
      out[t] = d[o]! + from.base
      out[t + 1] = from.trace(r)
      for (let k = 2; k < f; k++) out[t + k] = d[o + k + 1]!
      out[t + f] = d[o + 3]! * 4294967296 + 2 * 1073741824 + r
    } else {
      if (kept !== r) d.copyWithin(kept * st, o, o + st)
      kept++
    }
  }
  from.length = kept
}

/** Moves rows with ts < end from `from` to `to` (adding the tie-break key), keeping the rest in order. */
const move = (from: Rows, end: number, to: Rows, entityField: number): void => {
  const st = from.stride
  const d = from.data
  let kept = 0
  for (let r = 0; r < from.length; r++) {
    const o = r * st
    if (d[o]! < end) {
      const t = to.add()
      const out = to.data
      for (let f = 0; f < st; f++) out[t + f] = d[o + f]!
      out[t + st] = d[o + entityField]! * 4294967296 + 2 * 1073741824 + r
    } else {
      if (kept !== r) d.copyWithin(kept * st, o, o + st)
      kept++
    }
  }
  from.length = kept
}
