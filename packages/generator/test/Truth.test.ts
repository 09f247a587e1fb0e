/**
 * The ground truth (`output.truth`, `generate --truth`) is made like the facts: the same bytes
 * from one worker, two worker threads, three shards + merge, and a run continued after day 2;
 * and turning it on adds files under `facts/_truth/` without changing any other data file.
 * (Worker threads run the compiled setup module: build the package and its dependencies first.)
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Effect } from "effect"
import { afterAll } from "vitest"
import { Generator } from "../src/index.js"
import { cleanup, dataFiles, expectSameData, freshDir } from "./helpers.js"

afterAll(cleanup)

const TRUTH = ["_truth/store_day", "_truth/lost_sales", "_truth/attribution"]

const configOf = (dir: string, truth: boolean): Config.Config =>
  Effect.runSync(
    Config.decode({
      seed: 31,
      volume: {
        stores: 12,
        dcs: 4,
        customers: 1200,
        products: 150,
        geographies: 12,
        customers_per_day: 500,
        items_per_ticket_mean: 3,
        online_orders_per_day: 20,
        marketing_impressions_per_day: 2500
      },
      dates: { start: "2024-03-01", end: "2024-03-04" },
      output: { truth },
      paths: { master: path.join(dir, "master"), facts: path.join(dir, "facts") }
    })
  )

const rowsOf = (files: Map<string, Buffer>, table: string): number =>
  [...files]
    .filter(([f]) => f.startsWith(`facts/${table}/`))
    .reduce((n, [, b]) => n + b.toString("utf8").trim().split("\n").length - 1, 0)

describe("ground truth: deterministic like the facts", () => {
  it.effect("1 worker, 2 workers, 3 shards + merge and a continued run write the same truth", () =>
    Effect.gen(function* () {
      const single = freshDir()
      yield* Generator.generate(configOf(single, true), { workers: 1 })
      const expected = dataFiles(single)
      // not vacuous: every truth table has rows, file names end in the table's last segment
      for (const t of TRUTH) expect(rowsOf(expected, t), t).toBeGreaterThan(0)
      expect(expected.has("facts/_truth/store_day/dt=2024-03-01/store_day_20240301.csv")).toBe(true)

      const threaded = freshDir()
      yield* Generator.generate(configOf(threaded, true), { workers: 2 })
      expectSameData(expected, threaded, "2 workers")

      const sharded = freshDir()
      const config = configOf(sharded, true)
      for (let index = 0; index < 3; index++)
        yield* Generator.generate(config, { shard: { index, count: 3 }, workers: 1 })
      yield* Generator.merge(config)
      expectSameData(expected, sharded, "3 shards merged")

      // continued after day 2: marketing's saved exposures keep their impressions
      const continued = freshDir()
      yield* Generator.generate(configOf(continued, true), { end: "2024-03-02", workers: 1 })
      yield* Generator.facts(configOf(continued, true), { end: "2024-03-04", workers: 1 })
      expectSameData(expected, continued, "continued")

      // without the truth: the same files but _truth, byte for byte
      const plain = freshDir()
      yield* Generator.generate(configOf(plain, false), { workers: 1 })
      const withoutTruth = new Map([...expected].filter(([f]) => !f.startsWith("facts/_truth/")))
      expectSameData(withoutTruth, plain, "without truth")
      // the recorded configuration (and so the manifest's hash) has no trace of the key when it is off
      const recorded = (dir: string) =>
        fs.readFileSync(path.join(dir, "facts", Generator.CONFIG_FILE), "utf8")
      expect(recorded(plain)).not.toContain("truth")
      expect(recorded(single)).toContain('"truth": true')
    })
  )
})
