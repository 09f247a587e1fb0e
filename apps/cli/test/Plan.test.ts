import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Generator } from "@retail-datagen/generator"
import { Effect, Either } from "effect"
import { afterAll } from "vitest"
import { Plan } from "../src/index.js"
import { tempDir } from "./helpers.js"

const tmp = tempDir()
afterAll(tmp.cleanup)

/** A working directory without any config file. */
const emptyCwd = join(tmp.dir, "empty")
const withDefaultFile = join(tmp.dir, "with-default")
mkdirSync(emptyCwd)
mkdirSync(withDefaultFile)
writeFileSync(
  join(withDefaultFile, Plan.DEFAULT_CONFIG_FILE),
  '{ "seed": 7, "volume": { "stores": 30, "dcs": 3 } }'
)

const errorLines = (flags: Plan.Flags, cwd = emptyCwd) =>
  Plan.resolve(flags, cwd).pipe(
    Effect.flip,
    Effect.map((e) => (e instanceof Config.ConfigError ? e.lines : [e.message]))
  )

describe("config file selection", () => {
  it.effect("no flag and no default file: the built-in defaults", () =>
    Effect.gen(function* () {
      const r = yield* Plan.resolve({}, emptyCwd)
      expect(r.source).toBe("built-in defaults")
      expect(r.config).toStrictEqual(Config.defaults)
    })
  )

  it.effect("no flag: ./retail-datagen.json when it exists", () =>
    Effect.gen(function* () {
      const r = yield* Plan.resolve({}, withDefaultFile)
      expect(r.source).toBe("retail-datagen.json")
      expect(r.config.seed).toBe(7)
      expect(r.config.volume.stores).toBe(30)
    })
  )

  it.effect("--config is read relative to the working directory and named as typed", () =>
    Effect.gen(function* () {
      tmp.file("explicit.json", '{ "output": { "format": "parquet" } }')
      const r = yield* Plan.resolve({ config: "../explicit.json" }, emptyCwd)
      expect(r.source).toBe("../explicit.json")
      expect(r.config.output.format).toBe("parquet")
      // relative plugin modules resolve against the config file's directory, not the cwd
      expect(r.pluginBase).toBe(tmp.dir)
      expect(Plan.make(r).pluginBase).toBe(tmp.dir)
      expect((yield* Plan.resolve({}, withDefaultFile)).pluginBase).toBe(withDefaultFile)
      expect((yield* Plan.resolve({}, emptyCwd)).pluginBase).toBe(emptyCwd)
    })
  )

  it.effect("a missing --config file is an error naming it", () =>
    Effect.gen(function* () {
      expect(yield* errorLines({ config: "nope.json" })).toStrictEqual(["nope.json: config file not found"])
    })
  )

  it.effect("invalid JSON names the file, line and column", () =>
    Effect.gen(function* () {
      tmp.file("broken.json", '{\n  "seed": 1,\n}')
      expect(yield* errorLines({ config: "../broken.json" })).toStrictEqual([
        "../broken.json: invalid JSON at line 3, column 1: Expected double-quoted property name"
      ])
    })
  )

  it.effect("a bad value in the file names the file and key path", () =>
    Effect.gen(function* () {
      tmp.file("range.json", '{ "volume": { "stores": -3, "colour": "red" } }')
      expect(yield* errorLines({ config: "../range.json", stores: 5 })).toMatchInlineSnapshot(`
        [
          "../range.json: volume.colour: unknown key (allowed: stores, dcs, customers_per_day, items_per_ticket_mean, online_orders_per_day, customers, products, geographies, trucks_per_dc, truck_capacity_units, marketing_impressions_per_day)",
          "../range.json: volume.stores: expected an integer from 1 to 99,999, got -3",
        ]
      `)
    })
  )
})

describe("flag overrides", () => {
  it.effect("--out DIR sets paths.master and paths.facts under DIR", () =>
    Effect.gen(function* () {
      const r = yield* Plan.resolve({ out: "out/run1" }, emptyCwd)
      expect(r.config.paths).toStrictEqual({
        ...Config.defaults.paths,
        master: "out/run1/master",
        facts: "out/run1/facts"
      })
    })
  )

  it.effect("--seed, --stores, --format, --start, --end override the file and keep the rest", () =>
    Effect.gen(function* () {
      const r = yield* Plan.resolve(
        { seed: 9, stores: 40, format: "parquet", start: "2024-11-01", end: "2024-11-30" },
        withDefaultFile
      )
      expect(r.config.seed).toBe(9)
      expect(r.config.volume).toStrictEqual({ ...Config.defaults.volume, stores: 40, dcs: 3 })
      expect(r.config.output.format).toBe("parquet")
      expect(r.config.dates).toStrictEqual({ start: "2024-11-01", end: "2024-11-30" })
    })
  )

  it.effect("--truth turns output.truth on and keeps the format; without it the configured value stays", () =>
    Effect.gen(function* () {
      const on = yield* Plan.resolve({ truth: true, format: "parquet" }, emptyCwd)
      expect(on.config.output).toStrictEqual({ format: "parquet", truth: true })
      expect(Plan.make(on).configHash).not.toBe(
        Plan.make(yield* Plan.resolve({ format: "parquet" }, emptyCwd)).configHash
      )
      expect((yield* Plan.resolve({}, emptyCwd)).config.output.truth).toBe(false)
    })
  )

  it.effect("--days N counts from --start (or the configured start), inclusive", () =>
    Effect.gen(function* () {
      expect((yield* Plan.resolve({ start: "2024-02-27", days: 4 }, emptyCwd)).config.dates).toStrictEqual({
        start: "2024-02-27",
        end: "2024-03-01"
      })
      expect((yield* Plan.resolve({ days: 1 }, emptyCwd)).config.dates).toStrictEqual({
        start: "2024-01-01",
        end: "2024-01-01"
      })
    })
  )

  it.effect("a bad flag value names the flag and the key path", () =>
    Effect.gen(function* () {
      expect(yield* errorLines({ stores: 0 })).toStrictEqual([
        "--stores (volume.stores): expected an integer from 1 to 99,999, got 0"
      ])
      expect(yield* errorLines({ start: "2024-13-01" })).toStrictEqual([
        '--start (dates.start): expected a date YYYY-MM-DD from 1970-01-01 to 2199-12-31, got "2024-13-01"'
      ])
      expect(yield* errorLines({ start: "2024-03-01", end: "2024-02-01" })).toStrictEqual([
        '--end (dates.end): expected a date on or after dates.start (2024-03-01), got "2024-02-01"'
      ])
    })
  )

  it.effect("a flag that breaks a cross-field rule of the file is reported on the affected key", () =>
    Effect.gen(function* () {
      expect(yield* errorLines({ stores: 2 }, withDefaultFile)).toStrictEqual([
        "volume.dcs: expected at most volume.stores (2), got 3"
      ])
    })
  )

  it.effect("--end with --days, and --days below 1, are usage errors", () =>
    Effect.gen(function* () {
      const both = yield* Plan.resolve({ end: "2024-01-05", days: 3 }, emptyCwd).pipe(Effect.flip)
      expect(both._tag).toBe("UsageError")
      expect(both.message).toBe("--days: cannot be used together with --end")
      expect(yield* errorLines({ days: 0 })).toStrictEqual(["--days: expected an integer ≥ 1, got 0"])
    })
  )
})

describe("plan", () => {
  it.effect("counts days inclusively and carries the output dirs and config hash", () =>
    Effect.gen(function* () {
      const plan = Plan.make(
        yield* Plan.resolve({ start: "2024-12-30", end: "2025-01-02", out: "o" }, emptyCwd)
      )
      expect(plan.days).toBe(4)
      expect(plan.masterDir).toBe("o/master")
      expect(plan.factsDir).toBe("o/facts")
      expect(plan.configHash).toBe(Generator.configHash(plan.config))
      const lines = Plan.describe(plan, { master: true, facts: true })
      expect(lines).toContain("dates:   2024-12-30 .. 2025-01-02 (4 days)")
      expect(lines).toContain("facts:   o/facts")
      expect(Plan.describe(plan, { master: true, facts: false }).some((l) => l.startsWith("dates:"))).toBe(
        false
      )
    })
  )
})

describe("workers and shards", () => {
  it.effect("the header names the workers and the shard's regions (1-based, the first three)", () =>
    Effect.gen(function* () {
      // withDefaultFile: 30 stores in 3 DC regions
      const whole = Plan.make(yield* Plan.resolve({ workers: 2 }, withDefaultFile))
      expect(Plan.describe(whole, { master: true, facts: true })).toContain("workers: 2")
      const capped = Plan.make(yield* Plan.resolve({ workers: 8 }, withDefaultFile))
      expect(capped.workers).toBe(3)
      const big = Plan.make(
        yield* Plan.resolve({ workers: 2, shard: { index: 0, count: 3 }, stores: 1000 }, emptyCwd)
      )
      // defaults: 2 DCs → shard 1/3 owns region 1 only
      expect(Plan.workersLine(big)).toBe("workers: 1 · shard 1/3 (region 1)")
      const tenRegions = tmp.file("ten.json", '{ "volume": { "stores": 40, "dcs": 10 } }')
      const shard = Plan.make(
        yield* Plan.resolve({ config: tenRegions, workers: 2, shard: { index: 0, count: 3 } }, emptyCwd)
      )
      expect(shard.regions).toStrictEqual([0, 3, 6, 9])
      expect(Plan.describe(shard, { master: true, facts: true })).toContain(
        "workers: 2 · shard 1/3 (regions 1, 4, 7, …)"
      )
      expect(Plan.toJson(shard)).toMatchObject({ workers: 2, shard: "1/3" })
      // master only: no workers line
      expect(Plan.describe(shard, { master: true, facts: false }).some((l) => l.startsWith("workers:"))).toBe(
        false
      )
    })
  )

  it("parseShard: k/N with 1 ≤ k ≤ N", () => {
    expect(Plan.parseShard("2/3")).toStrictEqual(Either.right({ index: 1, count: 3 }))
    expect(Plan.parseShard("1/1")).toStrictEqual(Either.right({ index: 0, count: 1 }))
    for (const bad of ["4/3", "0/3", "3", "1/0", "-1/3", "1.5/3", ""])
      expect(Plan.parseShard(bad)).toStrictEqual(Either.left(`expected k/N with 1 ≤ k ≤ N, got ${bad}`))
  })

  it.effect("--workers 0 names the flag", () =>
    Effect.gen(function* () {
      expect(yield* errorLines({ workers: 0 })).toStrictEqual(["--workers: expected an integer ≥ 1, got 0"])
    })
  )
})

describe("--scenario FILE", () => {
  const write = (name: string, text: string) => {
    writeFileSync(join(emptyCwd, name), text)
    return name
  }

  it.effect("sets the scenario (part of the config hash); an empty one changes nothing", () =>
    Effect.gen(function* () {
      const closed = write(
        "closed.json",
        '{"interventions": [{"type": "store_closed", "stores": [2], "start": "2024-01-02", "end": "2024-01-03"}]}'
      )
      const base = yield* Plan.resolve({}, emptyCwd)
      const withScenario = yield* Plan.resolve({ scenario: closed }, emptyCwd)
      expect(withScenario.config.scenario?.interventions).toHaveLength(1)
      expect(Plan.describe(Plan.make(withScenario), { master: false, facts: true })).toContain(
        "scenario: unnamed (1 intervention)"
      )
      expect(Generator.configHash(withScenario.config)).not.toBe(Generator.configHash(base.config))
      const empty = yield* Plan.resolve({ scenario: write("empty.json", '{"interventions": []}') }, emptyCwd)
      expect(Config.toJson(empty.config)).toBe(Config.toJson(base.config))
    })
  )

  it.effect("a bad scenario names the file as typed and the path", () =>
    Effect.gen(function* () {
      const bad = write(
        "bad.json",
        '{"interventions": [{"type": "demand_shock", "dc": 1, "factor": -2, "start": "2024-01-02", "end": "2024-01-03"}]}'
      )
      expect(yield* errorLines({ scenario: bad })).toStrictEqual([
        "bad.json: interventions[0].factor: expected a number > 0 and ≤ 100, got -2"
      ])
      const far = write(
        "far.json",
        '{"interventions": [{"type": "dc_closed", "dc": 9, "start": "2024-01-02", "end": "2024-01-03"}]}'
      )
      expect(yield* errorLines({ scenario: far })).toStrictEqual([
        "far.json: interventions[0].dc: expected a DCID from 1 to 2 (volume.dcs), got 9"
      ])
      expect(yield* errorLines({ scenario: "missing.json" })).toStrictEqual([
        "missing.json: scenario file not found"
      ])
    })
  )
})
