/**
 * Who can be reached in each region: customers grouped by region (the DC region of their home
 * store) and segment, and a pool of anonymous devices per region.
 *
 * Every shard keeps every region's members, not only its own: shoppers visit stores of other
 * regions, so every shard draws the whole chain's impressions to know every customer's exposure
 * (see `Marketing`). One `Int32Array` over the customers (8 MB at 2M customers).
 */
import { Hash, type Rng } from "@retail-datagen/core"
import { Customers, type Master } from "@retail-datagen/master"

/** The 32-bit salt of a campaign's audience test, from the seed and the campaign id. */
export const campaignSalt = (seed: number, campaignId: number): number =>
  Hash.mix32(Hash.seed32(seed, 0x6d2b79f5) ^ Hash.mix32(campaignId + 0x9e3779b9))

/** A uniform value in [0, 1) for `(salt, n)`: is member `n` in the audience of salt `s`? */
const unit = (s: number, n: number): number => Hash.mix32(Hash.mix32(n ^ s) + s) / 4294967296

/** Anonymous devices per customer of a region (prospects who are not yet customers). */
export const ANONYMOUS_PER_CUSTOMER = 3

/** Audience draws tried before an impression falls back to an anonymous device. */
export const AUDIENCE_TRIES = 32

const SEGMENTS = Customers.SEGMENTS.length

export interface Audience {
  readonly regions: number
  readonly customers: number
  /** Customers per region, all regions. */
  readonly regionCount: Float64Array
  /** First anonymous index `k − 1` of each region's pool (pool size `ANONYMOUS_PER_CUSTOMER × count`). */
  readonly anonStart: Float64Array
  /** Customer rows of every region, grouped by (region, segment). */
  readonly members: Int32Array
  /** Start in `members` of (region, segment) at `region × SEGMENTS + segment`, plus the end. */
  readonly offset: Int32Array
}

/** The region (DC index) of every customer row. */
export const regionOf = (master: Master.Master, row: number): number =>
  master.stores.dcId[Customers.homeStoreId(master.customers, row) - 1]! - 1

/** The audience of every region of `master`. */
export const make = (master: Master.Master): Audience => {
  const regions = master.dcs.length
  const n = master.customers.length
  const segment = master.customers.segment
  const region = new Int32Array(n)
  const regionCount = new Float64Array(regions)
  const cell = new Int32Array(regions * SEGMENTS + 1)
  for (let i = 0; i < n; i++) {
    const r = regionOf(master, i)
    region[i] = r
    regionCount[r]! += 1
    cell[r * SEGMENTS + segment[i]!]! += 1
  }
  const offset = new Int32Array(regions * SEGMENTS + 1)
  for (let j = 0; j < regions * SEGMENTS; j++) offset[j + 1] = offset[j]! + cell[j]!
  const members = new Int32Array(offset[regions * SEGMENTS]!)
  const fill = offset.slice(0, regions * SEGMENTS)
  for (let i = 0; i < n; i++) {
    const r = region[i]!
    members[fill[r * SEGMENTS + segment[i]!]!++] = i
  }
  const anonStart = new Float64Array(regions)
  for (let r = 1; r < regions; r++)
    anonStart[r] = anonStart[r - 1]! + ANONYMOUS_PER_CUSTOMER * regionCount[r - 1]!
  return { regions, customers: n, regionCount, anonStart, members, offset }
}

/**
 * A customer row of region `r` in the segments `mask` and in the audience of the campaign
 * (`unit(salt, row) < reach`), or −1 when none is found in `AUDIENCE_TRIES` draws.
 */
export const pick = (
  a: Audience,
  r: number,
  mask: number,
  salt: number,
  reach: number,
  rng: Rng.Stream
): number => {
  const base = r * SEGMENTS
  let total = 0
  for (let s = 0; s < SEGMENTS; s++) {
    if ((mask >> s) & 1) total += a.offset[base + s + 1]! - a.offset[base + s]!
  }
  if (total === 0) return -1
  for (let t = 0; t < AUDIENCE_TRIES; t++) {
    let j = Math.floor(rng.float() * total)
    for (let s = 0; s < SEGMENTS; s++) {
      if (((mask >> s) & 1) === 0) continue
      const size = a.offset[base + s + 1]! - a.offset[base + s]!
      if (j < size) {
        const row = a.members[a.offset[base + s]! + j]!
        if (unit(salt, row) < reach) return row
        break
      }
      j -= size
    }
  }
  return -1
}
