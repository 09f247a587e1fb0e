/**
 * The seasonal baseline: a smooth curve through one anchor value per month (placed at
 * mid-month), interpolated with a periodic Catmull-Rom spline and divided by its mean over the
 * year, so that an average day of every year has a seasonal factor of exactly 1.0. Holidays,
 * weekdays, weather and events multiply on top of it.
 *
 * Default anchors (before normalisation): a January slump, a spring rise, a summer high, a
 * September dip and a gentle lift into the holiday season.
 *
 * @example
 * import { Calendar } from "@retail-datagen/core"
 * import { Seasons } from "@retail-datagen/patterns"
 * Seasons.multiplier(Calendar.parse("2024-01-20")) // ≈ 0.87
 * Seasons.curve(2024).length // 366
 */
import { Calendar } from "@retail-datagen/core"

/** Jan…Dec anchors of the default curve (relative; the curve is renormalised to mean 1). */
export const DEFAULT_ANCHORS: ReadonlyArray<number> = Object.freeze([
  0.86, 0.9, 0.97, 1.0, 1.03, 1.05, 1.06, 1.05, 0.98, 1.02, 1.03, 1.03
])

const catmullRom = (p0: number, p1: number, p2: number, p3: number, t: number): number => {
  const t2 = t * t
  const t3 = t2 * t
  return (
    0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2 + (-p0 + 3 * p1 - 3 * p2 + p3) * t3)
  )
}

/**
 * The seasonal factor of every day of `year` (index 0 = January 1st), mean exactly 1.
 * `anchors` are 12 positive monthly values.
 */
export const curve = (year: number, anchors: ArrayLike<number> = DEFAULT_ANCHORS): Float64Array => {
  if (anchors.length !== 12) throw new RangeError(`seasonal anchors must be 12 values, got ${anchors.length}`)
  const n = Calendar.isLeapYear(year) ? 366 : 365
  const out = new Float64Array(n)
  let sum = 0
  for (let i = 0; i < n; i++) {
    // Position in months, where 0 is mid-January and 11 mid-December.
    const p = (12 * (i + 0.5)) / n - 0.5
    const k = Math.floor(p)
    const t = p - k
    const a = (j: number): number => anchors[(((k + j) % 12) + 12) % 12]!
    const v = Math.max(0.05, catmullRom(a(-1), a(0), a(1), a(2), t))
    out[i] = v
    sum += v
  }
  const mean = sum / n
  for (let i = 0; i < n; i++) out[i] = out[i]! / mean
  return out
}

const cache = new Map<number, Float64Array>()

/** The default-curve seasonal factor of `day` (year curves are computed once and cached). */
export const multiplier = (day: Calendar.EpochDay): number => {
  const [y] = Calendar.toYmd(day)
  let c = cache.get(y)
  if (c === undefined) {
    c = curve(y)
    cache.set(y, c)
  }
  return c[day - Calendar.fromYmd(y, 1, 1)]!
}
