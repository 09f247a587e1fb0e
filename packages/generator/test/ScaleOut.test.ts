/**
 * Issue #9's test: the bytes of a dataset do not depend on how the work is split. The same small
 * multi-region configuration (12 stores in 4 DC regions, every built-in plugin) is generated three
 * ways — one worker in-process, two worker threads, and three shards into one directory joined by
 * `merge` (the first shard itself on two workers) — and every data file (master tables and fact
 * partitions) must be the same, byte for byte. Manifests, `_state` and `_config.json` are
 * bookkeeping and may differ.
 *
 * Marketing exposure crosses regions — a store's shoppers include customers of other regions
 * (their 2nd/3rd nearest store) — so every shard computes the exposure of the whole chain
 * (`@retail-datagen/marketing`). The multi-day case runs with impressions on (the default ratio,
 * 5 per shopper a day) to guard this: impressions act from the next day on.
 *
 * The worker threads run the generator's compiled setup module (`dist`): build the package
 * (and its dependencies) before running this file.
 */
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Effect } from "effect"
import { afterAll } from "vitest"
import { Generator } from "../src/index.js"
import { cleanup, dataFiles, expectSameData, freshDir } from "./helpers.js"

afterAll(cleanup)

const TABLES = [
  "receipts",
  "receipt_lines",
  "online_orders",
  "foot_traffic",
  "ble_pings",
  "marketing",
  "store_inventory_txn",
  "dc_inventory_txn",
  "truck_moves"
]

interface Case {
  readonly format: "csv" | "parquet"
  readonly end: string
  readonly impressions: number
}

/** From Friday 2024-03-01. */
const configOf = (dir: string, { format, end, impressions }: Case): Config.Config =>
  Effect.runSync(
    Config.decode({
      seed: 909,
      volume: {
        stores: 12,
        dcs: 4,
        customers: 1200,
        products: 150,
        geographies: 12,
        customers_per_day: 400,
        items_per_ticket_mean: 3,
        online_orders_per_day: 40,
        marketing_impressions_per_day: impressions
      },
      dates: { start: "2024-03-01", end },
      output: { format },
      paths: { master: path.join(dir, "master"), facts: path.join(dir, "facts") }
    })
  )

/** The three ways of generating `configOf(·, c)`; returns the three dataset directories. */
const threeWays = (c: Case) =>
  Effect.gen(function* () {
    const single = freshDir()
    const a = yield* Generator.generate(configOf(single, c), { workers: 1 })
    expect(a.workers).toBe(1)

    const threaded = freshDir()
    const b = yield* Generator.generate(configOf(threaded, c), { workers: 2 })
    expect(b.workers).toBe(2)

    const sharded = freshDir()
    const config = configOf(sharded, c)
    const shards = []
    for (let index = 0; index < 3; index++) {
      // the first shard owns regions 1 and 4 and splits them over two workers
      const workers = index === 0 ? 2 : 1
      shards.push(yield* Generator.generate(config, { shard: { index, count: 3 }, workers }))
    }
    expect(shards.map((s) => s.master.written)).toStrictEqual([true, false, false])
    expect(shards[0]!.workers).toBe(2)
    // before the merge: part files only, three per table-day
    const parts = [...dataFiles(sharded).keys()].filter((f) => f.startsWith("facts"))
    expect(parts.every((f) => /\.part-[123]-of-3\.(csv|parquet)$/.test(f))).toBe(true)
    expect(parts).toHaveLength(3 * TABLES.length * a.days)
    const merged = yield* Generator.merge(config)
    expect(merged.files).toBe(TABLES.length * a.days)
    return { single, threaded, sharded, a, b, shards }
  })

describe("scale-out: 1 worker, 2 workers and 3 shards + merge write the same bytes", () => {
  it.effect("CSV, three days over a weekend (Friday–Sunday), every built-in plugin", () =>
    Effect.gen(function* () {
      const { single, threaded, sharded, a, b, shards } = yield* threeWays({
        format: "csv",
        end: "2024-03-03",
        impressions: 2000 // the default ratio: 5,000 a day for 1,000 customers a day
      })
      const expected = dataFiles(single)
      // not vacuous: eight master tables, nine fact tables × three days, rows in every table
      expect([...expected.keys()].filter((f) => f.startsWith("master"))).toHaveLength(8)
      expect([...expected.keys()].filter((f) => f.startsWith("facts"))).toHaveLength(TABLES.length * 3)
      for (const t of TABLES) expect(a.records[t], t).toBeGreaterThan(0)
      expectSameData(expected, threaded, "2 workers")
      expectSameData(expected, sharded, "3 shards merged")
      // the summaries agree: rows, and lost sales summed over workers and over shards
      expect(b.records).toStrictEqual(a.records)
      expect(b.lostSales).toStrictEqual(a.lostSales)
      expect(a.lostSales!.requestedUnits).toBeGreaterThan(0)
      const sum = (f: (s: Generator.Summary) => number) => shards.reduce((n, s) => n + f(s), 0)
      expect(sum((s) => s.totalRecords)).toBe(a.totalRecords)
      expect(sum((s) => s.lostSales!.lostUnits)).toBe(a.lostSales!.lostUnits)
      expect(sum((s) => s.lostSales!.requestedUnits)).toBe(a.lostSales!.requestedUnits)
    })
  )

  it.effect("Parquet, one day with marketing impressions", () =>
    Effect.gen(function* () {
      const { single, threaded, sharded, a } = yield* threeWays({
        format: "parquet",
        end: "2024-03-01",
        impressions: 300
      })
      const expected = dataFiles(single)
      expect([...expected.keys()].every((f) => f.endsWith(".parquet"))).toBe(true)
      // trucks first move on day 2; every other table has rows on day 1
      for (const t of TABLES) if (t !== "truck_moves") expect(a.records[t], t).toBeGreaterThan(0)
      expectSameData(expected, threaded, "2 workers")
      expectSameData(expected, sharded, "3 shards merged")
    })
  )
})

describe("workers and shards: options", () => {
  it.effect("workers are capped by the regions of the shard; bad values name the option", () =>
    Effect.gen(function* () {
      expect(Generator.workersFor({ requested: 8, dcs: 4 })).toBe(4)
      expect(Generator.workersFor({ requested: 8, dcs: 4, shard: { index: 1, count: 3 } })).toBe(1)
      expect(Generator.workersFor({ requested: 2, dcs: 2, shard: { index: 2, count: 3 } })).toBe(1)
      // a small run (issue 17: 10 stores × 10,000 products × 3 days) runs in process unless asked
      const small = Generator.workOf({ stores: 10, products: 10_000 }, 3)
      expect(small).toBe(300_000)
      expect(small).toBeLessThan(Generator.SMALL_WORK)
      expect(Generator.workersFor({ dcs: 2, work: small })).toBe(1)
      expect(Generator.workersFor({ requested: 2, dcs: 2, work: small })).toBe(2)
      const large = Generator.workOf({ stores: 100, products: 10_000 }, 7)
      expect(Generator.workersFor({ dcs: 10, work: large })).toBe(Math.min(10, Generator.defaultWorkers()))
      // a shard's work is its share of the regions
      expect(Generator.workOf({ stores: 100, products: 10_000 }, 7, { index: 0, count: 7 })).toBe(1_000_000)
      expect(Generator.regionsOf({ index: 1, count: 3 }, 10)).toStrictEqual([1, 4, 7])
      const config = configOf(freshDir(), { format: "csv", end: "2024-03-01", impressions: 0 })
      const zero = yield* Effect.flip(Generator.generate(config, { workers: 0 }))
      expect(zero._tag).toBe("InvalidOption")
      expect(zero.message).toContain("workers")
      const shard = yield* Effect.flip(Generator.generate(config, { shard: { index: 3, count: 3 } }))
      expect(shard._tag).toBe("InvalidOption")
      expect(shard.message).toContain("shard")
    })
  )

  it.effect("explicit plugin objects run in process; asking for workers adds a note", () =>
    Effect.gen(function* () {
      const c = { format: "csv", end: "2024-03-01", impressions: 0 } as const
      const config = configOf(freshDir(), c)
      const plugins = yield* Generator.plugins(config)
      const asked = yield* Generator.generate(config, { plugins, workers: 2 })
      expect(asked.workers).toBe(1)
      expect(asked.notes).toStrictEqual(["workers: explicit plugin objects run in-process (1 worker)"])
      const defaulted = yield* Generator.generate(configOf(freshDir(), c), { plugins })
      expect(defaulted.workers).toBe(1)
      expect(defaulted.notes).toStrictEqual([])
    })
  )
})
