/**
 * fast-check arbitraries for property tests of plugins: small valid configurations (as
 * `Config.Overrides` over `Splits.SMALL_WORLD`), shards and seeds. Every generated value decodes.
 *
 * @example
 * import { FastCheck as fc } from "effect"
 * import { Arbitraries } from "@retail-datagen/testkit"
 * fc.assert(fc.property(Arbitraries.world(), (overrides) => overrides.volume!.dcs! <= overrides.volume!.stores!))
 */
import type { Config } from "@retail-datagen/config"
import type { Plugin } from "@retail-datagen/core"
import { FastCheck as fc } from "effect"

/** A seed (any safe non-negative integer below 2³¹). */
export const seed = (): fc.Arbitrary<number> => fc.integer({ min: 0, max: 2 ** 31 - 1 })

/** Bounds of `world`. */
export interface WorldBounds {
  readonly maxStores?: number | undefined
  readonly maxDcs?: number | undefined
  readonly maxCustomers?: number | undefined
  readonly maxDays?: number | undefined
}

/**
 * A small world: seed, 1…`maxStores` stores over 1…`maxDcs` DCs (never more DCs than stores),
 * 20…`maxCustomers` customers, 20…200 products, 0…200 receipts and 0…20 online orders a day, and
 * 1…`maxDays` days from a start in 2023–2025.
 */
export const world = (bounds: WorldBounds = {}): fc.Arbitrary<Config.Overrides> =>
  fc
    .record({
      seed: seed(),
      stores: fc.integer({ min: 1, max: bounds.maxStores ?? 12 }),
      dcs: fc.integer({ min: 1, max: bounds.maxDcs ?? 4 }),
      customers: fc.integer({ min: 20, max: bounds.maxCustomers ?? 400 }),
      products: fc.integer({ min: 20, max: 200 }),
      receipts: fc.integer({ min: 0, max: 200 }),
      orders: fc.integer({ min: 0, max: 20 }),
      startDay: fc.integer({ min: 0, max: 3 * 365 - 1 }),
      days: fc.integer({ min: 1, max: bounds.maxDays ?? 3 })
    })
    .map((w) => {
      const start = new Date(Date.UTC(2023, 0, 1) + w.startDay * 86_400_000)
      const end = new Date(start.getTime() + (w.days - 1) * 86_400_000)
      return {
        seed: w.seed,
        volume: {
          stores: w.stores,
          dcs: Math.min(w.dcs, w.stores),
          customers: w.customers,
          products: w.products,
          customers_per_day: w.receipts,
          online_orders_per_day: w.orders
        },
        dates: { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) }
      }
    })

/** A shard of 1…`maxCount` shards. */
export const shard = (maxCount = 4): fc.Arbitrary<Plugin.Shard> =>
  fc
    .integer({ min: 1, max: maxCount })
    .chain((count) => fc.record({ index: fc.integer({ min: 0, max: count - 1 }), count: fc.constant(count) }))
