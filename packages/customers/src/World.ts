/**
 * The shopper world: master data, demand patterns and every table the basket builder needs,
 * precomputed once (per shard) from the master data. `Basket.generate` and the shopper plugins
 * draw from it; building it costs O(products × segments + customers).
 *
 * @example
 * import { Master, MasterSpec } from "@retail-datagen/master"
 * import { World } from "@retail-datagen/customers"
 * const master = Master.generateMaster(MasterSpec.make({ seed: 42, stores: 10, dcs: 2, customers: 2000, products: 500 }))
 * const world = World.make(master, { seed: 42, itemsPerTicketMean: 4.2 })
 * world.lambda // Poisson mean of extra lines per behaviour, calibrated to 4.2 lines per basket
 */
import { Calendar, Distribution, Hash } from "@retail-datagen/core"
import type { Master } from "@retail-datagen/master"
import { Patterns, type StoreHours } from "@retail-datagen/patterns"
import * as Behaviours from "./Behaviours.js"
import { Catalog } from "./internal/catalog.js"
import * as Promotions from "./Promotions.js"
import * as Segments from "./Segments.js"

/** Salt domain of the per-customer brand preference (`World.brandSalt`). */
const BRAND_DOMAIN = 0x27d4eb2f

/** Default mean lines per receipt (DATA-CONTRACT §2 `items_per_ticket_mean`). */
export const DEFAULT_ITEMS_PER_TICKET = 4.2

/** Mean lines per online order. */
export const ONLINE_ITEMS_MEAN = 3

export interface Options {
  /** The run's seed (patterns' weather and flash sales, weekly deals, preferred brands). */
  readonly seed: number
  /** Mean lines per store basket (≥ 1); default `DEFAULT_ITEMS_PER_TICKET`. */
  readonly itemsPerTicketMean?: number | undefined
  /** Mean lines per online basket (≥ 1); default `ONLINE_ITEMS_MEAN`. */
  readonly onlineItemsMean?: number | undefined
  /**
   * The run's patterns (the plugins pass the shard's `PatternsService`); default the built-in
   * patterns of `seed`, precomputed from `start`.
   */
  readonly patterns?: Patterns.Patterns | undefined
  /** First day to precompute the default patterns for (other years are built on first use). */
  readonly start?: Calendar.EpochDay | undefined
}

/** Precomputed shopper tables. Read-only for users; the plugins keep one per shard. */
export interface World {
  readonly master: Master.Master
  readonly seed: number
  readonly patterns: Patterns.Patterns
  readonly itemsPerTicketMean: number
  readonly onlineItemsMean: number
  /** Share of customers per segment in the master data. */
  readonly segmentShares: Float64Array
  /** Store baskets: lines = 1 + Poisson(lambda[behaviour]). */
  readonly lambda: Float64Array
  /** Online baskets: lines = 1 + Poisson(onlineLambda[behaviour]). */
  readonly onlineLambda: Float64Array
  /** Behaviour per segment (`Segments.BEHAVIOUR_MIX`). */
  readonly behaviourPick: ReadonlyArray<Distribution.AliasTable>
  /** Store tender per segment (`Segments.TENDER_MIX`). */
  readonly tenderPick: ReadonlyArray<Distribution.AliasTable>
  /** `Behaviours.DEPARTMENT_MIX`, flat. */
  readonly departmentMix: Float64Array
  /** Regular opening hours of each store row. */
  readonly storeHours: ReadonlyArray<StoreHours.Hours>
  /** Weather region (geography Region) of each store row. */
  readonly storeRegion: ReadonlyArray<string>
  /** Salt of the preferred-brand hash. */
  readonly brandSalt: number
  /** @internal the catalogue arranged for drawing. */
  readonly catalog: Catalog
  /** @internal caches. */
  readonly cache: { promos: Promotions.DayPromotions | null; readonly means: Map<number, number> }
}

/** Builds the world. Throws a `RangeError` for a mean number of lines below 1. */
export const make = (master: Master.Master, options: Options): World => {
  const seed = options.seed
  const itemsPerTicketMean = options.itemsPerTicketMean ?? DEFAULT_ITEMS_PER_TICKET
  const onlineItemsMean = options.onlineItemsMean ?? ONLINE_ITEMS_MEAN
  const segmentShares = new Float64Array(Segments.COUNT)
  const c = master.customers
  for (let i = 0; i < c.length; i++) segmentShares[c.segment[i]!]!++
  for (let g = 0; g < Segments.COUNT; g++) segmentShares[g] = c.length > 0 ? segmentShares[g]! / c.length : 0
  const start = options.start
  const patterns =
    options.patterns ?? Patterns.make({ seed, ...(start === undefined ? {} : { start, end: start }) })
  const s = master.stores
  const g = master.geographies
  return {
    master,
    seed,
    patterns,
    itemsPerTicketMean,
    onlineItemsMean,
    segmentShares,
    lambda: Behaviours.calibrate(itemsPerTicketMean, segmentShares),
    onlineLambda: Behaviours.calibrate(onlineItemsMean, segmentShares),
    behaviourPick: Segments.BEHAVIOUR_MIX.map((m) => Distribution.alias(m)),
    tenderPick: Segments.TENDER_MIX.map((m) => Distribution.alias(m)),
    departmentMix: Behaviours.departmentMixFlat(),
    storeHours: Array.from({ length: s.length }, (_, i) => ({
      open: s.openHour[i]!,
      close: s.closeHour[i]!
    })),
    storeRegion: Array.from({ length: s.length }, (_, i) => g.region[s.geographyId[i]! - 1]!),
    brandSalt: Hash.salt(seed, "preferred-brand", BRAND_DOMAIN),
    catalog: new Catalog(master),
    cache: { promos: null, means: new Map() }
  }
}

/**
 * Mean `dayMultiplier` over the calendar year of `day` for `channel` (cached per year): the
 * divisor that makes a baseline the volume of an average day of that year.
 */
export const yearMean = (world: World, day: Calendar.EpochDay, channel: Patterns.Channel): number => {
  const year = Calendar.year(day)
  const key = channel === "store" ? year : -year - 1
  let m = world.cache.means.get(key)
  if (m === undefined) {
    m = world.patterns.meanDayMultiplier(
      Calendar.fromYmd(year, 1, 1),
      Calendar.fromYmd(year, 12, 31),
      channel
    )
    world.cache.means.set(key, m)
  }
  return m
}

/** The promotions redeemable on `day` (cached for the last day asked). */
export const promotions = (world: World, day: Calendar.EpochDay): Promotions.DayPromotions => {
  const cached = world.cache.promos
  if (cached !== null && cached.day === day) return cached
  const p = Promotions.forDay(world.patterns, world.seed, day)
  world.cache.promos = p
  return p
}
