/**
 * One store-day of visitors: every receipt is a buying visit that ends at its checkout, plus
 * non-buying visits so that conversion lands near a target drawn for the store-day. Times are
 * integer seconds of the day inside the store's window `[open, close)`.
 *
 * A visit: enters at `t0`, stands in the entrance area until `tA`, browses until `tB`, then
 * (buyers) queues and pays until the receipt second `tR`, and leaves at `tX`:
 * `open ≤ t0 ≤ tA ≤ tB ≤ tR ≤ tX < close` (non-buyers have `tR = -1` and `tB ≤ tX`).
 *
 * Afterwards every store-hour has at least as many entries as receipts (I7): going from the
 * last hour down, a buyer of hour `h` who entered in an earlier hour is made to enter in `h`
 * (a shorter browse) until the hour's entries reach its receipts. An hour's entries never
 * change once it is done, because later moves only touch buyers of earlier hours.
 */
import { Distribution, type Rng } from "@retail-datagen/core"
import type { Hourly } from "@retail-datagen/patterns"

/** Per-visitor columns of one store-day, grown on demand and reused. */
export class Visitors {
  length = 0
  t0 = new Int32Array(0)
  tA = new Int32Array(0)
  tB = new Int32Array(0)
  tR = new Int32Array(0)
  tX = new Int32Array(0)
  /** CustomerID of the buyer's receipt; NaN for anonymous receipts and non-buyers. */
  customer = new Float64Array(0)
  /** Visitor indices in entry order (then index). */
  order = new Int32Array(0)
  private keys = new Float64Array(0)

  ensure(n: number): void {
    if (n <= this.t0.length) return
    const cap = Math.max(n, this.t0.length * 2, 256)
    this.t0 = new Int32Array(cap)
    this.tA = new Int32Array(cap)
    this.tB = new Int32Array(cap)
    this.tR = new Int32Array(cap)
    this.tX = new Int32Array(cap)
    this.customer = new Float64Array(cap)
    this.order = new Int32Array(cap)
    this.keys = new Float64Array(cap)
  }

  /** Fills `order` with the visitor indices sorted by entry second, ties by index. */
  sortByEntry(): void {
    const n = this.length
    if (n >= ORDER_SPAN)
      throw new RangeError(`sensors: ${n} visitors in one store-day (at most ${ORDER_SPAN - 1})`)
    const keys = this.keys
    for (let i = 0; i < n; i++) keys[i] = this.t0[i]! * ORDER_SPAN + i
    keys.subarray(0, n).sort()
    for (let i = 0; i < n; i++) {
      const k = keys[i]!
      this.order[i] = k - Math.floor(k / ORDER_SPAN) * ORDER_SPAN
    }
  }
}

const ORDER_SPAN = 2 ** 21

/** What one store-day's simulation reads. Reused across store-days (no per-row objects). */
export interface StoreDay {
  rng: Rng.Stream
  /** Window `[open, close)` in seconds of the day (non-empty). */
  open: number
  close: number
  /** Non-buyer entry times; `undefined` spreads them evenly over the window. */
  sampler: Hourly.Sampler | undefined
  /** Receipts of the store-day: second of day, CustomerID (NaN = none), Subtotal cents (NaN = unknown). */
  receipts: number
  receiptSecond: Int32Array
  receiptCustomer: Float64Array
  receiptSubtotal: Float64Array
  conversionMin: number
  conversionMax: number
}

const lognormal = (rng: Rng.Stream, mean: number, sigma: number): number =>
  Distribution.lognormal(rng, Distribution.lognormalMu(mean, sigma), sigma)

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : Math.min(x, hi))

/** Mean browsing seconds of a buyer: grows with the basket (Subtotal in cents), 12 min if unknown. */
const buyerBrowseMean = (subtotal: number): number =>
  subtotal > 0 ? 180 + 300 * Math.log1p(subtotal / 1000) : 720

/** Browsing of buyers: log-normal σ. */
const BUYER_SIGMA = 0.4
/** Non-buyers browse 6.5 min on average (log-normal σ 0.75). */
const BROWSE_MEAN_NON_BUYER = 390
const NON_BUYER_SIGMA = 0.75
/** Queue + payment: 110 s on average (σ 0.5). */
const CHECKOUT_MEAN = 110
const CHECKOUT_SIGMA = 0.5

const HOURS = 24
const entries = new Int32Array(HOURS)
const receiptsPerHour = new Int32Array(HOURS)

/** Simulates a store-day into `v` (resetting it) and returns the number of visitors. */
export const simulate = (v: Visitors, s: StoreDay): number => {
  const rng = s.rng
  const open = s.open
  const last = s.close - 1
  const r = s.receipts
  const c = s.conversionMin + ((s.conversionMax - s.conversionMin) * (rng.float() + rng.float())) / 2
  const nonBuyers = r === 0 ? 0 : Distribution.poisson(rng, (r * (1 - c)) / c)
  const n = r + nonBuyers
  v.ensure(n)
  v.length = n
  const { t0, tA, tB, tR, tX, customer } = v
  entries.fill(0)
  receiptsPerHour.fill(0)

  for (let j = 0; j < r; j++) {
    const ts = s.receiptSecond[j]!
    const browse = Math.round(
      clamp(lognormal(rng, buyerBrowseMean(s.receiptSubtotal[j]!), BUYER_SIGMA), 30, 5400)
    )
    const queue = Math.round(clamp(lognormal(rng, CHECKOUT_MEAN, CHECKOUT_SIGMA), 20, 900))
    const lobby = rng.int(10, 35)
    const walk = rng.int(15, 45)
    let enter = ts - queue - browse - lobby
    if (enter < open) enter = open
    t0[j] = enter
    const a = Math.min(enter + lobby, ts)
    tA[j] = a
    tB[j] = Math.max(ts - queue, a)
    tR[j] = ts
    tX[j] = ts + walk < last ? ts + walk : Math.max(last, ts)
    customer[j] = s.receiptCustomer[j]!
    entries[Math.floor(enter / 3600)]!++
    receiptsPerHour[Math.floor(ts / 3600)]!++
  }

  const span = s.close - open
  for (let j = r; j < n; j++) {
    let enter = s.sampler === undefined ? -1 : s.sampler.sample(rng)
    if (enter < 0) enter = open + Math.floor(rng.float() * span)
    const browse = Math.round(clamp(lognormal(rng, BROWSE_MEAN_NON_BUYER, NON_BUYER_SIGMA), 20, 3600))
    const lobby = rng.int(10, 35)
    const walk = rng.int(15, 45)
    const a = enter + lobby < last ? enter + lobby : Math.max(last, enter)
    const b = a + browse < last ? a + browse : Math.max(last, a)
    t0[j] = enter
    tA[j] = a
    tB[j] = b
    tR[j] = -1
    tX[j] = b + walk < last ? b + walk : Math.max(last, b)
    customer[j] = Number.NaN
    entries[Math.floor(enter / 3600)]!++
  }

  // I7: entries of every hour ≥ its receipts (see the module note).
  for (let h = HOURS - 1; h >= 0; h--) {
    let deficit = receiptsPerHour[h]! - entries[h]!
    if (deficit <= 0) continue
    const hourStart = Math.max(h * 3600, open)
    for (let j = 0; j < r && deficit > 0; j++) {
      const ts = tR[j]!
      if (Math.floor(ts / 3600) !== h || t0[j]! >= hourStart) continue
      entries[Math.floor(t0[j]! / 3600)]!--
      const enter = hourStart + Math.floor(rng.float() * (ts - hourStart + 1))
      t0[j] = enter
      const a = Math.min(enter + 20, ts)
      tA[j] = a
      if (tB[j]! < a) tB[j] = a
      entries[h]!++
      deficit--
    }
  }
  v.sortByEntry()
  return n
}
