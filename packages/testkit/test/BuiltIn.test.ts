/**
 * The built-in plugins' determinism test, through the kit as a plugin author's would run: every
 * built-in plugin (the supply chain's stock and inventory, the shoppers' receipts and online
 * orders, the sensors, marketing) on the small world's two days, in-process, on 2 and 3 worker
 * threads and as 2 and 3 shards joined by `merge` — every file byte-identical. It lives here, not
 * in the plugins' packages, because the kit runs them through the generator, which depends on
 * them.
 *
 * Worker threads run the compiled generator (dist): build the packages before this test.
 */
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Plugins } from "@retail-datagen/generator"
import { Effect } from "effect"
import { Splits } from "../src/index.js"

describe("the built-in plugins", () => {
  it.effect(
    "give the same bytes on 1, 2, 3 workers and 2, 3 shards + merge, every table written",
    () =>
      Effect.gen(function* () {
        const config = yield* Config.decode(Splits.SMALL_WORLD)
        const plugins = yield* Plugins.fromConfig(config)
        const tables = plugins.flatMap((p) => p.tables.map((t) => t.name))
        expect(plugins.map((p) => p.name).sort()).toStrictEqual([
          "inventory",
          "marketing",
          "online_orders",
          "patterns",
          "receipts",
          "sensors",
          "stock"
        ])
        const result = yield* Splits.check({ plugins: [], builtIn: true })
        expect(result.runs).toStrictEqual([
          "workers 1",
          "workers 2",
          "workers 3",
          "shards 2 + merge",
          "shards 3 + merge"
        ])
        // every built-in table has rows (trucks arrive on the second day), so every one was compared
        for (const table of tables) expect(result.rows[table], table).toBeGreaterThan(0)
        expect(result.files).toBe(tables.length * 2)
      }),
    180_000
  )
})
