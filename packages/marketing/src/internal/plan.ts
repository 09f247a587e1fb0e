/**
 * A year's campaign plan as flat arrays: for each day, the active campaigns (by slot), their
 * budget weights and the day's relative impression volume
 * `dayMultiplier(d, "online") × W(d)^PRESSURE_EXPONENT`, normalised to a yearly mean of 1
 * (`W(d)` = the day's total budget weight).
 */
import { Calendar } from "@retail-datagen/core"
import type { Patterns } from "@retail-datagen/patterns"
import * as Campaigns from "../Campaigns.js"

/**
 * How strongly the campaign pressure (total budget weight of the day) raises volume: doubling
 * the running budget raises impressions by 2^0.5 ≈ 1.41, as budgets partly shift between
 * campaigns rather than add up.
 */
export const PRESSURE_EXPONENT = 0.5

export interface YearPlan {
  readonly year: number
  readonly first: Calendar.EpochDay
  readonly days: number
  readonly calendar: Campaigns.YearCalendar
  /** Active campaigns of day-of-year `i` (0-based) are `active[activeStart[i] .. activeStart[i + 1])`. */
  readonly activeStart: Int32Array
  /** Indices into `calendar.campaigns`, ascending (= slot order). */
  readonly active: Int32Array
  /** Budget weight of each entry of `active` on that day. */
  readonly weight: Float64Array
  /** Σ weights per day. */
  readonly total: Float64Array
  /** Relative impression volume per day (mean 1 over the year). */
  readonly volume: Float64Array
}

export const make = (seed: number, year: number, patterns: Patterns.Patterns): YearPlan => {
  const calendar = Campaigns.calendar(seed, year, patterns)
  const first = Calendar.fromYmd(year, 1, 1)
  const days = Calendar.fromYmd(year + 1, 1, 1) - first
  const activeStart = new Int32Array(days + 1)
  const active: Array<number> = []
  const weight: Array<number> = []
  const total = new Float64Array(days)
  const volume = new Float64Array(days)
  let sum = 0
  for (let i = 0; i < days; i++) {
    const day = first + i
    let w = 0
    calendar.campaigns.forEach((c, k) => {
      const cw = Campaigns.weightOn(c, day)
      if (cw > 0) {
        active.push(k)
        weight.push(cw)
        w += cw
      }
    })
    activeStart[i + 1] = active.length
    total[i] = w
    volume[i] = patterns.dayMultiplier(day, "online") * w ** PRESSURE_EXPONENT
    sum += volume[i]!
  }
  const mean = sum / days
  for (let i = 0; i < days; i++) volume[i] = mean > 0 ? volume[i]! / mean : 0
  return {
    year,
    first,
    days,
    calendar,
    activeStart,
    active: Int32Array.from(active),
    weight: Float64Array.from(weight),
    total,
    volume
  }
}
