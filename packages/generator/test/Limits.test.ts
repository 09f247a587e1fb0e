/**
 * The configuration Schema holds the master data's limits with the same bounds, so that any
 * configuration that decodes also makes a valid master spec: an out-of-range value is always
 * reported by the config check (file and key path), never later by the master data.
 */
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Calendar } from "@retail-datagen/core"
import { Geographies, MasterSpec } from "@retail-datagen/master"
import { Effect, Exit, FastCheck } from "effect"
import { MasterData } from "../src/index.js"

const PAIRS = [
  ["stores", "stores"],
  ["dcs", "dcs"],
  ["customers", "customers"],
  ["products", "products"],
  ["geographies", "geographies"],
  ["trucks_per_dc", "trucksPerDc"],
  ["truck_capacity_units", "truckCapacityUnits"]
] as const

describe("config limits = master spec limits", () => {
  it("every bound is the master spec's", () => {
    for (const [config, spec] of PAIRS) {
      expect([config, Config.LIMITS[config].min, Config.LIMITS[config].max]).toStrictEqual([
        config,
        MasterSpec.RULES[spec].min,
        MasterSpec.RULES[spec].max
      ])
    }
    expect(Config.LIMITS.geographies.max).toBe(Geographies.CITY_COUNT)
    expect(Config.LIMITS.storeProductPairs.max).toBe(MasterSpec.MAX_STORE_PRODUCT_PAIRS)
    expect(Calendar.fromYmd(Config.LIMITS.startYear.min, 1, 1)).toBe(MasterSpec.RULES.startDate.min)
    expect(Calendar.fromYmd(Config.LIMITS.startYear.max, 12, 31)).toBe(MasterSpec.RULES.startDate.max)
  })

  it("a configuration that decodes always gives a valid master spec (property, at and near the bounds)", () => {
    const near = (l: { readonly min: number; readonly max: number }) =>
      FastCheck.oneof(
        FastCheck.constantFrom(l.min, l.max),
        FastCheck.integer({ min: l.min, max: Math.min(l.max, l.min + 50) }),
        FastCheck.integer({ min: Math.max(l.min, l.max - 50), max: l.max })
      )
    FastCheck.assert(
      FastCheck.property(
        near(Config.LIMITS.stores),
        near(Config.LIMITS.dcs),
        near(Config.LIMITS.products),
        near(Config.LIMITS.geographies),
        near(Config.LIMITS.trucks_per_dc),
        near(Config.LIMITS.truck_capacity_units),
        FastCheck.constantFrom("1970-01-01", "2199-12-31", "2024-02-29"),
        (stores, dcs, products, geographies, trucks, capacity, start) => {
          const decoded = Effect.runSyncExit(
            Config.decode({
              volume: {
                stores,
                dcs,
                products,
                geographies,
                trucks_per_dc: trucks,
                truck_capacity_units: capacity,
                customers: Config.LIMITS.customers.max
              },
              dates: { start, end: start }
            })
          )
          if (Exit.isFailure(decoded)) return // rejected by the config check, with its path
          const spec = Effect.runSyncExit(MasterData.spec(decoded.value, Calendar.parse(start)))
          expect(Exit.isSuccess(spec), String(Exit.isFailure(spec) ? spec.cause : "")).toBe(true)
        }
      ),
      { numRuns: 200 }
    )
  })
})
