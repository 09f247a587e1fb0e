/**
 * Every numeric limit of the generator is checked by the configuration Schema: for each, the
 * bound itself passes and one step beyond fails with a problem naming the key path (and, from a
 * file, the file) — so `stores: 1e9` is rejected as `c.json: volume.stores: …`, not later by
 * the master data. The shoppers' and marketing's option limits are checked the same way.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { ShopperOptions } from "@retail-datagen/customers"
import { MarketingOptions } from "@retail-datagen/marketing"
import { Effect, Exit, FastCheck } from "effect"
import { afterAll } from "vitest"
import { Config } from "../src/index.js"

const dir = mkdtempSync(join(tmpdir(), "config-limits-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The problems of decoding `input` (empty when it decodes). */
const problems = (input: unknown): ReadonlyArray<Config.Problem> => {
  const exit = Effect.runSyncExit(Config.decode(input))
  if (Exit.isSuccess(exit)) return []
  const e = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  if (e === undefined) throw new Error(String(exit.cause))
  return e.problems
}

type Field = keyof typeof Config.LIMITS & keyof Config.Volume

/** The other volume fields a value of `field` needs to be valid on its own (dcs ≤ stores, stores × products). */
const context = (field: Field, value: number): Record<string, number> =>
  field === "dcs"
    ? { stores: Math.max(value, 1) }
    : field === "products"
      ? { stores: 1, dcs: 1 }
      : field === "stores"
        ? { products: 1, dcs: 1 }
        : {}

const FIELDS: ReadonlyArray<Field> = [
  "stores",
  "dcs",
  "customers",
  "products",
  "geographies",
  "trucks_per_dc",
  "truck_capacity_units"
]

describe("numeric limits live in the configuration Schema", () => {
  for (const field of FIELDS) {
    const { min, max } = Config.LIMITS[field]
    it(`volume.${field}: ${min} and ${max} pass, ${min - 1} and ${max + 1} fail naming the path`, () => {
      for (const ok of [min, max]) {
        expect(problems({ volume: { ...context(field, ok), [field]: ok } })).toStrictEqual([])
      }
      for (const bad of [min - 1, max + 1]) {
        const found = problems({ volume: { ...context(field, max), [field]: bad } })
        expect(found.map((p) => p.path)).toStrictEqual([`volume.${field}`])
        expect(found[0]!.message).toMatch(
          new RegExp(`^expected an integer from [\\d,]+ to [\\d,]+, got ${bad}$`)
        )
      }
    })
  }

  it("any value inside passes and any value outside fails (property)", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.constantFrom(...FIELDS),
        FastCheck.double({ min: -1e12, max: 1e12, noNaN: true }),
        (field, v) => {
          const value = Math.round(v)
          const { min, max } = Config.LIMITS[field]
          const found = problems({
            volume: { ...context(field, Math.min(Math.max(value, min), max)), [field]: value }
          })
          const inside = value >= min && value <= max
          expect(found.map((p) => p.path)).toStrictEqual(inside ? [] : [`volume.${field}`])
        }
      )
    )
  })

  it("stores × products: the largest product count passes, one more fails naming volume.products", () => {
    const stores = 1_000
    const most = Config.LIMITS.storeProductPairs.max / stores
    expect(problems({ volume: { stores, products: most } })).toStrictEqual([])
    const found = problems({ volume: { stores, products: most + 1 } })
    expect(found).toStrictEqual([
      {
        path: "volume.products",
        message: `expected at most 500,000 with 1,000 stores (volume.stores × volume.products at most 500,000,000), got ${most + 1}`
      }
    ])
  })

  it("dates.start: years 1970 to 2199", () => {
    for (const ok of ["1970-01-01", "2199-12-31"]) {
      expect(problems({ dates: { start: ok, end: "2199-12-31" } })).toStrictEqual([])
    }
    for (const bad of ["1969-12-31", "2200-01-01"]) {
      const found = problems({ dates: { start: bad, end: "2200-01-02" } })
      expect(found.map((p) => p.path)).toStrictEqual(["dates.start"])
      expect(found[0]!.message).toBe(`expected a date YYYY-MM-DD from 1970-01-01 to 2199-12-31, got "${bad}"`)
    }
  })

  it.effect("stores: 1e9 in a file is reported with the file and the field", () =>
    Effect.gen(function* () {
      const file = join(dir, "c.json")
      writeFileSync(file, '{ "volume": { "stores": 1e9 } }')
      const error = yield* Effect.flip(Config.load(file))
      expect(error.lines).toStrictEqual([
        `${file}: volume.stores: expected an integer from 1 to 99,999, got 1000000000`
      ])
    })
  )

  /** The plugins' option limits: [key path, limit] — each bound passes, one step beyond fails. */
  const OPTION_LIMITS: ReadonlyArray<readonly [string, Config.Range, number]> = [
    ["volume.customers_per_day", Config.LIMITS.customers_per_day, 1],
    ["volume.items_per_ticket_mean", Config.LIMITS.items_per_ticket_mean, 0.01],
    ["volume.online_orders_per_day", Config.LIMITS.online_orders_per_day, 1],
    ["volume.marketing_impressions_per_day", Config.LIMITS.marketing_impressions_per_day, 1],
    ["marketing.lift", Config.LIMITS.lift, 0.01],
    ["marketing.lookback_days", Config.LIMITS.lookback_days, 1]
  ]
  const at = (path: string, value: number): unknown => {
    const [section, key] = path.split(".") as [string, string]
    return { [section]: { [key]: value } }
  }
  for (const [path, { min, max }, step] of OPTION_LIMITS) {
    it(`${path} (a plugin option): its bounds pass, one step beyond fails naming the path`, () => {
      for (const ok of [min, max].filter(Number.isFinite)) expect(problems(at(path, ok))).toStrictEqual([])
      for (const bad of [min - step, max + step].filter(Number.isFinite)) {
        const found = problems(at(path, bad))
        expect(found.map((p) => p.path)).toStrictEqual([path])
        expect(found[0]!.message).toMatch(/^expected an? (integer|number) /)
      }
    })
  }

  it("the plugin option limits are the plugins' own (one home, no second copy)", () => {
    expect(Config.LIMITS.items_per_ticket_mean).toStrictEqual(ShopperOptions.RULES.itemsPerTicketMean)
    expect(Config.LIMITS.customers_per_day).toStrictEqual(ShopperOptions.RULES.customersPerDay)
    const { impressionsPerDay, lift, lookbackDays } = MarketingOptions.RULES
    expect(Config.LIMITS.marketing_impressions_per_day).toStrictEqual({
      min: impressionsPerDay.min,
      max: impressionsPerDay.max
    })
    expect(Config.LIMITS.lift).toStrictEqual({ min: lift.min, max: lift.max })
    expect(Config.LIMITS.lookback_days).toStrictEqual({ min: lookbackDays.min, max: lookbackDays.max })
  })

  it.effect(
    "marketing_impressions_per_day above the marketing plugin's limit, in a file: file and field named",
    () =>
      Effect.gen(function* () {
        const file = join(dir, "m.json")
        writeFileSync(file, '{ "volume": { "marketing_impressions_per_day": 100001 } }')
        const error = yield* Effect.flip(Config.load(file))
        expect(error.lines).toStrictEqual([
          `${file}: volume.marketing_impressions_per_day: expected an integer from 0 to 100,000, got 100001`
        ])
      })
  )
})
