/**
 * Hour-of-day traffic: per-minute weight curves for weekdays, weekends (and holidays that are
 * days off) and the online channel; the share of a day's traffic that falls in each hour of a
 * store's opening window; and a sampler that turns the curve into second-of-day timestamps that
 * always lie inside the opening window.
 *
 * A `Curve` keeps its 1,440 minute weights and their prefix sums, so the traffic mass of any
 * `[from, to)` second interval is O(1) and sampling is one uniform draw plus an 11-step binary
 * search. Nothing allocates per event.
 *
 * Default shapes (see the README for the numbers):
 * - weekday: shops open from ~07:00, a morning bump at 08:15, a lunch rise 11:30–13:30 (peak
 *   12:30) and the day's peak 17:00–20:00 (centre 18:30), fading after 21:30;
 * - weekend: a broad midday peak centred 13:30, a smaller evening bump;
 * - online: 24 h, a midday shoulder and an evening peak around 20:30.
 *
 * @example
 * import { Rng } from "@retail-datagen/core"
 * import { Hourly } from "@retail-datagen/patterns"
 * const shares = Hourly.hourShares(Hourly.WEEKDAY, 8 * 3600, 22 * 3600) // 24 shares, sum 1
 * const sampler = new Hourly.Sampler(Hourly.WEEKDAY, 8 * 3600, 22 * 3600)
 * const second = sampler.sample(Rng.make(42, "demo")) // in [28800, 79200)
 */
import type { Rng } from "@retail-datagen/core"

export const MINUTES_PER_DAY = 1440
export const SECONDS_PER_DAY = 86400

/** Which curve a day uses. */
export type CurveKind = "weekday" | "weekend" | "online"

/** A day's traffic-intensity curve at minute resolution. Immutable once built. */
export class Curve {
  /** Weight of each minute of the day (≥ 0). */
  readonly minutes: Float64Array
  /** `cum[m]` = sum of the weights of minutes `0..m-1`; length 1441. */
  readonly cum: Float64Array

  constructor(minuteWeights: ArrayLike<number>) {
    if (minuteWeights.length !== MINUTES_PER_DAY) {
      throw new RangeError(`a curve needs ${MINUTES_PER_DAY} minute weights, got ${minuteWeights.length}`)
    }
    this.minutes = new Float64Array(MINUTES_PER_DAY)
    this.cum = new Float64Array(MINUTES_PER_DAY + 1)
    for (let m = 0; m < MINUTES_PER_DAY; m++) {
      const w = minuteWeights[m]!
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`minute weight ${m} is ${w}`)
      this.minutes[m] = w
      this.cum[m + 1] = this.cum[m]! + w
    }
  }

  /** Traffic mass from midnight to second `s` (0 ≤ s ≤ 86400). */
  massTo(s: number): number {
    if (s >= SECONDS_PER_DAY) return this.cum[MINUTES_PER_DAY]!
    if (s <= 0) return 0
    const m = Math.floor(s / 60)
    return this.cum[m]! + (this.minutes[m]! * (s - m * 60)) / 60
  }

  /** Traffic mass of the seconds `[from, to)`. */
  mass(from: number, to: number): number {
    return to > from ? this.massTo(to) - this.massTo(from) : 0
  }

  /** The second `s` at which `massTo(s) = u` (u within `[0, total)`), as a fraction. */
  inverse(u: number): number {
    const cum = this.cum
    let lo = 0
    let hi = MINUTES_PER_DAY
    // Largest m with cum[m] <= u, restricted to minutes that carry weight.
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1
      if (cum[mid]! <= u) lo = mid
      else hi = mid
    }
    const w = this.minutes[lo]!
    return w > 0 ? lo * 60 + (60 * (u - cum[lo]!)) / w : lo * 60
  }

  /** Sum of the minute weights of each hour (24 values). */
  hourWeights(): Float64Array {
    const out = new Float64Array(24)
    for (let h = 0; h < 24; h++) out[h] = this.cum[h * 60 + 60]! - this.cum[h * 60]!
    return out
  }
}

/** A curve from 24 hourly weights (constant within each hour). */
export const fromHourWeights = (weights: ArrayLike<number>): Curve => {
  if (weights.length !== 24) throw new RangeError(`hourly weights must be 24 values, got ${weights.length}`)
  const m = new Float64Array(MINUTES_PER_DAY)
  for (let i = 0; i < MINUTES_PER_DAY; i++) m[i] = weights[Math.floor(i / 60)]! / 60
  return new Curve(m)
}

/** A curve from a function of the time of day in hours (sampled at each minute's midpoint). */
export const fromFunction = (f: (hour: number) => number): Curve => {
  const m = new Float64Array(MINUTES_PER_DAY)
  for (let i = 0; i < MINUTES_PER_DAY; i++) m[i] = Math.max(0, f((i + 0.5) / 60))
  return new Curve(m)
}

const bump = (t: number, centre: number, sd: number): number => {
  const z = (t - centre) / sd
  return Math.exp(-0.5 * z * z)
}
const rise = (t: number, at: number, width: number): number => 1 / (1 + Math.exp(-(t - at) / width))

/** Default weekday curve. */
export const WEEKDAY: Curve = fromFunction(
  (t) =>
    0.015 +
    rise(t, 6.5, 0.5) *
      rise(22, t, 0.5) *
      (0.35 + 0.18 * bump(t, 8.25, 0.6) + 0.55 * bump(t, 12.5, 0.55) + 1.0 * bump(t, 18.5, 1.1))
)

/** Default weekend (and day-off holiday) curve: broad midday peak. */
export const WEEKEND: Curve = fromFunction(
  (t) =>
    0.015 +
    rise(t, 7.5, 0.6) * rise(21.75, t, 0.6) * (0.3 + 1.0 * bump(t, 13.5, 2.6) + 0.25 * bump(t, 18.5, 1.2))
)

/** Default online curve: 24 h, midday shoulder, evening peak (whose tail runs past midnight). */
export const ONLINE: Curve = fromFunction(
  (t) =>
    0.08 +
    0.25 * rise(t, 7, 1) +
    0.35 * bump(t, 12.5, 1.5) +
    1.0 * bump(t, 20.5, 1.6) +
    1.0 * bump(t + 24, 20.5, 1.6)
)

/** The default curves by kind. */
export const DEFAULTS: Readonly<Record<CurveKind, Curve>> = Object.freeze({
  weekday: WEEKDAY,
  weekend: WEEKEND,
  online: ONLINE
})

const checkWindow = (openSec: number, closeSec: number): void => {
  if (!(openSec >= 0 && closeSec <= SECONDS_PER_DAY && openSec <= closeSec)) {
    throw new RangeError(`opening window [${openSec}, ${closeSec}) is not within one day`)
  }
}

/**
 * Share of the day's traffic in each hour for a store open during `[openSec, closeSec)`:
 * hours outside the window are 0, the shares of open hours sum to 1 (all 0 when the window is
 * empty, i.e. the store is closed). Partial hours get the share of their open part. If the curve
 * has no weight inside the window, traffic is spread evenly over the open seconds.
 */
export const hourShares = (
  curve: Curve,
  openSec: number,
  closeSec: number,
  out: Float64Array = new Float64Array(24)
): Float64Array => {
  checkWindow(openSec, closeSec)
  const total = curve.mass(openSec, closeSec)
  if (closeSec <= openSec) {
    out.fill(0)
    return out
  }
  const even = !(total > 0)
  const span = closeSec - openSec
  for (let h = 0; h < 24; h++) {
    const a = Math.max(openSec, h * 3600)
    const b = Math.min(closeSec, h * 3600 + 3600)
    out[h] = b <= a ? 0 : even ? (b - a) / span : curve.mass(a, b) / total
  }
  return out
}

/**
 * Draws second-of-day timestamps from a curve restricted to an opening window `[open, close)`.
 * Every draw is an integer second `open ≤ s < close`. Construction is O(1) (it reuses the
 * curve's prefix sums); a draw is one uniform plus a binary search over 1,440 minutes.
 */
export class Sampler {
  readonly open: number
  readonly close: number
  private readonly curve: Curve
  private readonly lo: number
  private readonly hi: number

  constructor(curve: Curve, openSec: number, closeSec: number) {
    checkWindow(openSec, closeSec)
    this.curve = curve
    this.open = Math.ceil(openSec)
    this.close = Math.ceil(closeSec)
    this.lo = curve.massTo(this.open)
    this.hi = curve.massTo(this.close)
  }

  /** True when the window is empty (the store is closed): `sample` then returns -1. */
  get isClosed(): boolean {
    return this.close <= this.open
  }

  private draw(rng: Rng.Stream, from: number, to: number, lo: number, hi: number): number {
    if (to <= from) return -1
    const u = rng.float()
    const s =
      hi > lo ? Math.floor(this.curve.inverse(lo + u * (hi - lo))) : from + Math.floor(u * (to - from))
    return s < from ? from : s >= to ? to - 1 : s
  }

  /** One second of the day, distributed as the curve over the whole open window; -1 if closed. */
  sample(rng: Rng.Stream): number {
    return this.draw(rng, this.open, this.close, this.lo, this.hi)
  }

  /** One second within hour `hour` (0–23) and the open window; -1 if that hour is closed. */
  sampleInHour(rng: Rng.Stream, hour: number): number {
    const from = Math.max(this.open, hour * 3600)
    const to = Math.min(this.close, hour * 3600 + 3600)
    if (to <= from) return -1
    return this.draw(rng, from, to, this.curve.massTo(from), this.curve.massTo(to))
  }

  /** Writes `n` draws into `out[0..n)` (in draw order) and returns `out`. */
  fill(rng: Rng.Stream, n: number, out: Int32Array = new Int32Array(n)): Int32Array {
    for (let i = 0; i < n; i++) out[i] = this.sample(rng)
    return out
  }

  /** Writes `n` draws into `out[0..n)` sorted ascending and returns `out`. */
  fillSorted(rng: Rng.Stream, n: number, out: Int32Array = new Int32Array(n)): Int32Array {
    this.fill(rng, n, out)
    out.subarray(0, n).sort()
    return out
  }
}

/** A sampler for `curve` over the window `[openSec, closeSec)`. */
export const sampler = (curve: Curve, openSec: number, closeSec: number): Sampler =>
  new Sampler(curve, openSec, closeSec)
