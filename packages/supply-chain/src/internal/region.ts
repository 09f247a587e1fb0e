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
 *
 * This module holds the state and the lookups; the steps over it live by concern: `ledger.ts`
 * (takes, pending additions, shrink and counts), `replenishment.ts` (outlook, reorder review,
 * supplier orders), `fleet.ts` (dispatch and truckloads), `persistence.ts` (save and restore).
 */
import { Hash, type Rng, Timestamp } from "@retail-datagen/core"
import { Inventory, type Master } from "@retail-datagen/master"
import { Scenario } from "@retail-datagen/scenario"
import type { SupplyOptions } from "../SupplyOptions.js"
import { dispatchTrucks, Trips } from "./fleet.js"
import { BUCKETS, type Forecast } from "./forecast.js"
import { distanceKm } from "./geo.js"
import {
  decideShrinkAndCounts,
  resetToSnapshots,
  settleAdditions,
  shelfCapacity,
  sortStoreQueues,
  takeFromDc,
  takeFromStore
} from "./ledger.js"
import { restoreRegion, type SavedRegion, saveRegion } from "./persistence.js"
import { MAX_EVERY_DAYS, orderFromSuppliers, reviewPositions, updateOutlook } from "./replenishment.js"
import { DC_STRIDE, movePending, moveRows, PendRows, Rows, STORE_STRIDE, TRUCK_STRIDE } from "./rows.js"
import { type Ledger, Shared } from "./shared.js"

export type { SavedRegion }

const DAY = Timestamp.SECONDS_PER_DAY

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
  /** The scenario's per-day lookups (DC closures and capacity cuts), or null for a baseline run. */
  readonly scenario: Scenario.Plan | null

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
  touched: Uint32Array
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

  // Shared by the review and the dispatch.
  /** Per local store and class (×2 + cold): minus the daily demand at risk on its backorders (lower = more urgent), and backorders the DC can fill (at review). */
  readonly urgency: Float64Array
  /** The candidate lines of local store `ls` are `shared.candidates[candStart[ls] … candStart[ls + 1] - 1]` (set at review). */
  readonly candStart: Int32Array
  readonly must: Int32Array
  /**
   * Per class (ambient, cold): smoothed stores needing a delivery per day and stores served per
   * day; their ratio (at least 1) is the expected days between deliveries to a store.
   */
  readonly needing = new Float64Array(2)
  readonly served = new Float64Array(2)
  /** `max(1, needing / served)` per class, set before each review. */
  readonly every = new Float64Array(2)
  /** Per local store and class (×2 + cold) on the day being dispatched: had backorders; got a delivery. */
  readonly needed: Uint8Array
  readonly got: Uint8Array
  /** Scratch of the dispatch (see `dispatchTrucks`). */
  readonly trips: Trips
  /** Per company: sequence and arrival time of today's supplier shipment (see `orderFromSuppliers`). */
  readonly companyOrder: Int32Array
  readonly companyTs: Float64Array
  /** Per local store: its queue of pending additions has entries out of time order. */
  readonly dirty: Uint8Array
  /** Demand outlook (null: the learned demand as is). */
  forecast: Forecast | null = null
  /** Per class (×BUCKETS + bucket): ratio over the store lead window, over the cover window. */
  readonly fLead = new Float64Array(BUCKETS).fill(1)
  readonly fCover = new Float64Array(2 * BUCKETS).fill(1)
  /** Per bucket: DC ratios over the supplier lead window and the cover after it (stores, online). */
  readonly fDcLead = new Float64Array(BUCKETS).fill(1)
  readonly fDcCover = new Float64Array(BUCKETS).fill(1)
  readonly fDcOnline = new Float64Array(BUCKETS).fill(1)
  /** Bucket (department) of each product (row = ProductID − 1; empty without a forecast). */
  bucketOf: Uint8Array = new Uint8Array(0)
  /** Scratch of the shrink and cycle counts of one store (see `decideShrinkAndCounts`). */
  evPos = new Int32Array(16)
  evTs = new Float64Array(16)
  evSize = new Int32Array(16)
  /** Largest snapshot reorder point of the region's store positions. */
  readonly maxRop: number
  /** Cached `fingerprintOf` (-1: not computed yet); the store rows' part is `storeHash`. */
  fingerprint_ = -1
  readonly storeHash: number

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
    this.scenario = Scenario.isEmpty(options.scenario) ? null : Scenario.compile(options.scenario!)
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
    let h = Hash.FNV_OFFSET ^ n
    let hq = Hash.FNV_OFFSET
    let hr = Hash.FNV_OFFSET
    for (let ls = 0; ls < count; ls++) {
      h = Hash.fnv1a(h, this.stores[ls]!)
      const row0 = this.storeRow0[ls]!
      const row1 = row0 + this.storeBase[ls + 1]! - this.storeBase[ls]!
      for (let row = row0; row < row1; row++) {
        const q = snap.currentQuantity[row]!
        const r = snap.reorderPoint[row]!
        if (q > maxQty) maxQty = q
        if (r > maxRop) maxRop = r
        h = Hash.fnv1a(h, snap.productId[row]!)
        hq = Hash.fnv1a(hq, q)
        hr = Hash.fnv1a(hr, r)
      }
    }
    this.storeHash = Hash.fnv1a(Hash.fnv1a(h, hq), hr)
    this.maxRop = maxRop
    const narrow = shelfCapacity(options.shelfCapacityFactor, maxQty, maxRop) <= 32767
    this.onHand = narrow ? new Int16Array(n) : new Int32Array(n)
    this.inTransit = narrow ? new Int16Array(n) : new Int32Array(n)
    this.backlog = narrow ? new Int16Array(n) : new Int32Array(n)
    this.demand = new Float32Array(n)
    this.touched = new Uint32Array((n + 31) >>> 5)
    resetToSnapshots(this)
    this.shared.ensure(n, this.nDc)

    this.lastTs = new Float64Array(count).fill(Number.NEGATIVE_INFINITY)
    this.queues = Array.from({ length: count }, () => [])
    this.heads = new Int32Array(count)
    this.dirty = new Uint8Array(count)
    this.urgency = new Float64Array(count * 2)
    this.candStart = new Int32Array(count + 1)
    this.must = new Int32Array(count * 2)
    this.needing.fill(count)
    this.served.fill(count)
    this.needed = new Uint8Array(count * 2)
    this.got = new Uint8Array(count * 2)
    this.trips = new Trips(count)

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

  /** Shelf capacity of the position at snapshot row `row`. */
  capAt(row: number): number {
    return shelfCapacity(this.options.shelfCapacityFactor, this.snapQty[row]!, this.snapRop[row]!)
  }

  /** Uses `forecast` to scale reorder points and order-up-to levels (see `updateOutlook`). */
  setForecast(forecast: Forecast): void {
    this.forecast = forecast
    this.bucketOf = forecast.bucketOf
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

  /** Takes up to `qty` units at local store `ls`; see `StockService.takeFromStore`. */
  takeStore(ls: number, productId: number, qty: number, ts: number): number {
    return takeFromStore(this, ls, productId, qty, ts)
  }

  /** Takes up to `qty` units from the DC; see `StockService.takeFromDc`. */
  takeDc(productId: number, qty: number, ts: number): number {
    return takeFromDc(this, productId, qty, ts)
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

  // ---------------------------------------------------------------- end of day

  /**
   * The end of day `day` (after the shoppers): settles additions, updates smoothed demand,
   * reviews every position (reorders), plans the next day's dispatch and trucks, orders from
   * suppliers and decides the next day's shrink and cycle counts.
   */
  endOfDay(day: number, rng: RngOf): void {
    settleAdditions(this, (day + 1) * DAY)
    for (let c = 0; c < 2; c++)
      this.every[c] = Math.min(
        MAX_EVERY_DAYS,
        Math.max(1, this.needing[c]! / Math.max(this.served[c]!, 1e-9))
      )
    updateOutlook(this, day)
    reviewPositions(this)
    this.reviews++
    dispatchTrucks(this, day + 1, rng("delay", this.dcId, day + 1))
    orderFromSuppliers(this, day, rng("supplier", this.dcId, day))
    decideShrinkAndCounts(this, day + 1, rng)
    sortStoreQueues(this)
    this.grants.clear()
    this.dcGrants.clear()
  }

  pushStore(
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

  pushDc(ts: number, trace: number, product: number, qty: number, reason: number): void {
    const o = this.pendDc.add(ts, trace)
    const d = this.pendDc.data
    d[o] = this.dcId
    d[o + 1] = product
    d[o + 2] = qty
    d[o + 3] = reason
  }

  // ---------------------------------------------------------------- rows of a day

  /**
   * Moves the pending rows with EventTS before `end` into `store`/`dc`/`truck` (which carry one
   * extra trailing field, the tie-break key `entity · 2^32 + 2 · 2^30 + index`).
   */
  takeRows(end: number, store: Rows, dc: Rows, truck: Rows): void {
    movePending(this.pendStore, end, store)
    movePending(this.pendDc, end, dc)
    moveRows(this.pendTruck, end, truck, 3)
  }

  /** The state of the region (see `saveRegion`). */
  save(): SavedRegion {
    return saveRegion(this)
  }

  /** Sets the state saved by `save` on a region built from the same master data. */
  restore(saved: SavedRegion): void {
    restoreRegion(this, saved)
  }
}
