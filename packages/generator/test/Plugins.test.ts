import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Effect } from "effect"
import { Plugins } from "../src/index.js"
import { FIXTURES, VISITS } from "./helpers.js"

const config = (input: unknown) => Effect.runSync(Config.decode(input))

describe("Plugins.fromConfig", () => {
  it.effect(
    "built-in families, then the config's modules, with Stock.unlimited for the shoppers' stock",
    () =>
      Effect.gen(function* () {
        const list = yield* Plugins.fromConfig(config({ plugins: [VISITS] }))
        const names = list.map((p) => p.name)
        expect(names[0]).toBe("stock")
        expect(names).toContain("receipts")
        expect(names.slice(-2)).toStrictEqual(["store_visits", "daily_totals"])
        expect(list.find((p) => p.name === "stock")!.tables).toStrictEqual([])
        // the shoppers read stock; without a marketing plugin they do not ask for exposure
        const receipts = list.find((p) => p.name === "receipts")!
        expect(receipts.dependsOn).toContain("stock")
        expect(receipts.dependsOn).not.toContain(Plugins.MARKETING)
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
