/**
 * The demand outlook the reorder rules scale by: the patterns calendar the shoppers use
 * (`dayMultiplier` / the year's mean × the department's share of the day's lifted mix), per
 * department bucket and channel, as prefix sums over days from the run's start, and its
 * exponentially smoothed past (the same smoothing as the learned demand, starting at 1: the
 * snapshot's demand is an average day's). `ratio(…)` = the mean over a coming window ÷ the
 * smoothed past, i.e. how much the coming days differ from the days the smoothed demand was
 * learned on. A pure function of (seed, overrides, start, master): nothing to save.
 */
import { Calendar } from "@retail-datagen/core"
import { Inventory, type Master, Taxonomy } from "@retail-datagen/master"
import { Departments, type Patterns } from "@retail-datagen/patterns"
import { demandFromReorderPoint } from "./shared.js"

/** Department buckets: the patterns departments, then one for departments without lifts. */
export const BUCKETS = Departments.COUNT + 1
/** Bounds of a ratio (a guard against degenerate calendars, e.g. a closed-only window). */
export const MIN_RATIO = 0.25
export const MAX_RATIO = 8
const CHUNK = 128

/** Channel codes: 0 stores, 1 online. */
export const STORE = 0
export const ONLINE = 1

export class Forecast {
  /** Bucket of each product (row = ProductID − 1). */
  readonly bucketOf: Uint8Array
  private readonly patterns: Patterns.Patterns
  /** Weight of each bucket in the mix (share of the snapshot's demand). */
  private readonly weight = new Float64Array(BUCKETS)
  private readonly lifts = new Float64Array(Departments.COUNT)
  private readonly yearMeans = new Map<number, number>()
  /** Per channel: prefix sums [(t + 1) × BUCKETS + b] = Σ g over days start … start + t. */
  private prefix: [Float64Array, Float64Array] = [new Float64Array(BUCKETS), new Float64Array(BUCKETS)]
  /** Per channel: smoothed past [t × BUCKETS + b] at the end of day start + t. */
  private past: [Float64Array, Float64Array] = [new Float64Array(0), new Float64Array(0)]
  private len = 0

  constructor(
    master: Master.Master,
    readonly seed: number,
    /** The run's patterns (the shard's `PatternsService`). */
    patterns: Patterns.Patterns,
    readonly start: number,
    readonly smoothing: number
  ) {
    this.patterns = patterns
    const products = master.products
    const map = Taxonomy.DEPARTMENTS.map((name) => {
      const i = Departments.indexOf(name)
      return i < 0 ? Departments.COUNT : i
    })
    this.bucketOf = new Uint8Array(products.length)
    for (let p = 0; p < products.length; p++) this.bucketOf[p] = map[products.department[p]!]!
    const snap = master.storeInventory
    let total = 0
    // demand by reorder point (small integers): tabulated, not computed per row
    let maxRop = 0
    for (let row = 0; row < snap.reorderPoint.length; row++)
      if (snap.reorderPoint[row]! > maxRop) maxRop = snap.reorderPoint[row]!
    const table = maxRop <= 1 << 20 ? new Float64Array(maxRop + 1).fill(Number.NaN) : null
    for (let row = 0; row < snap.productId.length; row++) {
      const rop = snap.reorderPoint[row]!
      let d: number
      if (table === null || rop < 0) d = demandFromReorderPoint(rop, Inventory.STORE_LEAD_DAYS)
      else {
        d = table[rop]!
        if (Number.isNaN(d)) table[rop] = d = demandFromReorderPoint(rop, Inventory.STORE_LEAD_DAYS)
      }
      this.weight[this.bucketOf[snap.productId[row]! - 1]!]! += d
      total += d
    }
    for (let b = 0; b < BUCKETS; b++) this.weight[b] = total > 0 ? this.weight[b]! / total : 1 / BUCKETS
  }

  private yearMean(day: number, channel: number): number {
    const year = Calendar.year(day)
    const key = channel === STORE ? year : -year - 1
    let m = this.yearMeans.get(key)
    if (m === undefined) {
      m = this.patterns.meanDayMultiplier(
        Calendar.fromYmd(year, 1, 1),
        Calendar.fromYmd(year, 12, 31),
        channel === STORE ? "store" : "online"
      )
      if (!(m > 0)) m = 1
      this.yearMeans.set(key, m)
    }
    return m
  }

  /** Extends the tables to cover day index `t` (days from the start). */
  private ensure(t: number): void {
    if (t < this.len) return
    const len = t + CHUNK
    const a = this.smoothing
    for (let ch = 0; ch < 2; ch++) {
      const prefix = new Float64Array((len + 1) * BUCKETS)
      prefix.set(this.prefix[ch]!)
      const past = new Float64Array(len * BUCKETS)
      past.set(this.past[ch]!)
      const channel = ch === STORE ? "store" : "online"
      for (let u = this.len; u < len; u++) {
        const day = this.start + u
        const m = this.patterns.dayMultiplier(day, channel) / this.yearMean(day, ch)
        this.patterns.categoryLifts(day, undefined, this.lifts)
        let mix = this.weight[Departments.COUNT]!
        for (let b = 0; b < Departments.COUNT; b++) mix += this.weight[b]! * this.lifts[b]!
        for (let b = 0; b < BUCKETS; b++) {
          const lift = b < Departments.COUNT ? this.lifts[b]! : 1
          const g = mix > 0 ? (m * lift) / mix : m
          prefix[(u + 1) * BUCKETS + b] = prefix[u * BUCKETS + b]! + g
          const prev = u === 0 ? 1 : past[(u - 1) * BUCKETS + b]!
          past[u * BUCKETS + b] = prev + a * (g - prev)
        }
      }
      this.prefix[ch] = prefix
      this.past[ch] = past
    }
    this.len = len
  }

  /**
   * Mean expected demand multiplier of bucket `b` over days `from … from + days − 1` ÷ its
   * smoothed value at the end of `day` (≤ `from`), bounded to [MIN_RATIO, MAX_RATIO]; 1 for
   * days before the start.
   */
  ratio(channel: number, b: number, day: number, from: number, days: number): number {
    const t = day - this.start
    const f = from - this.start
    const n = Math.max(1, Math.ceil(days))
    if (t < 0 || f < 0) return 1
    this.ensure(f + n)
    const prefix = this.prefix[channel]!
    const mean = (prefix[(f + n) * BUCKETS + b]! - prefix[f * BUCKETS + b]!) / n
    const base = this.past[channel]![t * BUCKETS + b]!
    const r = base > 1e-9 ? mean / base : MAX_RATIO
    return Math.min(MAX_RATIO, Math.max(MIN_RATIO, r))
  }
}
