import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Calendar } from "@retail-datagen/core"
import { Patterns } from "@retail-datagen/patterns"
import { Effect } from "effect"
import { Plugins } from "../src/index.js"
import { FIXTURES, VISITS } from "./helpers.js"

const config = (input: unknown) => Effect.runSync(Config.decode(input))

describe("Plugins.fromConfig", () => {
  it.effect(
    "built-in families (patterns, supply chain, shoppers, sensors, marketing), then the config's modules",
    () =>
      Effect.gen(function* () {
        const list = yield* Plugins.fromConfig(config({ plugins: [VISITS] }))
        const names = list.map((p) => p.name)
        expect(names.slice(0, 7)).toStrictEqual([
          "patterns",
          "stock",
          "receipts",
          "online_orders",
          "sensors",
          "marketing",
          "inventory"
        ])
        expect(names.slice(-2)).toStrictEqual(["store_visits", "daily_totals"])
        expect(
          list
            .flatMap((p) => p.tables.map((t) => t.name))
            .slice(0, 9)
            .sort()
        ).toStrictEqual(
          [
            "ble_pings",
            "dc_inventory_txn",
            "foot_traffic",
            "marketing",
            "online_orders",
            "receipt_lines",
            "receipts",
            "store_inventory_txn",
            "truck_moves"
          ].sort()
        )
        // the supply chain's stock (it saves its ledger for resume), and exposure to the marketing plugin
        expect(list.find((p) => p.name === "stock")!.save).toBeDefined()
        const receipts = list.find((p) => p.name === "receipts")!
        expect(receipts.dependsOn).toContain("stock")
        expect(receipts.dependsOn).toContain(Plugins.MARKETING)
      })
  )

  it.effect(
    "a module's `stock` replaces the built-in stock and inventory; marketing options come from config",
    () =>
      Effect.gen(function* () {
        const own = { name: "stock", tables: [], dependsOn: [], init: () => null, step: () => [] }
        const list = yield* Plugins.builtIn(Config.defaults, { exclude: ["stock"] })
        expect(list.map((p) => p.name)).toStrictEqual([
          "patterns",
          "receipts",
          "online_orders",
          "sensors",
          "marketing"
        ])
        expect(Plugins.withDefaults([own, ...list]).filter((p) => p.name === "stock")).toStrictEqual([own])
        const c = config({
          volume: { marketing_impressions_per_day: 123 },
          marketing: { lift: 2, lookback_days: 3 }
        })
        expect(Plugins.marketingOptions(c)).toMatchObject({
          impressionsPerDay: 123,
          lift: 2,
          lookbackDays: 3
        })
        const bad: Config.Config = {
          ...Config.defaults,
          marketing: { ...Config.defaults.marketing, lift: 0.5 }
        }
        const e = yield* Effect.flip(Plugins.builtIn(bad))
        expect(e.message).toMatch(/@retail-datagen\/marketing.*lift/)
      })
  )

  it.effect("a module providing a `marketing` plugin turns the shoppers' exposure on", () =>
    Effect.gen(function* () {
      const list = yield* Plugins.fromConfig(config({ plugins: [path.join(FIXTURES, "marketing.mjs")] }))
      expect(list.find((p) => p.name === "receipts")!.dependsOn).toContain(Plugins.MARKETING)
    })
  )

  it.effect("a provided `stock` plugin is kept; the default is added only when missing", () =>
    Effect.gen(function* () {
      const own = { name: "stock", tables: [], dependsOn: [], init: () => null, step: () => [] }
      const shopper = { name: "shop", tables: [], dependsOn: ["stock"], init: () => null, step: () => [] }
      expect(Plugins.withDefaults([own, shopper]).map((p) => p.name)).toStrictEqual(["stock", "shop"])
      expect(Plugins.withDefaults([shopper]).map((p) => p.name)).toStrictEqual(["stock", "shop"])
      expect(Plugins.withDefaults([]).map((p) => p.name)).toStrictEqual([])
    })
  )

  it("the `patterns` plugin is added when a plugin depends on it, built from the config's overrides", () => {
    const reader = { name: "reader", tables: [], dependsOn: ["patterns"], init: () => null, step: () => [] }
    const c = config({ patterns: { weekly: [1, 1, 1, 1, 1, 2, 2] } })
    const list = Plugins.withDefaults([reader], c)
    expect(list.map((p) => p.name)).toStrictEqual(["patterns", "reader"])
    expect(Plugins.withDefaults([list[0]!, reader], c)).toHaveLength(2)
    const start = Calendar.parse("2024-03-04")
    const built = list[0]!.init({ seed: 9, start } as never) as Patterns.Patterns
    const expected = Patterns.make({ seed: 9, start, overrides: c.patterns })
    expect(built.weekly).toStrictEqual(expected.weekly)
    expect(built.weekly).not.toStrictEqual(Patterns.make({ seed: 9, start }).weekly)
  })

  it.effect("options the built-in package rejects fail naming the package", () =>
    Effect.gen(function* () {
      // a value the config schema would refuse, given as an already-decoded object
      const bad: Config.Config = {
        ...Config.defaults,
        volume: { ...Config.defaults.volume, customers_per_day: -1 }
      }
      const e = yield* Effect.flip(Plugins.fromConfig(bad))
      expect(e.message).toMatch(
        /^cannot load fact plugins from "@retail-datagen\/customers" \(config plugins\): .*customersPerDay/
      )
      // without the built-in families the same configuration is fine
      expect(yield* Plugins.fromConfig(bad, { builtIn: false })).toStrictEqual([])
    })
  )
})
