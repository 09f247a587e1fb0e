/**
 * The promotions a shopper can redeem on a day: the chain-wide promotions of the patterns
 * calendar (`patterns.activePromotions(day)`: seasonal events, flash sales, custom events) plus
 * the store's **weekly deal**, which is always running so that promotions reach 10–20 % of
 * receipts in every season.
 *
 * Weekly deal: week `w` = ⌊(day of year − 1) / 7⌋ + 1 (1–53, weeks start on January 1st);
 * code `DEAL<yy><ww>` (e.g. `DEAL2407`), 10, 15, 20 or 25 % off on two departments, both drawn
 * from the stream `(seed, "shopper-deals", year, week)`.
 *
 * A receipt that redeems a promotion (see `Segments.PROMO_PROPENSITY`) picks one of the day's
 * promotions (a chain promotion weighs `CHAIN_WEIGHT`, the weekly deal 1); its first line comes
 * from one of the promotion's departments and every line of those departments gets the
 * promotion's price (`Money.discount(SalePrice, discountBps)`) and code.
 *
 * @example
 * import { Calendar } from "@retail-datagen/core"
 * import { Promotions } from "@retail-datagen/customers"
 * Promotions.weeklyDeal(42, Calendar.parse("2024-02-14")).code // "DEAL2407"
 */
import { Calendar, Distribution, Ids, Rng } from "@retail-datagen/core"
import { Departments, type Events, type Patterns } from "@retail-datagen/patterns"

/** Weight of a chain-wide promotion against the weekly deal when a receipt picks one. */
export const CHAIN_WEIGHT = 3

/** Discounts of the weekly deal, basis points. */
export const DEAL_DISCOUNTS: ReadonlyArray<number> = [1000, 1500, 2000, 2500]

/** The week of the year (1–53) of `day`; weeks start on January 1st. */
export const weekOfYear = (day: Calendar.EpochDay): number =>
  Math.floor((Calendar.dayOfYear(day) - 1) / 7) + 1

/** The weekly deal running on `day`. */
export const weeklyDeal = (seed: number, day: Calendar.EpochDay): Events.Promotion => {
  const year = Calendar.year(day)
  const week = weekOfYear(day)
  const rng = Rng.make(seed, "shopper-deals", year, week)
  const discountBps = DEAL_DISCOUNTS[rng.int(0, DEAL_DISCOUNTS.length - 1)]!
  const a = rng.int(0, Departments.COUNT - 1)
  const b = (a + rng.int(1, Departments.COUNT - 1)) % Departments.COUNT
  const indices = a < b ? [a, b] : [b, a]
  const first = Calendar.fromYmd(year, 1, 1)
  const start = first + (week - 1) * 7
  const end = Math.min(start + 6, Calendar.fromYmd(year, 12, 31))
  return Object.freeze({
    id: year * 1000 + 800 + week,
    code: `DEAL${Ids.pad(((year % 100) + 100) % 100, 2)}${Ids.pad(week, 2)}`,
    name: "Weekly deal",
    kind: "custom" as const,
    start,
    end,
    discountBps,
    departments: indices.map((i) => Departments.DEPARTMENTS[i]!),
    departmentIndices: indices,
    trafficMultiplier: 1,
    categoryLift: 1
  })
}

/** The promotions of one day, ready for the basket builder. */
export interface DayPromotions {
  readonly day: Calendar.EpochDay
  /** Chain promotions first (patterns order), then the weekly deal. */
  readonly list: ReadonlyArray<Events.Promotion>
  /** Whether a chain-wide promotion runs (raises the redemption probability). */
  readonly chain: boolean
  /** `list.length × Departments.COUNT`: 1 where the promotion covers the department. */
  readonly mask: Uint8Array
  /** Picks an index of `list` (chain promotions weigh `CHAIN_WEIGHT`, the deal 1). */
  readonly pick: Distribution.AliasTable
}

/** The promotions redeemable on `day`. */
export const forDay = (patterns: Patterns.Patterns, seed: number, day: Calendar.EpochDay): DayPromotions => {
  const chainList = patterns.activePromotions(day)
  const list = [...chainList, weeklyDeal(seed, day)]
  const mask = new Uint8Array(list.length * Departments.COUNT)
  const weights = new Float64Array(list.length)
  list.forEach((p, i) => {
    for (const d of p.departmentIndices) mask[i * Departments.COUNT + d] = 1
    weights[i] = i < chainList.length ? CHAIN_WEIGHT : 1
  })
  return { day, list, chain: chainList.length > 0, mask, pick: Distribution.alias(weights) }
}
