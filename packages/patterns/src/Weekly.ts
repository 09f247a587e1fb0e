/**
 * Day-of-week demand: a multiplier per weekday, Monday first (DATA-CONTRACT §6).
 *
 * The factors are used exactly as given (they are not renormalised), so the ratio of any two
 * weekdays is the ratio of their factors; the mean of the defaults is 7.1 / 7 ≈ 1.014.
 *
 * @example
 * import { Calendar } from "@retail-datagen/core"
 * import { Weekly } from "@retail-datagen/patterns"
 * Weekly.multiplier(Calendar.parse("2024-11-30")) // 1.4 (a Saturday)
 */
import { Calendar } from "@retail-datagen/core"

/** Mon…Sun: 0.7, 0.8, 0.9, 1.0, 1.2, 1.4, 1.1. */
export const DEFAULT: ReadonlyArray<number> = Object.freeze([0.7, 0.8, 0.9, 1.0, 1.2, 1.4, 1.1])

/** The day-of-week factor of `day` (Monday = index 0 of `weights`). */
export const multiplier = (day: Calendar.EpochDay, weights: ArrayLike<number> = DEFAULT): number =>
  weights[Calendar.dayOfWeek(day)]!

/** True on Saturday and Sunday. */
export const isWeekend = (day: Calendar.EpochDay): boolean => Calendar.dayOfWeek(day) >= Calendar.SATURDAY

/** Mean of the seven factors (the weekly average that the day-of-week pattern adds). */
export const mean = (weights: ArrayLike<number> = DEFAULT): number => {
  let s = 0
  for (let i = 0; i < 7; i++) s += weights[i]!
  return s / 7
}
