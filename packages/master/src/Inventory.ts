/**
 * Starting inventory positions: one row per (store, product carried) and per (DC, product),
 * sorted by location then product. Fact generation starts its ledgers from these.
 *
 * Sizing rule (all integers, documented constants below):
 * - **Assortment.** A store carries product `p` with probability
 *   `share + (0.5 − r) × spread`, where `share = CARRY_SHARE[volume class]`
 *   (flagship 95 %, high 80 %, medium 60 %, low 40 %, kiosk 15 %), `r` is the product's
 *   popularity rank scaled to [0, 1] (0 = most popular) and `spread = 2 × min(share, 1 − share)`:
 *   every class carries `share` of the catalogue on average, popular products almost everywhere.
 *   DCs stock every product.
 * - **Demand.** A store sells `unitsPerStoreDay × traffic / mean traffic` units a day, split over
 *   the products it carries in proportion to popularity: `d` units a day for one product.
 *   A DC's demand for a product is the sum of `d` over the stores it serves.
 * - **Reorder point** = `ceil(d × lead + SAFETY_Z × sqrt(DEMAND_DISPERSION × d × lead))`, lead
 *   time `STORE_LEAD_DAYS` (3) for stores, `DC_LEAD_DAYS` (7) for DCs; at least 3 (stores) / 6
 *   (DCs). Demand comes in multi-unit lines, so its variance is `DEMAND_DISPERSION` × its mean.
 * - **Quantity** = reorder point + `d × cover` (at least 4 units in a store, 12 in a DC), cover
 *   drawn uniformly in 7–21 days (stores) or 14–28 days (DCs). A product that launches after
 *   the start date starts at 0 in stores (it is carried; the DC holds its launch stock).
 *   The store minimums (reorder point 3, top-up 4) are a presentation stock: a slow mover's shelf
 *   holds at least 7 units, enough for most multi-unit lines.
 * - `LastUpdated` is the start date.
 */
import type { Calendar } from "@retail-datagen/core"

/** Average share of the catalogue carried, per volume class (`Stores.VOLUME_CLASSES` order). */
export const CARRY_SHARE: ReadonlyArray<number> = [0.95, 0.8, 0.6, 0.4, 0.15]
export const STORE_LEAD_DAYS = 3
export const DC_LEAD_DAYS = 7
export const SAFETY_Z = 1.65
/**
 * Variance-to-mean ratio of a position's daily unit demand. Shoppers buy lines of 1–12 units
 * (E[q²] / E[q] ≈ 3 on the default configuration), so demand is compound Poisson and its
 * variance is this factor times its mean.
 */
export const DEMAND_DISPERSION = 3
export const STORE_COVER_DAYS: readonly [number, number] = [7, 21]
export const DC_COVER_DAYS: readonly [number, number] = [14, 28]
export const STORE_MIN_REORDER_POINT = 3
export const DC_MIN_REORDER_POINT = 6
export const STORE_MIN_TOP_UP = 4
export const DC_MIN_TOP_UP = 12

/** Columnar snapshot rows, sorted by (location, product). */
export interface SnapshotTable {
  readonly length: number
  /** Store id or DC id. */
  readonly locationId: Int32Array
  readonly productId: Int32Array
  readonly currentQuantity: Int32Array
  readonly reorderPoint: Int32Array
  /** Rows of location `L` (1-based) are `locationStart[L-1] … locationStart[L]-1`. */
  readonly locationStart: Int32Array
  /** The start date: every position is as of that day. */
  readonly lastUpdated: Calendar.EpochDay
}

/** Row of `(location, product)` or -1 when that location does not carry the product (binary search). */
export const rowOf = (t: SnapshotTable, location: number, product: number): number => {
  let lo = t.locationStart[location - 1]!
  let hi = t.locationStart[location]! - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const p = t.productId[mid]!
    if (p === product) return mid
    if (p < product) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}
