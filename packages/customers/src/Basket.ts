/**
 * A basket for a given customer and behaviour — the counterpart of FACT_GENERATION.md's
 * `CustomerJourneySimulator.generate_shopping_basket(customer_id, behavior_type)`.
 *
 * How a basket is drawn (the same code the `receipts` plugin runs, before stock):
 * 1. lines = 1 + Poisson(`world.lambda[behaviour]`) (calibrated to `itemsPerTicketMean`);
 * 2. the receipt redeems a promotion with the segment's propensity (`Segments.PROMO_PROPENSITY`,
 *    × `Segments.CHAIN_PROMO_BOOST` when a chain promotion runs); the promotion is drawn from
 *    the day's list (`Promotions.forDay`) and the first line comes from its departments;
 * 3. each line: a department from the behaviour mix × the day's department lifts
 *    (`patterns.categoryLifts`: holidays, promotions, the region's weather), a category by
 *    popularity × the behaviour's category boosts, then a product — from the customer's
 *    preferred brand with the segment's brand loyalty, else by popularity tilted by the
 *    segment's price preference — launched by `day` and (given a store) carried by the store;
 *    a product already in the basket is redrawn;
 * 4. quantity 1, or 2–`MAX_QTY` with the behaviour's multi-unit probability; UnitPrice is
 *    SalePrice, or the promotion's discounted price on its departments.
 *
 * @example
 * import { Calendar, Rng } from "@retail-datagen/core"
 * import { Basket, Behaviours, World } from "@retail-datagen/customers"
 * const world = World.make(master, { seed: 42 })
 * const basket = Basket.generate(world, 123, Behaviours.FAMILY_SHOPPING, Calendar.parse("2024-11-29"), Rng.make(42, "demo"))
 * basket.productIds   // Int32Array of ProductIDs
 * basket.unitPrices   // cents, after promotions
 * basket.promoCodes   // e.g. [ "BLACKFRIDAY24", null, … ]
 */
import type { Calendar, Rng } from "@retail-datagen/core"
import { Departments } from "@retail-datagen/patterns"
import * as Behaviours from "./Behaviours.js"
import { BasketBuffer, type BasketContext, departmentCumulative, fillBasket } from "./internal/basket.js"
import { Assortment } from "./internal/catalog.js"
import type { DayPromotions } from "./Promotions.js"
import * as Segments from "./Segments.js"
import * as StoreChoice from "./StoreChoice.js"
import * as World from "./World.js"

/** A drawn basket: one entry per line, in line order. */
export interface Basket {
  readonly customerId: number
  /** Behaviour code (`Behaviours.NAMES`). */
  readonly behaviour: number
  readonly day: Calendar.EpochDay
  /** ProductIDs (1-based). */
  readonly productIds: Int32Array
  readonly quantities: Int32Array
  /** Charged price per unit, cents (SalePrice, or less under a promotion). */
  readonly unitPrices: Int32Array
  /** The promotion code of each line, or null. */
  readonly promoCodes: ReadonlyArray<string | null>
}

export interface GenerateOptions {
  /** Draw only products this store (StoreID) carries, with its region's weather lifts. */
  readonly storeId?: number | undefined
  /** Force (true) or forbid (false) redeeming a promotion; default: the segment's propensity. */
  readonly promotion?: boolean | undefined
}

/**
 * Whether a receipt of a `segment` customer redeems a promotion, and which: an index into
 * `promos.list`, or -1.
 */
export const redeem = (promos: DayPromotions, segment: number, rng: Rng.Stream): number => {
  const p = Segments.PROMO_PROPENSITY[segment]! * (promos.chain ? Segments.CHAIN_PROMO_BOOST : 1)
  return rng.float() < p ? promos.pick.sample(rng) : -1
}

/**
 * Draws a basket for customer `customerId` (CustomerID) with `behaviour` (code or name) on
 * `day`, from `rng`. Deterministic in (world, arguments, rng state). Throws a `RangeError` for
 * an unknown customer, store or behaviour.
 */
export const generate = (
  world: World.World,
  customerId: number,
  behaviour: number | string,
  day: Calendar.EpochDay,
  rng: Rng.Stream,
  options: GenerateOptions = {}
): Basket => {
  const master = world.master
  const b = typeof behaviour === "number" ? behaviour : Behaviours.NAMES.indexOf(behaviour)
  if (!(Number.isInteger(b) && b >= 0 && b < Behaviours.COUNT))
    throw new RangeError(`unknown behaviour ${behaviour}; known: ${Behaviours.NAMES.join(", ")}`)
  if (!(Number.isInteger(customerId) && customerId >= 1 && customerId <= master.customers.length))
    throw new RangeError(`customer ${customerId} is not in 1..${master.customers.length}`)
  const storeId = options.storeId
  if (
    storeId !== undefined &&
    !(Number.isInteger(storeId) && storeId >= 1 && storeId <= master.stores.length)
  )
    throw new RangeError(`store ${storeId} is not in 1..${master.stores.length}`)
  const catalog = world.catalog
  catalog.ensureDay(day)
  const storeRow = storeId === undefined ? StoreChoice.homeStore(master, customerId - 1) - 1 : storeId - 1
  const lifts = world.patterns.categoryLifts(
    day,
    world.storeRegion[storeRow],
    new Float64Array(Departments.COUNT)
  )
  const promos = World.promotions(world, day)
  const ctx: BasketContext = {
    catalog,
    assortment: storeId === undefined ? null : new Assortment(master, (s) => s === storeRow),
    brandSalt: world.brandSalt,
    deptCum: departmentCumulative(
      catalog,
      world.departmentMix,
      lifts,
      new Float64Array(Behaviours.COUNT * Departments.COUNT)
    ),
    lambda: world.lambda,
    promos
  }
  const segment = Segments.of(master.customers, customerId - 1)
  const promo =
    options.promotion === undefined
      ? redeem(promos, segment, rng)
      : options.promotion
        ? promos.pick.sample(rng)
        : -1
  const buf = new BasketBuffer()
  fillBasket(ctx, buf, rng, day, customerId, segment, b, promo, -1, storeRow)
  const n = buf.length
  const productIds = new Int32Array(n)
  for (let i = 0; i < n; i++) productIds[i] = buf.product[i]! + 1
  return {
    customerId,
    behaviour: b,
    day,
    productIds,
    quantities: buf.qty.slice(0, n),
    unitPrices: buf.unit.slice(0, n),
    promoCodes: Array.from(buf.promo.subarray(0, n), (k) => (k < 0 ? null : promos.list[k]!.code))
  }
}
