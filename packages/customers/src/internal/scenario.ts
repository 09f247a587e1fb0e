/**
 * The shoppers' side of a scenario (docs/scenarios.md): quantities rescaled by a demand or price
 * factor, rounded with a hash keyed by the line so that no random stream is consumed — every
 * other draw of the store-day stays the same as in the baseline (common random numbers).
 */
import { Hash, Money } from "@retail-datagen/core"
import { Scenario } from "@retail-datagen/scenario"
import type { DayPromotions } from "../Promotions.js"
import { type BasketBuffer, unit2 } from "./basket.js"
import type { Catalog } from "./catalog.js"

/** The customers package's hashing domain (the preferred brand's too; see `Hash.salt`). */
const DOMAIN = 0x27d4eb2f

/** The salt of the rounding hash of a run. */
export const roundingSalt = (seed: number): number => Hash.salt(seed, "scenario-quantity", DOMAIN)

/**
 * `qty × factor`, randomly rounded so that its mean is exact: ⌊qty·f + u⌋ with u uniform in [0, 1)
 * keyed by (store, day, visit, product). 0 means the shopper no longer wants the line.
 */
export const rescale = (
  qty: number,
  factor: number,
  s: number,
  storeId: number,
  day: number,
  visit: number,
  product: number
): number => Math.floor(qty * factor + unit2(s ^ Hash.mix32(day), storeId * 100_000 + visit, product))

/** A price in cents × factor, to the nearest cent (at least 1 cent). */
export const reprice = (cents: number, factor: number): number => Math.max(1, Math.round(cents * factor))

/**
 * Applies a day's promotion changes (`Scenario.PromotionChanges`) to line `i` of `buf`, priced by
 * `priceLine`: a calendar promotion removed for the product's category or brand gives way to
 * SalePrice; a line then without a promotion takes a promotion added to its category or brand
 * (its `promo` becomes `listLength + k`, k the intervention's index). Returns the quantity factor
 * of the price response, (new price / old price)^−ε with the nominal discounts (1 when unchanged).
 */
export const promote = (
  changes: Scenario.PromotionChanges,
  added: ReadonlyArray<Scenario.AddedPromotion | undefined>,
  catalog: Catalog,
  promos: DayPromotions,
  buf: BasketBuffer,
  i: number
): number => {
  const p = buf.product[i]!
  const c = catalog.catOf[p]!
  const b = catalog.brandOf[p]!
  let ratio = 1
  const old = buf.promo[i]!
  if (
    old >= 0 &&
    (changes.removeAll || changes.removedCategories?.[c] === 1 || changes.removedBrands?.[b] === 1)
  ) {
    ratio = 1 / (1 - promos.list[old]!.discountBps / 10_000)
    buf.unit[i] = catalog.price[p]!
    buf.promo[i] = -1
  }
  if (buf.promo[i]! < 0) {
    const byCategory = changes.addedCategories === null ? -1 : changes.addedCategories[c]!
    const k = byCategory >= 0 ? byCategory : changes.addedBrands === null ? -1 : changes.addedBrands[b]!
    if (k >= 0) {
      const bps = added[k]!.discountBps
      ratio *= 1 - bps / 10_000
      buf.unit[i] = Money.discount(catalog.price[p]!, bps)
      buf.promo[i] = promos.list.length + k
    }
  }
  return ratio === 1 ? 1 : ratio ** -Scenario.PRICE_ELASTICITY
}

/** The PromoCode of a staged line's promotion index (`promote`'s encoding of added promotions). */
export const promoCode = (
  promos: DayPromotions,
  added: ReadonlyArray<Scenario.AddedPromotion | undefined> | null,
  promo: number
): string =>
  promo < 0
    ? ""
    : promo < promos.list.length
      ? promos.list[promo]!.code
      : added![promo - promos.list.length]!.code

/** The salt of the hash that picks a closed store's redirected visits. */
export const redirectSalt = (seed: number): number => Hash.salt(seed, "scenario-redirect", DOMAIN)

/** A uniform number in [0, 1) keyed by (closed store, day, visit): the visit is redirected when below the share. */
export const redirectDraw = (s: number, storeId: number, day: number, visit: number): number =>
  unit2(s ^ Hash.mix32(day), storeId, visit)

/**
 * Second `sec` of a day open `[from, to)` moved to the same position in `[open, close)`: a
 * redirected visit keeps its place in the day within the host store's hours.
 */
export const mapSecond = (sec: number, from: number, to: number, open: number, close: number): number =>
  to - from === close - open
    ? sec - from + open
    : Math.min(close - 1, open + Math.floor(((sec - from) * (close - open)) / (to - from)))
