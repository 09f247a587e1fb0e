/**
 * Save and restore of a region's state (`SavedRegion`): the ledgers as differences from the
 * master-data baseline, queues and pending rows as varint column differences.
 */
import { Hash } from "@retail-datagen/core"
import * as Codec from "./codec.js"
import { resetToSnapshots } from "./ledger.js"
import type { Region } from "./region.js"
import { DC_STRIDE, STORE_STRIDE, TRUCK_STRIDE } from "./rows.js"

// ---------------------------------------------------------------- save / restore

/** A hash of the master data the region was built from (snapshot rows, DC rows, fleet). */
const fingerprintOf = (region: Region): number => {
  if (region.fingerprint_ >= 0) return region.fingerprint_
  // FNV-1a over 32-bit words: the store rows (hashed by the constructor), DC rows, trucks
  let h = region.storeHash
  const dcSnap = region.master.dcInventory
  for (let row = region.dcRow0; row < region.dcRow0 + region.nDc; row++) {
    h = Hash.fnv1a(h, dcSnap.productId[row]!)
    h = Hash.fnv1a(h, dcSnap.currentQuantity[row]!)
    h = Hash.fnv1a(h, dcSnap.reorderPoint[row]!)
  }
  for (let t = 0; t < region.nTrucks; t++) h = Hash.fnv1a(h, region.truckCap[t]! * 2 + region.truckCold[t]!)
  region.fingerprint_ = h >>> 0
  return region.fingerprint_
}

/**
 * The state: the ledgers as their differences from what `restoreRegion` rebuilds from master data
 * (snapshot on-hand, nothing in transit or ordered, the smoothed demand of a position never
 * asked for after `reviews` days); queues and pending rows as varint column differences.
 */
export const saveRegion = (region: Region): SavedRegion => {
  const counts = new Float64Array(region.stores.length)
  let total = 0
  for (let ls = 0; ls < region.stores.length; ls++) {
    counts[ls] = region.queues[ls]!.length / 3
    total += region.queues[ls]!.length
  }
  const flat = new Float64Array(total)
  let at = 0
  for (let ls = 0; ls < region.stores.length; ls++) {
    const q = region.queues[ls]!
    for (let e = 0; e < q.length; e++) flat[at++] = q[e]!
  }
  const [diff, dTransit, dBacklog, dDemand] = region.shared.differs
  const { onHand, inTransit, backlog, demand, snapQty, snapRop, touched, storeBase, rowShift } = region
  const quiet = region.shared.quietDemand(region.maxRop, region.reviews)
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
  const dcQty = region.master.dcInventory.currentQuantity
  for (let j = 0; j < region.nDc; j++)
    if (region.dcOnHand[j] !== dcQty[region.dcRow0 + j]) diff.int(j, region.dcOnHand[j]!)
  const savedDcOnHand = diff.packInts(region.dcOnHand)
  diff.reset()
  for (let j = 0; j < region.nDc; j++) if (region.dcPipeline[j] !== 0) diff.int(j, region.dcPipeline[j]!)
  const savedDcPipeline = diff.packInts(region.dcPipeline)
  diff.reset()
  for (let j = 0; j < region.nDc; j++)
    if (region.dcOnlineDemand[j] !== 0) diff.float(j, region.dcOnlineDemand[j]!)
  const savedDcOnline = diff.packFloats(region.dcOnlineDemand)
  diff.reset()
  const w = diff.out
  return {
    region: region.region,
    nPos: region.nPos,
    fingerprint: fingerprintOf(region),
    reviews: region.reviews,
    onHand: savedOnHand,
    inTransit: savedInTransit,
    backlog: savedBacklog,
    demand: savedDemand,
    lastTs: Codec.encode(region.lastTs),
    queueCounts: Codec.packRows(counts, 1, w),
    queues: Codec.packRows(flat, 3, w),
    dcOnHand: savedDcOnHand,
    dcPipeline: savedDcPipeline,
    dcOnlineDemand: savedDcOnline,
    dcQueue: Codec.packRows(Float64Array.from(region.dcQueue), 3, w),
    dcLastTs: Number.isFinite(region.dcLastTs) ? region.dcLastTs : null,
    freeAt: Codec.encode(region.freeAt),
    visits: [...region.needing, ...region.served],
    pendStore: Codec.packPend(region.pendStore, w),
    pendDc: Codec.packPend(region.pendDc, w),
    pendTruck: Codec.packRows(region.pendTruck.view(), TRUCK_STRIDE, w)
  }
}

/** Marks every position whose ledgers differ from the baseline (after a restore). */
const markChangedPositions = (region: Region, quiet: Float32Array | null): void => {
  region.touched.fill(0)
  for (let ls = 0; ls < region.stores.length; ls++) {
    const shift = region.rowShift[ls]!
    for (let i = region.storeBase[ls]!; i < region.storeBase[ls + 1]!; i++) {
      const row = i + shift
      if (
        region.onHand[i] !== region.snapQty[row] ||
        region.inTransit[i] !== 0 ||
        region.backlog[i] !== 0 ||
        quiet === null ||
        region.demand[i] !== quiet[Math.max(0, region.snapRop[row]!)]
      )
        region.touched[i >>> 5]! |= 1 << (i & 31)
    }
  }
}

export const restoreRegion = (region: Region, s: SavedRegion): void => {
  if (s.nPos !== region.nPos)
    throw new RangeError(
      `region ${region.region} has ${region.nPos} store positions, the saved state ${s.nPos}`
    )
  if (s.fingerprint !== fingerprintOf(region))
    throw new RangeError(`region ${region.region} was saved from other master data`)
  if (!Number.isInteger(s.reviews) || s.reviews < 0)
    throw new RangeError("saved state: reviews is not a day count")
  region.reviews = s.reviews
  resetToSnapshots(region)
  const quiet = region.shared.quietDemand(region.maxRop, region.reviews)
  if (quiet !== null && region.reviews > 0)
    for (let ls = 0; ls < region.stores.length; ls++) {
      const shift = region.rowShift[ls]!
      for (let i = region.storeBase[ls]!; i < region.storeBase[ls + 1]!; i++) {
        const rop = region.snapRop[i + shift]!
        region.demand[i] = quiet[Math.max(0, rop)]!
      }
    }
  Codec.unpackInts(s.onHand, "onHand", region.onHand)
  Codec.unpackInts(s.inTransit, "inTransit", region.inTransit)
  Codec.unpackInts(s.backlog, "backlog", region.backlog)
  Codec.unpackFloats(s.demand, "demand", region.demand)
  markChangedPositions(region, quiet)
  region.lastTs = Codec.float64(s.lastTs, "lastTs", region.stores.length)
  const counts = Codec.unpackRows(s.queueCounts, "queueCounts", 1, region.stores.length)
  const flat = Codec.unpackRows(s.queues, "queues", 3)
  let at = 0
  for (let ls = 0; ls < region.stores.length; ls++) {
    const len = counts[ls]! * 3
    region.queues[ls] = Array.from(flat.subarray(at, at + len))
    region.heads[ls] = 0
    at += len
  }
  if (at !== flat.length) throw new RangeError("saved state: queues do not match their counts")
  region.dcOnHand = region.master.dcInventory.currentQuantity.slice(region.dcRow0, region.dcRow0 + region.nDc)
  Codec.unpackInts(s.dcOnHand, "dcOnHand", region.dcOnHand)
  region.dcPipeline = new Int32Array(region.nDc)
  Codec.unpackInts(s.dcPipeline, "dcPipeline", region.dcPipeline)
  region.dcOnlineDemand = new Float32Array(region.nDc)
  Codec.unpackFloats(s.dcOnlineDemand, "dcOnlineDemand", region.dcOnlineDemand)
  region.dcQueue = Array.from(Codec.unpackRows(s.dcQueue, "dcQueue", 3))
  region.dcHead = 0
  region.dcLastTs = s.dcLastTs ?? Number.NEGATIVE_INFINITY
  region.freeAt = Codec.float64(s.freeAt, "freeAt", region.nTrucks)
  if (!Array.isArray(s.visits) || s.visits.length !== 4)
    throw new RangeError("saved state: visits is not 4 numbers")
  region.needing.set(s.visits.slice(0, 2))
  region.served.set(s.visits.slice(2, 4))
  region.pendStore.load(Codec.unpackRows(s.pendStore, "pendStore", STORE_STRIDE))
  region.pendDc.load(Codec.unpackRows(s.pendDc, "pendDc", DC_STRIDE))
  region.pendTruck.load(Codec.unpackRows(s.pendTruck, "pendTruck", TRUCK_STRIDE))
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
