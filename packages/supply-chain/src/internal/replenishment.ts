/**
 * Replenishment of a region: the demand outlook, the end-of-day reorder review of every store
 * position (backorders on the DC and the dispatch's candidate lines) and the DC's supplier orders.
 */
import { type Rng, Timestamp } from "@retail-datagen/core"
import { Inventory } from "@retail-datagen/master"
import * as T from "../Tables.js"
import { BUCKETS, ONLINE, STORE } from "./forecast.js"
import { shelfCapacity, sortDcQueue } from "./ledger.js"
import type { Region } from "./region.js"
import { traceId } from "./rows.js"

const DAY = Timestamp.SECONDS_PER_DAY

/** Expected days between deliveries above which the fleet counts as saturated (generous top-ups). */
export const SATURATED = 1.2

/** Upper bound of the expected days between deliveries to a store. */
export const MAX_EVERY_DAYS = 30

/**
 * The ratios of the coming days' expected demand to the smoothed past, per department, at the
 * end of `day`: stores over the lead window (reorder point) and over each class's cover window
 * (order-up-to level); the DC over the supplier lead window (reorder point) and the
 * `dcCoverDays` after the delivery (order-up-to level).
 */
export const updateOutlook = (region: Region, day: number): void => {
  const f = region.forecast
  if (f === null) return
  const o = region.options
  const lead = o.supplierLeadDays
  for (let b = 0; b < BUCKETS; b++) {
    region.fLead[b] = f.ratio(STORE, b, day, day + 1, Inventory.STORE_LEAD_DAYS)
    for (let c = 0; c < 2; c++)
      region.fCover[c * BUCKETS + b] = f.ratio(
        STORE,
        b,
        day,
        day + 1,
        Math.max(o.coverDays, region.every[c]!)
      )
    region.fDcLead[b] = f.ratio(STORE, b, day, day + 1, lead)
    region.fDcCover[b] = f.ratio(STORE, b, day, day + 1 + lead, o.dcCoverDays)
    region.fDcOnline[b] = f.ratio(ONLINE, b, day, day + 1 + lead, o.dcCoverDays)
  }
}

/** Reorder point of the store position at snapshot row `row` (product `p`) under the outlook. */
export const reorderPointOf = (region: Region, row: number, p: number): number => {
  const r = region.snapRop[row]!
  return region.forecast === null ? r : Math.ceil(r * region.fLead[region.bucketOf[p - 1]!]!)
}

/** Cover-window ratio of a store position of product `p`, class `cold` (1 without a forecast). */
export const coverRatioOf = (region: Region, p: number, cold: number): number => {
  return region.forecast === null ? 1 : region.fCover[cold * BUCKETS + region.bucketOf[p - 1]!]!
}

/** Smoothed demand and the reorder review of every store position. */
export const reviewPositions = (region: Region): void => {
  const a = region.options.smoothing
  const k = region.options.coverDays
  const { onHand, inTransit, backlog, demand, snapProduct, snapRop, dcIndexOf } = region
  const { coldOf, requested, demandDc, backlogDc, dcRequested } = region.shared
  const noForecast = region.forecast === null
  const factor = region.options.shelfCapacityFactor
  demandDc.fill(0, 0, region.nDc)
  backlogDc.fill(0, 0, region.nDc)
  const rq = region.requests.data
  const nRequests = region.requests.length
  for (let e = 0; e < nRequests; e++) requested[rq[e * 2]!]! += rq[e * 2 + 1]!
  // The dispatch's candidate lines (see `serveStore` in fleet.ts): a line with a backorder or at or below its
  // can-order level now; dispatch only raises positions and lowers backorders, so no other
  // line can qualify before it.
  const canDays = region.options.canOrderDays
  const band0 = region.every[0]! > SATURATED ? k + region.every[0]! : canDays
  const band1 = region.every[1]! > SATURATED ? k + region.every[1]! : canDays
  const cands = region.shared.candidates
  cands.length = 0
  const { fLead, fCover, bucketOf, snapQty, touched, dcOnHand, storeBase } = region
  const cover0 = Math.max(k, region.every[0]!)
  const cover1 = Math.max(k, region.every[1]!)
  for (let ls = 0; ls < region.stores.length; ls++) {
    const shift = region.rowShift[ls]!
    region.candStart[ls] = cands.length
    // Units a day at risk: demand of backorders that run out before a truck leaving tomorrow arrives.
    const horizon = 1 + region.travel[ls]! / DAY
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
    region.candStart[ls + 1] = cands.length
    region.urgency[ls * 2] = -riskAmbient
    region.urgency[ls * 2 + 1] = -riskCold
    region.must[ls * 2] = mustAmbient
    region.must[ls * 2 + 1] = mustCold
  }
  // the scratch back to zero where the day's requests summed (not a pass over every position)
  for (let e = 0; e < nRequests; e++) requested[rq[e * 2]!] = 0
  region.requests.clear()
  const dq = region.dcRequests.data
  for (let e = 0; e < region.dcRequests.length; e++) dcRequested[dq[e * 2]!]! += dq[e * 2 + 1]!
  region.dcRequests.clear()
  for (let j = 0; j < region.nDc; j++) {
    region.dcOnlineDemand[j] = region.dcOnlineDemand[j]! + a * (dcRequested[j]! - region.dcOnlineDemand[j]!)
    dcRequested[j] = 0
  }
}

/**
 * Supplier orders placed at the end of `day`: a DC product whose position (on hand + pending
 * additions − stores' backorders) is at or below its reorder point is ordered up to the reorder
 * point + `dcCoverDays` × its smoothed demand (the stores' smoothed demand + online); with a
 * forecast, the reorder point is scaled by the outlook over the supplier lead window and the
 * demand by the outlook over the `dcCoverDays` after the delivery (see `updateOutlook`). One
 * supplier shipment per company, arriving on `day + supplierLeadDays` between 06:00 and 18:00.
 */
export const orderFromSuppliers = (region: Region, day: number, rng: Rng.Stream): void => {
  const arrival = day + region.options.supplierLeadDays
  const k = region.options.dcCoverDays
  const company = region.master.products.companyId
  const { demandDc, backlogDc } = region.shared
  const supply = region.scenario === null ? null : region.scenario.at(day).supply(region.dcId)
  const category = region.master.products.category
  let seq = 0
  for (let j = 0; j < region.nDc; j++) {
    const position = region.dcOnHand[j]! + region.dcPipeline[j]! - backlogDc[j]!
    const product = region.dcSnapProduct[region.dcRow0 + j]!
    const rop = region.dcSnapRop[region.dcRow0 + j]!
    const b = region.forecast === null ? -1 : region.bucketOf[product - 1]!
    const r = b < 0 ? rop : Math.ceil(rop * region.fDcLead[b]!)
    if (position > r) continue
    const demand =
      b < 0
        ? demandDc[j]! + region.dcOnlineDemand[j]!
        : demandDc[j]! * region.fDcCover[b]! + region.dcOnlineDemand[j]! * region.fDcOnline[b]!
    let qty = r + Math.max(1, Math.ceil(k * demand)) - position
    if (qty <= 0) continue
    const c = company[product - 1]!
    if (region.companyOrder[c] === -1) {
      region.companyOrder[c] = seq++
      region.companyTs[c] = arrival * DAY + rng.int(6 * 3600, 18 * 3600 - 1)
    }
    const ts = region.companyTs[c]!
    // a scenario's supplier shortage delivers a fraction — applied after the company's draw, so
    // the supplier stream is the baseline's (docs/scenarios.md)
    if (supply !== null && supply[category[product - 1]!] !== 1) {
      qty = Math.floor(qty * supply[category[product - 1]!]!)
      if (qty <= 0) continue
    }
    region.dcPipeline[j]! += qty
    region.dcQueue.push(ts, j, qty)
    region.pushDc(ts, traceId(9, arrival, region.dcId, region.companyOrder[c]!), product, qty, T.DC_INBOUND)
  }
  if (seq > 0) {
    region.companyOrder.fill(-1)
    sortDcQueue(region)
  }
}
