/**
 * Which customer makes a store visit, and where customers belong.
 *
 * Every customer lists their nearest stores (master `NearestStoreID1…3`, nearest first). A
 * store's candidates are the customers who list it; a visit draws the rank (nearest, second,
 * third) with probability ∝ `RANK_WEIGHTS[rank] × customers listing the store at that rank`,
 * then a customer of that rank uniformly. So a customer's visits go mostly to their nearest
 * store, then the second (≈ 90 % to the two nearest with the default 0.6 / 0.3 / 0.1). A store
 * nobody lists (possible in tiny chains) draws from all customers.
 *
 * A customer belongs to the region of their nearest store (its DC: region = DCID − 1). Online
 * orders of a region come from its customers (`RegionCustomers`).
 *
 * @example
 * import { Rng } from "@retail-datagen/core"
 * import { StoreChoice } from "@retail-datagen/customers"
 * const candidates = StoreChoice.candidates(master, () => true)
 * const row = candidates.pick(0, Rng.make(42, "example")) // a customer row listing store 1
 */
import type { Rng } from "@retail-datagen/core"
import type { Master } from "@retail-datagen/master"

/** Weight of a visit at a customer's nearest, second and third nearest store. */
export const RANK_WEIGHTS: ReadonlyArray<number> = [0.6, 0.3, 0.1]

const R = RANK_WEIGHTS.length

/** The home store (ID) of customer row `i`: their nearest store. */
export const homeStore = (master: Master.Master, i: number): number =>
  master.customers.nearestStoreIds[i * master.customers.nearestCount]!

/** The region (DC index, 0-based) of customer row `i`: the region of their home store. */
export const regionOf = (master: Master.Master, i: number): number =>
  master.stores.dcId[homeStore(master, i) - 1]! - 1

/** Region (0-based) of store row `s`. */
export const storeRegion = (master: Master.Master, s: number): number => master.stores.dcId[s]! - 1

/** Per store, the customers who list it among their nearest stores, grouped by rank. */
export class Candidates {
  /** Group (store row s, rank r) is `ids[start[s·3 + r] … start[s·3 + r + 1])`. */
  readonly start: Int32Array
  /** Customer rows. */
  readonly ids: Int32Array
  /** Cumulative rank mass per store: `mass[s·3 + r]`. */
  readonly mass: Float64Array
  private readonly customers: number

  constructor(start: Int32Array, ids: Int32Array, customers: number) {
    this.start = start
    this.ids = ids
    this.customers = customers
    const stores = (start.length - 1) / R
    this.mass = new Float64Array(stores * R)
    for (let s = 0; s < stores; s++) {
      let m = 0
      for (let r = 0; r < R; r++) {
        m += RANK_WEIGHTS[r]! * (start[s * R + r + 1]! - start[s * R + r]!)
        this.mass[s * R + r] = m
      }
    }
  }

  /** Number of candidate customers of store row `s` (0 means `pick` draws from everyone). */
  count(s: number): number {
    return this.start[s * R + R]! - this.start[s * R]!
  }

  /** A customer row for a visit at store row `s` (two draws). */
  pick(s: number, rng: Rng.Stream): number {
    const total = this.mass[s * R + R - 1]!
    const u = rng.float()
    const v = rng.float()
    if (!(total > 0)) return Math.floor(v * this.customers)
    const t = u * total
    let r = 0
    while (r < R - 1 && this.mass[s * R + r]! <= t) r++
    const from = this.start[s * R + r]!
    const n = this.start[s * R + r + 1]! - from
    return this.ids[from + Math.floor(v * n)]!
  }
}

/** Candidate lists of the stores for which `include(storeRow)` holds (others stay empty). */
export const candidates = (master: Master.Master, include: (storeRow: number) => boolean): Candidates => {
  const c = master.customers
  const k = c.nearestCount
  const stores = master.stores.length
  const inc = Uint8Array.from({ length: stores }, (_, s) => (include(s) ? 1 : 0))
  const start = new Int32Array(stores * R + 1)
  for (let i = 0; i < c.length; i++) {
    for (let r = 0; r < k && r < R; r++) {
      const s = c.nearestStoreIds[i * k + r]! - 1
      if (inc[s] === 1) start[s * R + r + 1]!++
    }
  }
  for (let g = 0; g < stores * R; g++) start[g + 1] = start[g + 1]! + start[g]!
  const fill = start.slice(0, stores * R)
  const ids = new Int32Array(start[stores * R]!)
  for (let i = 0; i < c.length; i++) {
    for (let r = 0; r < k && r < R; r++) {
      const s = c.nearestStoreIds[i * k + r]! - 1
      if (inc[s] === 1) ids[fill[s * R + r]!++] = i
    }
  }
  return new Candidates(start, ids, c.length)
}

/** Customers of each region: region `g` holds `ids[start[g] … start[g + 1])`, in id order. */
export interface RegionCustomers {
  readonly start: Int32Array
  readonly ids: Int32Array
}

/** The customers of the regions for which `include(region)` holds (others stay empty). */
export const regionCustomers = (
  master: Master.Master,
  include: (region: number) => boolean
): RegionCustomers => {
  const regions = master.dcs.length
  const inc = Uint8Array.from({ length: regions }, (_, g) => (include(g) ? 1 : 0))
  const n = master.customers.length
  const region = new Int32Array(n)
  const start = new Int32Array(regions + 1)
  for (let i = 0; i < n; i++) {
    const g = regionOf(master, i)
    region[i] = g
    if (inc[g] === 1) start[g + 1]!++
  }
  for (let g = 0; g < regions; g++) start[g + 1] = start[g + 1]! + start[g]!
  const fill = start.slice(0, regions)
  const ids = new Int32Array(start[regions]!)
  for (let i = 0; i < n; i++) if (inc[region[i]!] === 1) ids[fill[region[i]!]!++] = i
  return { start, ids }
}

/** Number of customers per region (all regions). */
export const regionSizes = (master: Master.Master): Int32Array => {
  const out = new Int32Array(master.dcs.length)
  for (let i = 0; i < master.customers.length; i++) out[regionOf(master, i)]!++
  return out
}
