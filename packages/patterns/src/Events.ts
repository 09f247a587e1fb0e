/**
 * Promotional events: a deterministic calendar of chain-wide promotions per year.
 *
 * - **Seasonal promotions** follow fixed rules (e.g. `SPRING24`, March 20 – April 3, 15 % off
 *   home & garden, household, clothing) — the same every run.
 * - **Flash sales**: at most one per month, a single Monday–Thursday that is free of holiday
 *   effects (other than the summer category effect) and of other promotions (custom events
 *   included), 20–40 % off one or two departments, code `FLASH<MMDD>`; drawn from the stream
 *   `(seed, "events", year, month)`.
 * - **Custom events** from the configuration.
 *
 * A promotion raises traffic by `trafficMultiplier` (chain-wide, on its days) and demand for its
 * departments by `categoryLift = 1 + ELASTICITY × discount`. Its `code` is what receipt lines
 * carry as `PromoCode`; the discount is in basis points (`Money.discount(price, discountBps)`).
 *
 * @example
 * import { Calendar } from "@retail-datagen/core"
 * import { Events } from "@retail-datagen/patterns"
 * Events.activePromotions(Calendar.parse("2024-03-25"), 42).map((p) => p.code) // ["SPRING24"]
 */
import { Calendar, Rng } from "@retail-datagen/core"
import * as Departments from "./Departments.js"
import * as Holidays from "./Holidays.js"

export type Kind = "seasonal" | "flash" | "custom"

/** A chain-wide promotion. */
export interface Promotion {
  /** Unique numeric id: `year·1000 + n` (seasonal n = 1–12, flash 100 + month, custom 500 + i). */
  readonly id: number
  /** Promo code, e.g. `SPRING24`, `FLASH0612`. */
  readonly code: string
  readonly name: string
  readonly kind: Kind
  /** First day (inclusive). */
  readonly start: Calendar.EpochDay
  /** Last day (inclusive). */
  readonly end: Calendar.EpochDay
  /** Discount in basis points (2000 = 20 % off). */
  readonly discountBps: number
  /** Targeted departments. */
  readonly departments: ReadonlyArray<Departments.Department>
  /** Indices of `departments` in `Departments.DEPARTMENTS`. */
  readonly departmentIndices: ReadonlyArray<number>
  /** Chain-wide traffic factor on the promotion's days. */
  readonly trafficMultiplier: number
  /** Demand lift of the targeted departments. */
  readonly categoryLift: number
}

/** Demand response to a discount: lift = 1 + ELASTICITY × discount fraction. */
export const ELASTICITY = 1.5

/** A user-defined event (from the config's `patterns.events.extra`). */
export interface CustomEvent {
  readonly code: string
  readonly name?: string
  readonly start: Calendar.EpochDay
  readonly end: Calendar.EpochDay
  readonly discountBps: number
  readonly departments: ReadonlyArray<Departments.Department>
  readonly trafficMultiplier?: number
}

/** A yearly seasonal promotion rule; the code is `prefix + two-digit year`. */
export interface SeasonalRule {
  readonly prefix: string
  readonly name: string
  /** `[start, end]` (inclusive) in a given year. */
  readonly window: (year: number) => readonly [Calendar.EpochDay, Calendar.EpochDay]
  readonly discountBps: number
  readonly departments: ReadonlyArray<Departments.Department>
  readonly trafficMultiplier: number
}

const ymd = Calendar.fromYmd
const fixed =
  (m1: number, d1: number, m2: number, d2: number) =>
  (y: number): readonly [number, number] => [ymd(y, m1, d1), ymd(y, m2, d2)]

/** The seasonal promotions of every year, in calendar order. */
export const SEASONAL: ReadonlyArray<SeasonalRule> = [
  {
    prefix: "NEWYEAR",
    name: "New Year fresh start",
    window: fixed(1, 2, 1, 15),
    discountBps: 1500,
    departments: ["health & beauty", "personal care", "seasonal & sports"],
    trafficMultiplier: 1.03
  },
  {
    prefix: "VALENTINE",
    name: "Valentine's gifts",
    window: fixed(2, 7, 2, 14),
    discountBps: 1000,
    departments: ["grocery", "health & beauty", "home & garden"],
    trafficMultiplier: 1
  },
  {
    prefix: "SPRING",
    name: "Spring sale",
    window: fixed(3, 20, 4, 3),
    discountBps: 1500,
    departments: ["home & garden", "household", "clothing"],
    trafficMultiplier: 1.03
  },
  {
    prefix: "MEMORIAL",
    name: "Memorial Day weekend",
    window: (y) => [Holidays.memorialDay(y) - 3, Holidays.memorialDay(y)],
    discountBps: 2000,
    departments: ["home & garden", "seasonal & sports", "electronics"],
    trafficMultiplier: 1
  },
  {
    prefix: "SUMMER",
    name: "Summer savings",
    window: fixed(7, 8, 7, 21),
    discountBps: 1000,
    departments: ["seasonal & sports", "beverages", "home & garden"],
    trafficMultiplier: 1.02
  },
  {
    prefix: "BTS",
    name: "Back to school",
    window: fixed(8, 1, 8, 31),
    discountBps: 1500,
    departments: ["office", "electronics", "clothing", "baby & kids"],
    trafficMultiplier: 1
  },
  {
    prefix: "LABORDAY",
    name: "Labor Day weekend",
    window: (y) => [Holidays.laborDay(y) - 3, Holidays.laborDay(y)],
    discountBps: 2000,
    departments: ["home & garden", "clothing", "electronics"],
    trafficMultiplier: 1
  },
  {
    prefix: "HALLOWEEN",
    name: "Halloween",
    window: fixed(10, 24, 10, 31),
    discountBps: 1500,
    departments: ["seasonal & sports", "grocery", "baby & kids"],
    trafficMultiplier: 1
  },
  {
    prefix: "BLACKFRIDAY",
    name: "Black Friday weekend",
    window: (y) => [Holidays.blackFriday(y), Holidays.blackFriday(y) + 2],
    discountBps: 3000,
    departments: ["electronics", "clothing", "baby & kids", "home & garden"],
    trafficMultiplier: 1
  },
  {
    prefix: "CYBER",
    name: "Cyber Monday",
    window: (y) => [Holidays.cyberMonday(y), Holidays.cyberMonday(y)],
    discountBps: 2500,
    departments: ["electronics", "office", "health & beauty"],
    trafficMultiplier: 1
  },
  {
    prefix: "HOLIDAY",
    name: "Holiday gifts",
    window: fixed(12, 1, 12, 24),
    discountBps: 2000,
    departments: ["baby & kids", "electronics", "clothing", "health & beauty"],
    trafficMultiplier: 1
  },
  {
    prefix: "YEAREND",
    name: "Year-end clearance",
    window: fixed(12, 26, 12, 31),
    discountBps: 4000,
    departments: ["seasonal & sports", "clothing"],
    trafficMultiplier: 1
  }
]

/** Flash-sale traffic factor. */
export const FLASH_TRAFFIC = 1.1

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`)

const promotion = (
  id: number,
  code: string,
  name: string,
  kind: Kind,
  start: number,
  end: number,
  discountBps: number,
  departments: ReadonlyArray<Departments.Department>,
  trafficMultiplier: number
): Promotion =>
  Object.freeze({
    id,
    code,
    name,
    kind,
    start,
    end,
    discountBps,
    departments: Object.freeze([...departments]),
    departmentIndices: Object.freeze(departments.map((d) => Departments.indexOf(d))),
    trafficMultiplier,
    categoryLift: 1 + (ELASTICITY * discountBps) / 10000
  })

/** Options of `calendar`. */
export interface CalendarOptions {
  /** Seed of the flash-sale draws. */
  readonly seed?: number
  /** Include flash sales (default true). */
  readonly flashSales?: boolean
  /** Include the seasonal promotions (default true). */
  readonly seasonal?: boolean
  /** Custom events; those overlapping the year are included. */
  readonly extra?: ReadonlyArray<CustomEvent>
}

/** The promotions that touch `year`, ordered by start day then id. */
export const calendar = (year: number, options: CalendarOptions = {}): ReadonlyArray<Promotion> => {
  const yy = pad2(((year % 100) + 100) % 100)
  const out: Array<Promotion> = []
  if (options.seasonal !== false) {
    SEASONAL.forEach((r, i) => {
      const [s, e] = r.window(year)
      out.push(
        promotion(
          year * 1000 + i + 1,
          r.prefix + yy,
          r.name,
          "seasonal",
          s,
          e,
          r.discountBps,
          r.departments,
          r.trafficMultiplier
        )
      )
    })
  }
  const yStart = ymd(year, 1, 1)
  const yEnd = ymd(year, 12, 31)
  options.extra?.forEach((e, i) => {
    if (e.end < yStart || e.start > yEnd) return
    out.push(
      promotion(
        Calendar.year(e.start) * 1000 + 500 + i,
        e.code,
        e.name ?? e.code,
        "custom",
        e.start,
        e.end,
        e.discountBps,
        e.departments,
        e.trafficMultiplier ?? 1
      )
    )
  })
  if (options.flashSales !== false) {
    const effects = Holidays.defaultYearEffects(year)
    for (let month = 1; month <= 12; month++) {
      const first = ymd(year, month, 1)
      const eligible: Array<number> = []
      for (let d = first; d < first + Calendar.daysInMonth(year, month); d++) {
        if (Calendar.dayOfWeek(d) > Calendar.THURSDAY) continue
        const names = effects.names[d - effects.first]!
        if (names.some((n) => n !== "summer")) continue
        if (out.some((p) => p.start <= d && d <= p.end)) continue
        eligible.push(d)
      }
      if (eligible.length === 0) continue
      const rng = Rng.make(options.seed ?? 0, "events", year, month)
      const day = eligible[rng.int(0, eligible.length - 1)]!
      const discount = 2000 + 500 * rng.int(0, 4)
      const a = rng.int(0, Departments.COUNT - 1)
      const depts: Array<Departments.Department> = [Departments.DEPARTMENTS[a]!]
      if (rng.chance(0.5))
        depts.push(Departments.DEPARTMENTS[(a + rng.int(1, Departments.COUNT - 1)) % Departments.COUNT]!)
      const [, m, dd] = Calendar.toYmd(day)
      out.push(
        promotion(
          year * 1000 + 100 + month,
          `FLASH${pad2(m)}${pad2(dd)}`,
          "Flash sale",
          "flash",
          day,
          day,
          discount,
          depts,
          FLASH_TRAFFIC
        )
      )
    }
  }
  return out.sort((a, b) => a.start - b.start || a.id - b.id)
}

/** Promotions of one year laid out per day. */
export interface YearPromotions {
  readonly year: number
  readonly first: Calendar.EpochDay
  readonly length: number
  /** Promotions active on each day (shared, frozen arrays). */
  readonly active: ReadonlyArray<ReadonlyArray<Promotion>>
  /** Product of the active promotions' traffic factors. */
  readonly traffic: Float64Array
  /** Department lifts: `categories[i * Departments.COUNT + dept]`. */
  readonly categories: Float64Array
}

const NONE: ReadonlyArray<Promotion> = Object.freeze([])

/** Lays out `promotions` over the days of `year`. */
export const yearPromotions = (year: number, promotions: ReadonlyArray<Promotion>): YearPromotions => {
  const first = ymd(year, 1, 1)
  const length = ymd(year + 1, 1, 1) - first
  const D = Departments.COUNT
  const active = new Array<Array<Promotion> | undefined>(length).fill(undefined)
  const traffic = new Float64Array(length).fill(1)
  const categories = new Float64Array(length * D).fill(1)
  for (const p of promotions) {
    for (let d = Math.max(p.start, first); d <= Math.min(p.end, first + length - 1); d++) {
      const i = d - first
      ;(active[i] ??= []).push(p)
      traffic[i] = traffic[i]! * p.trafficMultiplier
      for (const k of p.departmentIndices) categories[i * D + k] = categories[i * D + k]! * p.categoryLift
    }
  }
  return {
    year,
    first,
    length,
    active: active.map((a) => (a === undefined ? NONE : Object.freeze(a))),
    traffic,
    categories
  }
}

const cache = new Map<string, YearPromotions>()

/** Promotions active on `day` with default settings and the given seed. */
export const activePromotions = (day: Calendar.EpochDay, seed = 0): ReadonlyArray<Promotion> => {
  const y = Calendar.year(day)
  const key = `${seed}:${y}`
  let t = cache.get(key)
  if (t === undefined) {
    t = yearPromotions(y, calendar(y, { seed }))
    cache.set(key, t)
  }
  return t.active[day - t.first]!
}
