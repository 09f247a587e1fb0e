/**
 * A scenario run is as deterministic as a baseline: the same bytes with one worker, two worker
 * threads, two shards merged, and a run stopped after two days then continued — the ground truth
 * included (a closed store's redirected visits, a closed DC's rerouted online orders). The workers rebuild
 * their plugins from the encoded configuration, scenario included (built `dist` needed, as for
 * ScaleOut.test.ts).
 */
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Effect } from "effect"
import { afterAll } from "vitest"
import { Generator } from "../src/index.js"
import { cleanup, dataFiles, expectSameData, freshDir } from "./helpers.js"

afterAll(cleanup)

const SCENARIO = {
  name: "mixed",
  interventions: [
    { type: "store_closed", stores: [2], start: "2024-12-10", end: "2024-12-11" },
    { type: "dc_closed", dc: 1, start: "2024-12-10", end: "2024-12-11" },
    { type: "demand_shock", dc: 2, factor: 1.4, start: "2024-12-09", end: "2024-12-12" },
    { type: "price_change", category: "Snacks", percent: 25, start: "2024-12-11", end: "2024-12-12" },
    { type: "marketing_budget", channel: "FACEBOOK", factor: 2.5, start: "2024-12-09", end: "2024-12-10" },
    {
      type: "marketing_budget",
      channel: "EMAIL",
      dc: 1,
      factor: 0.4,
      start: "2024-12-10",
      end: "2024-12-12"
    },
    { type: "promotion_removed", dc: 3, start: "2024-12-09", end: "2024-12-12" },
    {
      type: "promotion_added",
      category: "Dairy & Eggs",
      discount: 20,
      start: "2024-12-10",
      end: "2024-12-11"
    },
    { type: "weather_event", dc: 1, condition: "heat", factor: 0.8, start: "2024-12-11", end: "2024-12-12" }
  ]
}

const configOf = (dir: string): Config.Config =>
  Effect.runSync(
    Config.decode({
      seed: 23,
      volume: {
        stores: 6,
        dcs: 3,
        customers: 600,
        products: 150,
        geographies: 12,
        customers_per_day: 300,
        online_orders_per_day: 30,
        marketing_impressions_per_day: 300,
        trucks_per_dc: 2
      },
      dates: { start: "2024-12-09", end: "2024-12-12" },
      paths: { master: path.join(dir, "master"), facts: path.join(dir, "facts") },
      // the ground truth too: the redirected visits of the closed store are counted in it
      output: { truth: true },
      scenario: SCENARIO
    })
  )

describe("a scenario run does not depend on workers, shards or resume", () => {
  it.effect("1 worker = 2 workers = 2 shards merged = 2 days then 2 more", () =>
    Effect.gen(function* () {
      const single = freshDir()
      const a = yield* Generator.generate(configOf(single), { workers: 1 })
      const expected = dataFiles(single)
      expect(a.records.receipts).toBeGreaterThan(0)

      const threaded = freshDir()
      expect((yield* Generator.generate(configOf(threaded), { workers: 2 })).workers).toBe(2)
      expectSameData(expected, threaded, "2 workers")

      const sharded = freshDir()
      for (const index of [0, 1])
        yield* Generator.generate(configOf(sharded), { shard: { index, count: 2 }, workers: 1 })
      yield* Generator.merge(configOf(sharded))
      expectSameData(expected, sharded, "2 shards merged")

      const resumed = freshDir()
      yield* Generator.generate(configOf(resumed), { end: "2024-12-10", workers: 2 })
      yield* Generator.generate(configOf(resumed), { workers: 2 })
      expectSameData(expected, resumed, "resumed")

      // not vacuous: the scenario changed the data
      const baseline = freshDir()
      const { scenario: _, ...plain } = configOf(baseline)
      yield* Generator.generate(plain, { workers: 1 })
      const base = dataFiles(baseline)
      const changed = [...expected].filter(([f, bytes]) => !bytes.equals(base.get(f)!)).map(([f]) => f)
      expect(changed.some((f) => f.includes("receipts/dt=2024-12-10"))).toBe(true)
    })
  )
})
