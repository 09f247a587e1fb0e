/**
 * The ledgers of a region: takes against on-hand stock, pending additions (deliveries and
 * positive counts, applied lazily in time order) and the day's shrink and cycle counts. See
 * `Region` for the stock-safety argument these steps keep.
 */
import { Distribution, Timestamp } from "@retail-datagen/core"
import { Inventory } from "@retail-datagen/master"
import * as T from "../Tables.js"
import type { Region, RngOf } from "./region.js"
import { SOURCE_CYCLE, SOURCE_SHRINK, traceId } from "./rows.js"
import { demandFromReorderPoint } from "./shared.js"

const DAY = Timestamp.SECONDS_PER_DAY

/** Shelf capacity of a store position (see `SupplyOptions.shelfCapacityFactor`). */
export const shelfCapacity = (factor: number, startQty: number, rop: number): number =>
  Math.max(Math.ceil(factor * startQty), 2 * rop + 1)

/** Store ledgers as of the snapshots: on hand = CurrentQuantity, demand from the reorder point, nothing in transit or ordered. */
export const resetToSnapshots = (region: Region): void => {
  const table = region.shared.initialDemand(region.maxRop)
  const snap = region.master.storeInventory
  for (let ls = 0; ls < region.stores.length; ls++) {
    const base = region.storeBase[ls]!
    const row0 = region.storeRow0[ls]!
    const len = region.storeBase[ls + 1]! - base
    region.onHand.set(snap.currentQuantity.subarray(row0, row0 + len), base)
    for (let i = base; i < base + len; i++) {
      const rop = snap.reorderPoint[i + row0 - base]!
      region.demand[i] =
        table !== null ? table[Math.max(0, rop)]! : demandFromReorderPoint(rop, Inventory.STORE_LEAD_DAYS)
    }
  }
  region.inTransit.fill(0)
  region.backlog.fill(0)
}

// ---------------------------------------------------------------- takes

/** Takes up to `qty` units at local store `ls`; see `StockService.takeFromStore`. */
export const takeFromStore = (
  region: Region,
  ls: number,
  productId: number,
  qty: number,
  ts: number
): number => {
  if (!(qty > 0)) return 0
  qty = Math.floor(qty)
  region.today.requested += qty
  const products = region.master.products
  const i =
    productId >= 1 &&
    productId <= products.length &&
    products.launchDate[productId - 1]! <= Math.floor(ts / DAY)
      ? region.position(ls, productId)
      : -1
  if (i < 0) {
    region.today.notCarried += qty
    return 0
  }
  region.touched[i >>> 5]! |= 1 << (i & 31)
  const rq = region.requests.add()
  region.requests.data[rq] = i
  region.requests.data[rq + 1] = qty
  let avail: number
  if (ts >= region.lastTs[ls]!) {
    region.lastTs[ls] = ts
    const q = region.queues[ls]!
    const h = region.heads[ls]! * 3
    if (h < q.length && q[h]! <= ts) applyStoreAdditions(region, ls, ts)
    avail = region.onHand[i]!
  } else {
    avail = region.onHand[i]! - addedAfter(region, ls, i, ts)
  }
  const g = avail <= 0 ? 0 : Math.min(qty, avail)
  if (g > 0) {
    region.onHand[i]! -= g
    const o = region.grants.add()
    const d = region.grants.data
    d[o] = i
    d[o + 1] = g
    d[o + 2] = ts
    region.today.granted += g
  }
  return g
}

/** Takes up to `qty` units from the DC; see `StockService.takeFromDc`. */
export const takeFromDc = (region: Region, productId: number, qty: number, ts: number): number => {
  if (!(qty > 0)) return 0
  qty = Math.floor(qty)
  region.today.requested += qty
  const products = region.master.products
  const j =
    productId >= 1 &&
    productId <= products.length &&
    products.launchDate[productId - 1]! <= Math.floor(ts / DAY)
      ? region.dcIndexOf[productId]!
      : -1
  if (j < 0) {
    region.today.notCarried += qty
    return 0
  }
  const rq = region.dcRequests.add()
  region.dcRequests.data[rq] = j
  region.dcRequests.data[rq + 1] = qty
  let avail: number
  if (ts >= region.dcLastTs) {
    region.dcLastTs = ts
    const h = region.dcHead * 3
    if (h < region.dcQueue.length && region.dcQueue[h]! <= ts) applyDcAdditions(region, ts)
    avail = region.dcOnHand[j]!
  } else {
    let added = 0
    const q = region.dcQueue
    for (let e = 0; e < region.dcHead; e++) if (q[e * 3 + 1] === j && q[e * 3]! > ts) added += q[e * 3 + 2]!
    avail = region.dcOnHand[j]! - added
  }
  const g = avail <= 0 ? 0 : Math.min(qty, avail)
  if (g > 0) {
    region.dcOnHand[j]! -= g
    const o = region.dcGrants.add()
    const d = region.dcGrants.data
    d[o] = j
    d[o + 1] = g
    d[o + 2] = ts
    region.today.granted += g
  }
  return g
}

/** Units added to position `i` today after `ts` (entries already applied). */
const addedAfter = (region: Region, ls: number, i: number, ts: number): number => {
  const q = region.queues[ls]!
  const h = region.heads[ls]!
  let added = 0
  for (let e = 0; e < h; e++) if (q[e * 3 + 1] === i && q[e * 3]! > ts) added += q[e * 3 + 2]!
  return added
}

/** Applies the pending additions of local store `ls` with ts ≤ `ts`. */
const applyStoreAdditions = (region: Region, ls: number, ts: number): void => {
  const q = region.queues[ls]!
  let h = region.heads[ls]!
  while (h * 3 < q.length && q[h * 3]! <= ts) {
    const i = q[h * 3 + 1]!
    const qty = q[h * 3 + 2]!
    region.onHand[i]! += qty
    region.inTransit[i]! -= qty
    h++
  }
  region.heads[ls] = h
}

const applyDcAdditions = (region: Region, ts: number): void => {
  const q = region.dcQueue
  let h = region.dcHead
  while (h * 3 < q.length && q[h * 3]! <= ts) {
    const j = q[h * 3 + 1]!
    const qty = q[h * 3 + 2]!
    region.dcOnHand[j]! += qty
    region.dcPipeline[j]! -= qty
    h++
  }
  region.dcHead = h
}

/** Applies every addition before `end` and forgets the applied entries (no take of the day follows). */
export const settleAdditions = (region: Region, end: number): void => {
  for (let ls = 0; ls < region.stores.length; ls++) {
    applyStoreAdditions(region, ls, end - 1)
    const h = region.heads[ls]!
    if (h > 0) {
      region.queues[ls]!.splice(0, h * 3)
      region.heads[ls] = 0
    }
  }
  applyDcAdditions(region, end - 1)
  if (region.dcHead > 0) {
    region.dcQueue.splice(0, region.dcHead * 3)
    region.dcHead = 0
  }
}

/**
 * Day `day`'s shrink (DAMAGED) and cycle counts (ADJUSTMENT ±), decided now: deductions are
 * taken at once (never more than on hand), additions wait for their time (never above shelf
 * capacity in stores).
 */
export const decideShrinkAndCounts = (region: Region, day: number, rng: RngOf): void => {
  const o = region.options
  for (let ls = 0; ls < region.stores.length; ls++) {
    const storeId = region.stores[ls]!
    const base = region.storeBase[ls]!
    const shift = region.rowShift[ls]!
    const n = region.storeBase[ls + 1]! - base
    if (n === 0) continue
    const r = rng("adjust", storeId, day)
    const damaged = Distribution.poisson(r, o.storeShrinkPerDay)
    const counts = Distribution.poisson(r, o.storeCycleCountsPerDay)
    const m = damaged + counts
    if (m === 0) continue
    if (region.evPos.length < m) {
      region.evPos = new Int32Array(m * 2)
      region.evTs = new Float64Array(m * 2)
      region.evSize = new Int32Array(m * 2)
    }
    for (let e = 0; e < m; e++) {
      region.evPos[e] = base + r.int(0, n - 1)
      region.evTs[e] = day * DAY + r.int(0, DAY - 1)
      const size = 1 + Distribution.poisson(r, 0.5)
      region.evSize[e] = e >= damaged && r.chance(0.5) ? size : -size
    }
    // Additions first: their room is measured before today's deductions, so a count that
    // lands before a deduction's EventTS cannot lift the replayed stock above capacity.
    let seq = 0
    for (let e = 0; e < m; e++) {
      const size = region.evSize[e]!
      if (size < 0) continue
      const i = region.evPos[e]!
      const q = Math.min(
        size,
        region.capAt(i + shift) - region.onHand[i]! - region.inTransit[i]! - region.backlog[i]!
      )
      if (q <= 0) continue
      region.inTransit[i]! += q
      region.touched[i >>> 5]! |= 1 << (i & 31)
      region.queues[ls]!.push(region.evTs[e]!, i, q)
      region.dirty[ls] = 1
      region.pushStore(
        region.evTs[e]!,
        traceId(8, day, storeId, seq++),
        storeId,
        region.snapProduct[i + shift]!,
        q,
        T.STORE_ADJUSTMENT,
        SOURCE_CYCLE
      )
    }
    for (let e = 0; e < m; e++) {
      const size = region.evSize[e]!
      if (size > 0) continue
      const i = region.evPos[e]!
      const q = Math.min(-size, region.onHand[i]!)
      if (q <= 0) continue
      region.onHand[i]! -= q
      region.touched[i >>> 5]! |= 1 << (i & 31)
      const shrink = e < damaged
      region.pushStore(
        region.evTs[e]!,
        traceId(8, day, storeId, seq++),
        storeId,
        region.snapProduct[i + shift]!,
        -q,
        shrink ? T.STORE_DAMAGED : T.STORE_ADJUSTMENT,
        shrink ? SOURCE_SHRINK : SOURCE_CYCLE
      )
    }
  }
  if (region.nDc === 0) return
  const r = rng("dc-adjust", region.dcId, day)
  const damaged = Distribution.poisson(r, o.dcShrinkPerDay)
  const counts = Distribution.poisson(r, o.dcCycleCountsPerDay)
  let seq = 0
  let added = false
  for (let e = 0; e < damaged + counts; e++) {
    const j = r.int(0, region.nDc - 1)
    const ts = day * DAY + r.int(0, DAY - 1)
    const size = 1 + Distribution.poisson(r, 2)
    const up = e >= damaged && r.chance(0.5)
    const product = region.dcSnapProduct[region.dcRow0 + j]!
    if (up) {
      region.dcPipeline[j]! += size
      region.dcQueue.push(ts, j, size)
      added = true
      region.pushDc(ts, traceId(7, day, region.dcId, seq++), product, size, T.DC_ADJUSTMENT)
    } else {
      const q = Math.min(size, region.dcOnHand[j]!)
      if (q <= 0) continue
      region.dcOnHand[j]! -= q
      region.pushDc(
        ts,
        traceId(7, day, region.dcId, seq++),
        product,
        -q,
        e < damaged ? T.DC_DAMAGED : T.DC_ADJUSTMENT
      )
    }
  }
  if (added) sortDcQueue(region)
}

export const sortStoreQueues = (region: Region): void => {
  for (let ls = 0; ls < region.stores.length; ls++) {
    if (region.dirty[ls] === 0) continue
    region.dirty[ls] = 0
    region.queues[ls] = sortTriples(region.queues[ls]!, region.heads[ls]!)
  }
}

export const sortDcQueue = (region: Region): void => {
  region.dcQueue = sortTriples(region.dcQueue, region.dcHead)
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
