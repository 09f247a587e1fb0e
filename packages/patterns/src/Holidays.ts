/**
 * US retail holidays, computed for any year, as demand effects with ramps.
 *
 * Each holiday has an anchor date (a rule such as "4th Thursday of November"), a peak store
 * multiplier and an online multiplier, a *shape* — keyframes `(offset in days from the anchor,
 * weight)` linearly interpolated, weight 0 outside the keyframes — and department lifts. On a
 * day at `offset` the holiday contributes `1 + (multiplier − 1) × w(offset)` to traffic and
 * `1 + (lift − 1) × w(offset)` to each lifted department, so effects build up and fade over
 * days instead of jumping. Effects of overlapping holidays multiply. Some anchor days change
 * store hours (`hours`) or use the weekend hour curve (`dayOff`).
 *
 * @example
 * import { Calendar } from "@retail-datagen/core"
 * import { Holidays } from "@retail-datagen/patterns"
 * Calendar.format(Holidays.blackFriday(2024))  // "2024-11-29"
 * Holidays.multiplier(Holidays.blackFriday(2024)) // 3.5
 * Holidays.on(Calendar.parse("2024-12-25")) // ["christmas-day"]
 */
import { Calendar } from "@retail-datagen/core"
import * as Departments from "./Departments.js"

/** Holiday and seasonal-effect names (the keys of holiday overrides). */
export const NAMES = [
  "new-years-day",
  "valentines-day",
  "memorial-day",
  "mothers-day",
  "fathers-day",
  "summer",
  "independence-day",
  "back-to-school",
  "labor-day",
  "halloween",
  "thanksgiving-prep",
  "thanksgiving",
  "black-friday",
  "cyber-monday",
  "christmas-run-up",
  "christmas-eve",
  "christmas-day",
  "after-christmas",
  "new-years-eve"
] as const

export type HolidayName = (typeof NAMES)[number]

/**
 * How a holiday changes store hours on its anchor day. Hours are hours of the day (0–24).
 * Rules without `closed` leave 24-hour stores unchanged unless `closeBy24h` is set.
 */
export interface HoursRule {
  /** Every store, 24-hour ones included, is closed all day. */
  readonly closed?: boolean
  /** Regular stores open no earlier than this hour. */
  readonly openNotBefore?: number
  /** Regular stores close no later than this hour. */
  readonly closeBy?: number
  /** Regular stores open this many hours earlier (not before midnight). */
  readonly openEarlier?: number
  /** Regular stores close this many hours later (not after midnight). */
  readonly closeLater?: number
  /** 24-hour stores close at this hour. */
  readonly closeBy24h?: number
}

/** A holiday or seasonal effect. */
export interface Holiday {
  readonly name: HolidayName
  readonly label: string
  /** How the anchor date is found, in words. */
  readonly rule: string
  /** Anchor date in a given year. */
  readonly date: (year: number) => Calendar.EpochDay
  /** Store traffic factor where the shape weight is 1 (0 = closed). */
  readonly multiplier: number
  /** Online traffic factor where the shape weight is 1. */
  readonly online: number
  /** Keyframes `[offset, weight]`, ascending offsets; weight 0 outside them. */
  readonly shape: ReadonlyArray<readonly [number, number]>
  /** Department lifts where the weight is 1. */
  readonly categories: Partial<Record<Departments.Department, number>>
  /** Store-hours change on the anchor day. */
  readonly hours?: HoursRule
  /** The anchor day follows the weekend hour curve (a day off for most shoppers). */
  readonly dayOff: boolean
}

const { fromYmd, nthWeekdayOfMonth, lastWeekdayOfMonth, MONDAY, THURSDAY, SUNDAY } = Calendar

/** January 1st. */
export const newYearsDay = (y: number): Calendar.EpochDay => fromYmd(y, 1, 1)
/** February 14th. */
export const valentinesDay = (y: number): Calendar.EpochDay => fromYmd(y, 2, 14)
/** Last Monday of May. */
export const memorialDay = (y: number): Calendar.EpochDay => lastWeekdayOfMonth(y, 5, MONDAY)
/** Second Sunday of May. */
export const mothersDay = (y: number): Calendar.EpochDay => nthWeekdayOfMonth(y, 5, SUNDAY, 2)
/** Third Sunday of June. */
export const fathersDay = (y: number): Calendar.EpochDay => nthWeekdayOfMonth(y, 6, SUNDAY, 3)
/** July 4th. */
export const independenceDay = (y: number): Calendar.EpochDay => fromYmd(y, 7, 4)
/** First Monday of September. */
export const laborDay = (y: number): Calendar.EpochDay => nthWeekdayOfMonth(y, 9, MONDAY, 1)
/** October 31st. */
export const halloween = (y: number): Calendar.EpochDay => fromYmd(y, 10, 31)
/** Fourth Thursday of November. */
export const thanksgiving = (y: number): Calendar.EpochDay => nthWeekdayOfMonth(y, 11, THURSDAY, 4)
/** The day after Thanksgiving. */
export const blackFriday = (y: number): Calendar.EpochDay => thanksgiving(y) + 1
/** The Monday after Thanksgiving. */
export const cyberMonday = (y: number): Calendar.EpochDay => thanksgiving(y) + 4
/** December 24th. */
export const christmasEve = (y: number): Calendar.EpochDay => fromYmd(y, 12, 24)
/** December 25th. */
export const christmasDay = (y: number): Calendar.EpochDay => fromYmd(y, 12, 25)
/** December 31st. */
export const newYearsEve = (y: number): Calendar.EpochDay => fromYmd(y, 12, 31)

/** Long-weekend shape: Friday to Monday, anchored on the Monday. */
const LONG_WEEKEND: ReadonlyArray<readonly [number, number]> = [
  [-4, 0],
  [-3, 0.5],
  [-2, 0.8],
  [-1, 0.8],
  [0, 1],
  [1, 0]
]
/** Gift Sunday shape: a week of build-up, peak on the Saturday before. */
const GIFT_SUNDAY: ReadonlyArray<readonly [number, number]> = [
  [-7, 0],
  [-2, 0.6],
  [-1, 1],
  [0, 0.5],
  [1, 0]
]

/** The holidays and seasonal effects, in calendar order of their anchors. */
export const HOLIDAYS: ReadonlyArray<Holiday> = [
  {
    name: "new-years-day",
    label: "New Year's Day",
    rule: "January 1",
    date: newYearsDay,
    multiplier: 0.7,
    online: 0.9,
    shape: [
      [0, 1],
      [1, 0.4],
      [2, 0]
    ],
    categories: { "seasonal & sports": 1.3, "health & beauty": 1.1 },
    hours: { openNotBefore: 10 },
    dayOff: true
  },
  {
    name: "valentines-day",
    label: "Valentine's Day",
    rule: "February 14",
    date: valentinesDay,
    multiplier: 1.3,
    online: 1.2,
    shape: [
      [-7, 0],
      [-1, 0.85],
      [0, 1],
      [1, 0]
    ],
    categories: { grocery: 1.25, "home & garden": 1.6, "health & beauty": 1.3 },
    dayOff: false
  },
  {
    name: "memorial-day",
    label: "Memorial Day",
    rule: "last Monday of May",
    date: memorialDay,
    multiplier: 1.25,
    online: 1.15,
    shape: LONG_WEEKEND,
    categories: { "seasonal & sports": 1.4, "home & garden": 1.3, beverages: 1.25, grocery: 1.1 },
    dayOff: true
  },
  {
    name: "mothers-day",
    label: "Mother's Day",
    rule: "2nd Sunday of May",
    date: mothersDay,
    multiplier: 1.2,
    online: 1.2,
    shape: GIFT_SUNDAY,
    categories: { "health & beauty": 1.5, "home & garden": 1.4, clothing: 1.2 },
    dayOff: false
  },
  {
    name: "fathers-day",
    label: "Father's Day",
    rule: "3rd Sunday of June",
    date: fathersDay,
    multiplier: 1.15,
    online: 1.15,
    shape: GIFT_SUNDAY,
    categories: {
      electronics: 1.3,
      automotive: 1.3,
      "home & garden": 1.2,
      clothing: 1.2,
      "seasonal & sports": 1.2
    },
    dayOff: false
  },
  {
    name: "summer",
    label: "Summer (outdoor / BBQ)",
    rule: "June 21; full from June 7 to August 16, fading from May 17 and to September 6",
    date: (y) => fromYmd(y, 6, 21),
    multiplier: 1,
    online: 1,
    shape: [
      [-35, 0],
      [-14, 1],
      [56, 1],
      [77, 0]
    ],
    categories: { "seasonal & sports": 1.5, "home & garden": 1.4, beverages: 1.3, grocery: 1.05 },
    dayOff: false
  },
  {
    name: "independence-day",
    label: "Independence Day",
    rule: "July 4",
    date: independenceDay,
    multiplier: 1.2,
    online: 1,
    shape: [
      [-5, 0],
      [-3, 0.5],
      [-1, 1],
      [0, 0.5],
      [1, 0]
    ],
    categories: { beverages: 1.4, grocery: 1.2, "seasonal & sports": 1.4 },
    hours: { closeBy: 20 },
    dayOff: true
  },
  {
    name: "back-to-school",
    label: "Back to school",
    rule: "August 1; ramps in from July 18, full August 15, fades out by September 9",
    date: (y) => fromYmd(y, 8, 1),
    multiplier: 1.08,
    online: 1.1,
    shape: [
      [-14, 0],
      [0, 0.7],
      [14, 1],
      [31, 0.6],
      [39, 0]
    ],
    categories: { office: 1.8, electronics: 1.5, clothing: 1.5, "baby & kids": 1.3 },
    dayOff: false
  },
  {
    name: "labor-day",
    label: "Labor Day",
    rule: "1st Monday of September",
    date: laborDay,
    multiplier: 1.2,
    online: 1.1,
    shape: LONG_WEEKEND,
    categories: { "home & garden": 1.2, "seasonal & sports": 1.25, beverages: 1.2, clothing: 1.1 },
    dayOff: true
  },
  {
    name: "halloween",
    label: "Halloween",
    rule: "October 31",
    date: halloween,
    multiplier: 1.2,
    online: 1.1,
    shape: [
      [-21, 0],
      [-7, 0.6],
      [-1, 1],
      [0, 0.8],
      [1, 0]
    ],
    categories: { "seasonal & sports": 2.0, grocery: 1.2, "baby & kids": 1.3 },
    dayOff: false
  },
  {
    name: "thanksgiving-prep",
    label: "Thanksgiving grocery run",
    rule: "the days before Thanksgiving (peak on Wednesday)",
    date: thanksgiving,
    multiplier: 1.4,
    online: 1.1,
    shape: [
      [-4, 0],
      [-3, 0.3],
      [-2, 0.5],
      [-1, 1],
      [0, 0]
    ],
    categories: { grocery: 1.6, beverages: 1.3, household: 1.1 },
    dayOff: false
  },
  {
    name: "thanksgiving",
    label: "Thanksgiving",
    rule: "4th Thursday of November",
    date: thanksgiving,
    multiplier: 0.6,
    online: 1.3,
    shape: [[0, 1]],
    categories: { grocery: 1.3 },
    hours: { openNotBefore: 8, closeBy: 15 },
    dayOff: true
  },
  {
    name: "black-friday",
    label: "Black Friday",
    rule: "the day after Thanksgiving",
    date: blackFriday,
    multiplier: 3.5,
    online: 2.5,
    shape: [
      [0, 1],
      [1, 0.45],
      [2, 0.3],
      [3, 0]
    ],
    categories: { electronics: 1.8, "baby & kids": 1.5, clothing: 1.3, "home & garden": 1.3 },
    hours: { openEarlier: 3, closeLater: 1 },
    dayOff: true
  },
  {
    name: "cyber-monday",
    label: "Cyber Monday",
    rule: "the Monday after Thanksgiving",
    date: cyberMonday,
    multiplier: 1.3,
    online: 3.5,
    shape: [
      [0, 1],
      [1, 0.3],
      [2, 0]
    ],
    categories: { electronics: 1.6, office: 1.2 },
    dayOff: false
  },
  {
    name: "christmas-run-up",
    label: "Christmas run-up",
    rule: "December 25; ramps from December 1, full December 15–23",
    date: christmasDay,
    multiplier: 2.0,
    online: 1.8,
    shape: [
      [-24, 0],
      [-10, 1],
      [-2, 1],
      [-1, 0]
    ],
    categories: {
      "baby & kids": 1.8,
      electronics: 1.5,
      "seasonal & sports": 1.5,
      clothing: 1.4,
      "health & beauty": 1.3,
      "home & garden": 1.2
    },
    dayOff: false
  },
  {
    name: "christmas-eve",
    label: "Christmas Eve",
    rule: "December 24",
    date: christmasEve,
    multiplier: 1.6,
    online: 1.0,
    shape: [[0, 1]],
    categories: { "baby & kids": 1.5, grocery: 1.3, electronics: 1.2 },
    hours: { closeBy: 18, closeBy24h: 22 },
    dayOff: true
  },
  {
    name: "christmas-day",
    label: "Christmas Day",
    rule: "December 25",
    date: christmasDay,
    multiplier: 0,
    online: 0.5,
    shape: [[0, 1]],
    categories: {},
    hours: { closed: true },
    dayOff: true
  },
  {
    name: "after-christmas",
    label: "After-Christmas returns and clearance",
    rule: "December 26, fading over five days",
    date: (y) => fromYmd(y, 12, 26),
    multiplier: 1.5,
    online: 1.3,
    shape: [
      [0, 1],
      [2, 0.5],
      [5, 0]
    ],
    categories: { clothing: 1.3, electronics: 1.2, "seasonal & sports": 1.3 },
    dayOff: false
  },
  {
    name: "new-years-eve",
    label: "New Year's Eve",
    rule: "December 31",
    date: newYearsEve,
    multiplier: 1.25,
    online: 1.0,
    shape: [
      [-1, 0.4],
      [0, 1],
      [1, 0]
    ],
    categories: { beverages: 1.6, grocery: 1.3 },
    hours: { closeBy: 20 },
    dayOff: false
  }
]

const BY_NAME = new Map<string, Holiday>(HOLIDAYS.map((h) => [h.name, h]))

/** The holiday named `name`. */
export const get = (name: HolidayName): Holiday => BY_NAME.get(name)!

/** True when `name` is a holiday name. */
export const isName = (name: string): name is HolidayName => BY_NAME.has(name)

/** The anchor date of holiday `name` in `year`. */
export const dateOf = (name: HolidayName, year: number): Calendar.EpochDay => get(name).date(year)

/** Shape weight at `offset` days from the anchor: linear between keyframes, 0 outside. */
export const weightAt = (shape: ReadonlyArray<readonly [number, number]>, offset: number): number => {
  const n = shape.length
  if (n === 0 || offset < shape[0]![0] || offset > shape[n - 1]![0]) return 0
  for (let i = 0; i < n; i++) {
    const [o, w] = shape[i]!
    if (offset === o) return w
    if (offset < o) {
      const [o0, w0] = shape[i - 1]!
      return w0 + ((w - w0) * (offset - o0)) / (o - o0)
    }
  }
  return 0
}

/** Per-holiday multipliers that replace the defaults (e.g. from the config). */
export type Multipliers = Partial<Record<HolidayName, { readonly store?: number; readonly online?: number }>>

/** The holiday effects of every day of one year, as arrays indexed by `day − January 1st`. */
export interface YearEffects {
  readonly year: number
  /** Epoch day of January 1st. */
  readonly first: Calendar.EpochDay
  readonly length: number
  /** Store traffic factor (product of the active effects; 0 = closed). */
  readonly store: Float64Array
  /** Online traffic factor. */
  readonly online: Float64Array
  /** Department lifts: `categories[i * Departments.COUNT + dept]`. */
  readonly categories: Float64Array
  /** Store-hours rule of each day, or `undefined` for regular hours. */
  readonly hours: ReadonlyArray<HoursRule | undefined>
  /** 1 where the day uses the weekend hour curve because it is a day-off holiday. */
  readonly dayOff: Uint8Array
  /** Names of the effects active on each day (weight ≠ 0). */
  readonly names: ReadonlyArray<ReadonlyArray<HolidayName>>
}

const EMPTY: ReadonlyArray<HolidayName> = Object.freeze([])

/** Computes the holiday effects of `year`, including spill-over from the adjacent years. */
export const yearEffects = (year: number, multipliers: Multipliers = {}): YearEffects => {
  const first = fromYmd(year, 1, 1)
  const length = fromYmd(year + 1, 1, 1) - first
  const D = Departments.COUNT
  const store = new Float64Array(length).fill(1)
  const online = new Float64Array(length).fill(1)
  const categories = new Float64Array(length * D).fill(1)
  const hours = new Array<HoursRule | undefined>(length).fill(undefined)
  const dayOff = new Uint8Array(length)
  const names = new Array<Array<HolidayName> | undefined>(length).fill(undefined)
  for (const h of HOLIDAYS) {
    const m = multipliers[h.name]
    const ms = m?.store ?? h.multiplier
    const mo = m?.online ?? h.online
    const lifts = Departments.lifts(h.categories)
    const lo = h.shape[0]![0]
    const hi = h.shape[h.shape.length - 1]![0]
    for (let y = year - 1; y <= year + 1; y++) {
      const anchor = h.date(y)
      for (let o = lo; o <= hi; o++) {
        const i = anchor + o - first
        if (i < 0 || i >= length) continue
        const w = weightAt(h.shape, o)
        if (w === 0) continue
        store[i] = store[i]! * (1 + (ms - 1) * w)
        online[i] = online[i]! * (1 + (mo - 1) * w)
        for (let d = 0; d < D; d++) categories[i * D + d] = categories[i * D + d]! * (1 + (lifts[d]! - 1) * w)
        ;(names[i] ??= []).push(h.name)
        if (o === 0) {
          if (h.hours !== undefined && hours[i] === undefined) hours[i] = h.hours
          if (h.dayOff) dayOff[i] = 1
        }
      }
    }
  }
  return {
    year,
    first,
    length,
    store,
    online,
    categories,
    hours,
    dayOff,
    names: names.map((n) => (n === undefined ? EMPTY : Object.freeze(n)))
  }
}

const cache = new Map<number, YearEffects>()

/** Default-settings effects of a year, computed once and cached. */
export const defaultYearEffects = (year: number): YearEffects => {
  let e = cache.get(year)
  if (e === undefined) {
    e = yearEffects(year)
    cache.set(year, e)
  }
  return e
}

const locate = (day: Calendar.EpochDay): [YearEffects, number] => {
  const e = defaultYearEffects(Calendar.year(day))
  return [e, day - e.first]
}

/** Default holiday traffic factor of `day` (1 on ordinary days, 0 when stores are closed). */
export const multiplier = (day: Calendar.EpochDay, channel: "store" | "online" = "store"): number => {
  const [e, i] = locate(day)
  return channel === "store" ? e.store[i]! : e.online[i]!
}

/** Names of the holiday effects active on `day`. */
export const on = (day: Calendar.EpochDay): ReadonlyArray<HolidayName> => {
  const [e, i] = locate(day)
  return e.names[i]!
}

/** The store-hours rule of `day`, if a holiday changes hours that day. */
export const hoursRule = (day: Calendar.EpochDay): HoursRule | undefined => {
  const [e, i] = locate(day)
  return e.hours[i]
}

/** Every anchor date of `year`, in calendar order. */
export const occurrences = (
  year: number
): ReadonlyArray<{ readonly name: HolidayName; readonly day: Calendar.EpochDay }> =>
  HOLIDAYS.map((h) => ({ name: h.name, day: h.date(year) })).sort((a, b) => a.day - b.day)
