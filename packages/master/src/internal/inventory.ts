/**
 * Store and DC inventory snapshots (see `Inventory` for the rule). Two passes over the stores:
 * the first draws each store's assortment from its carry stream into one scratch column of
 * product indices (sized by the expected count), the second sizes every carried position from
 * the store's quantity stream.
 */
import { Rng } from "@retail-datagen/core"
import type { DcTable } from "../DistributionCenters.js"
import type { SnapshotTable } from "../Inventory.js"
import {
  CARRY_SHARE,
  DC_COVER_DAYS,
  DC_LEAD_DAYS,
  DC_MIN_REORDER_POINT,
  DC_MIN_TOP_UP,
  DEMAND_DISPERSION,
  SAFETY_Z,
  STORE_COVER_DAYS,
  STORE_LEAD_DAYS,
  STORE_MIN_REORDER_POINT,
  STORE_MIN_TOP_UP
} from "../Inventory.js"
import type { MasterSpec } from "../MasterSpec.js"
import type { ProductTable } from "../Products.js"
import type { StoreTable } from "../Stores.js"

/** Popularity rank of every product scaled to [0, 1], 0 = most popular (ties by id). */
const popularityRank = (products: ProductTable): Float64Array => {
  const n = products.length
  const pop = products.popularity
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => pop[b]! - pop[a]! || a - b)
  const r = new Float64Array(n)
  const denom = Math.max(1, n - 1)
  for (let k = 0; k < n; k++) r[order[k]!] = k / denom
  return r
}

/** Expected number of store positions (the carry probabilities summed), plus a little room. */
const expectedRows = (carryP: ReadonlyArray<Float64Array>, volumeClass: ArrayLike<number>): number => {
  const perClass = carryP.map((cp) => cp.reduce((a, b) => a + b, 0))
  let n = 0
  for (let s = 0; s < volumeClass.length; s++) n += perClass[volumeClass[s]!]!
  return Math.ceil(n * 1.01) + 1024
}

/** A copy of `xs` with room for at least `n` values. */
const grow = (xs: Int32Array, n: number): Int32Array<ArrayBuffer> => {
  const next = new Int32Array(Math.max(n, Math.ceil(xs.length * 1.5)))
  next.set(xs)
  return next
}

const reorderPoint = (d: number, lead: number, min: number): number =>
  Math.max(min, Math.ceil(d * lead + SAFETY_Z * Math.sqrt(DEMAND_DISPERSION * d * lead)))

/** Store positions plus each store's demand per unit of popularity (what DC sizing sums). */
export interface StoreSnapshots {
  readonly table: SnapshotTable
  readonly perUnitPopularity: Float64Array
}

export const generateStoreSnapshots = (
  spec: MasterSpec,
  stores: StoreTable,
  products: ProductTable
): StoreSnapshots => {
  const S = stores.length
  const P = products.length
  const pop = products.popularity
  const rank = popularityRank(products)
  // Carry probability per (class, product) is precomputed: 5 × P floats.
  const carryP = CARRY_SHARE.map((share) => {
    const spread = 2 * Math.min(share, 1 - share)
    return Float64Array.from(rank, (r) => share + (0.5 - r) * spread)
  })
  let meanTraffic = 0
  for (let s = 0; s < S; s++) meanTraffic += stores.trafficWeight[s]!
  meanTraffic /= S

  // Pass 1: draw each store's assortment (the carried products, in product order, into one
  // growing column) and its popularity mass.
  const storeStart = new Int32Array(S + 1)
  const popMass = new Float64Array(S)
  let carried = new Int32Array(expectedRows(carryP, stores.volumeClass))
  let rows = 0
  for (let s = 0; s < S; s++) {
    const rng = Rng.make(spec.seed, "master", "store_inventory", s + 1)
    const cp = carryP[stores.volumeClass[s]!]!
    if (carried.length - rows < P) carried = grow(carried, rows + P)
    let mass = 0
    for (let p = 0; p < P; p++) {
      if (rng.float() < cp[p]!) {
        carried[rows++] = p
        mass += pop[p]!
      }
    }
    storeStart[s + 1] = rows
    popMass[s] = mass
  }
  const sLocation = new Int32Array(rows)
  const sProduct = new Int32Array(rows)
  const sQuantity = new Int32Array(rows)
  const sReorder = new Int32Array(rows)
  const perUnitPop = new Float64Array(S)

  // Pass 2: size each position from the quantity stream, in (store, product) order.
  const start = spec.startDate
  for (let s = 0; s < S; s++) {
    const qrng = Rng.make(spec.seed, "master", "store_inventory", s + 1, "quantity")
    const daily = (spec.unitsPerStoreDay * stores.trafficWeight[s]!) / meanTraffic
    const k = popMass[s]! > 0 ? daily / popMass[s]! : 0
    perUnitPop[s] = k
    const end = storeStart[s + 1]!
    for (let r = storeStart[s]!; r < end; r++) {
      const p = carried[r]!
      const d = k * pop[p]!
      const rop = reorderPoint(d, STORE_LEAD_DAYS, STORE_MIN_REORDER_POINT)
      const cover = qrng.uniform(STORE_COVER_DAYS[0], STORE_COVER_DAYS[1])
      sLocation[r] = s + 1
      sProduct[r] = p + 1
      sReorder[r] = rop
      sQuantity[r] =
        products.launchDate[p]! > start ? 0 : rop + Math.max(STORE_MIN_TOP_UP, Math.round(d * cover))
    }
  }

  return {
    table: {
      length: rows,
      locationId: sLocation,
      productId: sProduct,
      currentQuantity: sQuantity,
      reorderPoint: sReorder,
      locationStart: storeStart,
      lastUpdated: start
    },
    perUnitPopularity: perUnitPop
  }
}

/** DC positions: every product; demand = the sum of the served stores' demand. */
export const generateDcSnapshots = (
  spec: MasterSpec,
  stores: StoreTable,
  dcs: DcTable,
  products: ProductTable,
  storeSnapshots: StoreSnapshots
): SnapshotTable => {
  const S = stores.length
  const P = products.length
  const pop = products.popularity
  const { locationStart: storeStart, productId: sProduct } = storeSnapshots.table
  const perUnitPop = storeSnapshots.perUnitPopularity
  const D = dcs.length
  const storesOfDc: Array<Array<number>> = Array.from({ length: D }, () => [])
  for (let s = 0; s < S; s++) storesOfDc[stores.dcId[s]! - 1]!.push(s)
  const dRows = D * P
  const dLocation = new Int32Array(dRows)
  const dProduct = new Int32Array(dRows)
  const dQuantity = new Int32Array(dRows)
  const dReorder = new Int32Array(dRows)
  const dcStart = new Int32Array(D + 1)
  const demand = new Float64Array(P)
  for (let d = 0; d < D; d++) {
    demand.fill(0)
    for (const s of storesOfDc[d]!) {
      const k = perUnitPop[s]!
      for (let r = storeStart[s]!; r < storeStart[s + 1]!; r++) {
        const p = sProduct[r]! - 1
        demand[p] = demand[p]! + k * pop[p]!
      }
    }
    const rng = Rng.make(spec.seed, "master", "dc_inventory", d + 1)
    const base = d * P
    dcStart[d] = base
    for (let p = 0; p < P; p++) {
      const dd = demand[p]!
      const rop = reorderPoint(dd, DC_LEAD_DAYS, DC_MIN_REORDER_POINT)
      const cover = rng.uniform(DC_COVER_DAYS[0], DC_COVER_DAYS[1])
      dLocation[base + p] = d + 1
      dProduct[base + p] = p + 1
      dReorder[base + p] = rop
      dQuantity[base + p] = rop + Math.max(DC_MIN_TOP_UP, Math.round(dd * cover))
    }
  }
  dcStart[D] = dRows

  return {
    length: dRows,
    locationId: dLocation,
    productId: dProduct,
    currentQuantity: dQuantity,
    reorderPoint: dReorder,
    locationStart: dcStart,
    lastUpdated: spec.startDate
  }
}
