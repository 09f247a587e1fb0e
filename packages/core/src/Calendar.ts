/**
 * Civil calendar on plain integers. A date is an **epoch day**: days since 1970-01-01 (the chain
 * has one local time zone and no DST arithmetic is ever needed for wall-clock output). No `Date`
 * objects are created.
 *
 * @example
 * import { Calendar } from "@retail-datagen/core"
 * const d = Calendar.parse("2024-11-29")
 * Calendar.dayOfWeek(d) // 4 (Friday; Monday = 0)
 * Calendar.nthWeekdayOfMonth(2024, 11, Calendar.THURSDAY, 4) // Thanksgiving
 */

/** Days since 1970-01-01. */
export type EpochDay = number

/** Weekday numbers as returned by `dayOfWeek`. */
export const MONDAY = 0
export const TUESDAY = 1
export const WEDNESDAY = 2
export const THURSDAY = 3
export const FRIDAY = 4
export const SATURDAY = 5
export const SUNDAY = 6

/**
 * Epoch day of a civil date (month 1–12) in the proleptic Gregorian calendar. Days past the end
 * of the month roll over (`fromYmd(2024, 2, 30)` is March 1st); use `parse` to validate text.
 */
export const fromYmd = (year: number, month: number, day: number): EpochDay => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/**
 * The civil date of an epoch day packed as `year * 10000 + month * 100 + day` (floor-divide to
 * unpack, which also works for years before 0). Allocation-free core of the accessors below.
 */
const civil = (d: EpochDay): number => {
  const z = d + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return (era * 400 + yoe + (month <= 2 ? 1 : 0)) * 10000 + month * 100 + day
}

/** Civil `[year, month (1–12), day]` of an epoch day (allocates the tuple; see `year` etc.). */
export const toYmd = (d: EpochDay): [number, number, number] => {
  const p = civil(d)
  const y = Math.floor(p / 10000)
  const md = p - y * 10000
  return [y, Math.floor(md / 100), md % 100]
}

/** Civil year of an epoch day. */
export const year = (d: EpochDay): number => Math.floor(civil(d) / 10000)
/** Civil month (1–12) of an epoch day. */
export const month = (d: EpochDay): number => {
  const p = civil(d)
  return Math.floor((p - Math.floor(p / 10000) * 10000) / 100)
}
/** Day of the month (1–31) of an epoch day. */
export const dayOfMonth = (d: EpochDay): number => {
  const p = civil(d)
  return (p - Math.floor(p / 10000) * 10000) % 100
}

/** Day of week, Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
export const dayOfWeek = (d: EpochDay): number => (((d + 3) % 7) + 7) % 7

/** Day of year, 1 = January 1st. */
export const dayOfYear = (d: EpochDay): number => d - fromYmd(year(d), 1, 1) + 1

/** Whether `y` is a leap year of the proleptic Gregorian calendar. */
export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0

/** Number of days (28–31) in month `m` (1–12) of year `y`. */
export const daysInMonth = (y: number, m: number): number =>
  m === 2 ? (isLeapYear(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31

const checkMonthWeekday = (y: number, m: number, weekday: number): void => {
  if (!(Number.isInteger(y) && Number.isInteger(m) && m >= 1 && m <= 12)) {
    throw new RangeError(`${y}-${m} is not a month`)
  }
  if (!(Number.isInteger(weekday) && weekday >= 0 && weekday <= 6)) {
    throw new RangeError(`weekday must be 0 (Monday) … 6 (Sunday), got ${weekday}`)
  }
}

/**
 * The `n`-th (1-based) given weekday of a month, e.g. the 4th Thursday of November; throws a
 * `RangeError` when the month has no such day (`n` < 1, or a 5th that does not exist).
 */
export const nthWeekdayOfMonth = (y: number, m: number, weekday: number, n: number): EpochDay => {
  checkMonthWeekday(y, m, weekday)
  const first = fromYmd(y, m, 1)
  const offset = (weekday - dayOfWeek(first) + 7) % 7
  const d = first + offset + (n - 1) * 7
  if (!Number.isInteger(n) || n < 1 || d >= first + daysInMonth(y, m)) {
    throw new RangeError(`no ${n}th weekday ${weekday} in ${y}-${m}`)
  }
  return d
}

/** The last given weekday of a month, e.g. Memorial Day (last Monday of May). */
export const lastWeekdayOfMonth = (y: number, m: number, weekday: number): EpochDay => {
  checkMonthWeekday(y, m, weekday)
  const last = fromYmd(y, m, daysInMonth(y, m))
  return last - ((dayOfWeek(last) - weekday + 7) % 7)
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Parses `YYYY-MM-DD`; throws a `RangeError` naming the text when it is not a real date. */
export const parse = (text: string): EpochDay => {
  const m = ISO_DATE.exec(text)
  if (m === null) throw new RangeError(`"${text}" is not a date in YYYY-MM-DD form`)
  const y = Number(m[1])
  const mo = Number(m[2])
  const da = Number(m[3])
  if (mo < 1 || mo > 12 || da < 1 || da > daysInMonth(y, mo))
    throw new RangeError(`"${text}" is not a real date`)
  return fromYmd(y, mo, da)
}

/** True when `text` is a real `YYYY-MM-DD` date. */
export const isValid = (text: string): boolean => {
  try {
    parse(text)
    return true
  } catch {
    return false
  }
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`)

/** Year on four digits; years outside 0…9999 cannot be written as `YYYY`. */
const year4 = (y: number): string => {
  if (y < 0 || y > 9999) throw new RangeError(`year ${y} cannot be written as YYYY`)
  return y >= 1000 ? `${y}` : y >= 100 ? `0${y}` : y >= 10 ? `00${y}` : `000${y}`
}

/** `YYYY-MM-DD` (years 0…9999; throws a `RangeError` outside). Inverse of `parse`. */
export const format = (d: EpochDay): string => {
  const p = civil(d)
  const y = Math.floor(p / 10000)
  const md = p - y * 10000
  return `${year4(y)}-${pad2(Math.floor(md / 100))}-${pad2(md % 100)}`
}

/** `YYYYMMDD` as text, as used in partition file names (years 0…9999). */
export const compact = (d: EpochDay): string => {
  const p = civil(d)
  const y = Math.floor(p / 10000)
  const md = p - y * 10000
  return `${year4(y)}${pad2(Math.floor(md / 100))}${pad2(md % 100)}`
}

/** `YYYYMMDD` as a number, for composing ids (e.g. 20241129). */
export const yyyymmdd = (d: EpochDay): number => civil(d)

/** The days `start..end`, both inclusive. */
export function* days(start: EpochDay, end: EpochDay): Generator<EpochDay> {
  for (let d = start; d <= end; d++) yield d
}
