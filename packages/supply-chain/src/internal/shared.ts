/**
 * What the regions of one shard share: per-product tables and the scratch arrays of the day's
 * checks and end-of-day passes. Regions run their end of day one at a time, so one scratch
 * sized for the largest region serves them all (every pass leaves it zeroed or refills it).
 */
import { Inventory, type Master, Products } from "@retail-datagen/master"
import { Differ } from "./codec.js"

/** A store ledger: 16-bit when every shelf capacity of the region fits, else 32-bit. */
export type Ledger = Int16Array | Int32Array

/** Mean daily demand `d` whose reorder point `ceil(d·L + z·√(F·d·L))` is `rop` (inverse of the snapshot rule). */
export const demandFromReorderPoint = (rop: number, leadDays: number): number => {
  const z = Inventory.SAFETY_Z * Math.sqrt(Inventory.DEMAND_DISPERSION)
  const x = (-z + Math.sqrt(z * z + 4 * Math.max(0, rop))) / 2
  return (x * x) / leadDays
}

/** Reorder points above this are not tabulated (demand is computed per position instead). */
const MAX_TABLE_ROP = 1 << 20

/** A growable list of 32-bit integers. */
export class IntList {
  data = new Int32Array(1024)
  length = 0

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2)
      next.set(this.data)
      this.data = next
    }
    this.data[this.length++] = v
  }
}

export class Shared {
  /** 1 when the product needs refrigeration (row = ProductID − 1). */
  readonly coldOf: Uint8Array
  /** Per store position of the region being checked / reviewed (zero between uses). */
  check = new Int32Array(0)
  checkTime = new Float64Array(0)
  requested = new Int32Array(0)
  /** Per DC product of the region being checked / reviewed. */
  dcCheck = new Int32Array(0)
  dcCheckTime = new Float64Array(0)
  dcRequested = new Int32Array(0)
  /** Σ stores' smoothed demand and backorders per DC product (filled by each review). */
  demandDc = new Float64Array(0)
  backlogDc = new Int32Array(0)
  /** One collector per ledger saved in the same walk over the positions. */
  readonly differs: readonly [Differ, Differ, Differ, Differ] = [
    new Differ(),
    new Differ(),
    new Differ(),
    new Differ()
  ]
  /** Store positions the dispatch of the region being reviewed looks at (see `reviewPositions`). */
  readonly candidates = new IntList()
  private initial: Float32Array | null = null
  private quiet: Float32Array | null = null
  private quietDays = 0

  constructor(
    master: Master.Master,
    /** Weight of the latest day in the smoothed demand (`SupplyOptions.smoothing`). */
    readonly smoothing: number
  ) {
    const products = master.products
    this.coldOf = new Uint8Array(products.length)
    for (let p = 0; p < products.length; p++)
      this.coldOf[p] = Products.requiresRefrigeration(products, p) ? 1 : 0
  }

  /** Grows the scratch arrays to hold a region of `nPos` store positions and `nDc` DC products. */
  ensure(nPos: number, nDc: number): void {
    if (this.check.length < nPos) {
      this.check = new Int32Array(nPos)
      this.checkTime = new Float64Array(nPos)
      this.requested = new Int32Array(nPos)
    }
    if (this.dcCheck.length < nDc) {
      this.dcCheck = new Int32Array(nDc)
      this.dcCheckTime = new Float64Array(nDc)
      this.dcRequested = new Int32Array(nDc)
      this.demandDc = new Float64Array(nDc)
      this.backlogDc = new Int32Array(nDc)
    }
  }

  /**
   * The initial smoothed demand of a store position by its reorder point (0 … `maxRop`), as the
   * ledger stores it (32-bit float); `null` when `maxRop` is too large to tabulate.
   */
  initialDemand(maxRop: number): Float32Array | null {
    if (maxRop > MAX_TABLE_ROP) return null
    if (this.initial === null || this.initial.length <= maxRop) {
      const t = new Float32Array(maxRop + 1)
      for (let r = 0; r <= maxRop; r++) t[r] = demandFromReorderPoint(r, Inventory.STORE_LEAD_DAYS)
      this.initial = t
      this.quiet = null
    }
    return this.initial
  }

  /**
   * The smoothed demand of a position never asked for, by reorder point, after `days` reviews:
   * the initial demand smoothed `days` times towards 0 exactly as the review does it.
   */
  quietDemand(maxRop: number, days: number): Float32Array | null {
    const initial = this.initialDemand(maxRop)
    if (initial === null) return null
    if (this.quiet === null || this.quiet.length !== initial.length || this.quietDays > days) {
      this.quiet = initial.slice()
      this.quietDays = 0
    }
    const t = this.quiet
    const a = this.smoothing
    for (; this.quietDays < days; this.quietDays++)
      for (let r = 0; r < t.length; r++) t[r] = t[r]! + a * (0 - t[r]!)
    return t
  }
}
