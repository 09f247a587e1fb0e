import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Calendar } from "@retail-datagen/core"
import { Manifest } from "@retail-datagen/engine"
import { Master } from "@retail-datagen/master"
import { Effect, Stream } from "effect"
import { afterAll } from "vitest"
import { Generator, MasterData, Progress } from "../src/index.js"
import { BAD_RECEIPTS, cleanup, expectSameTree, freshDir, smallConfig, tree } from "./helpers.js"

afterAll(cleanup)

/**
 * The fixture plugins only: these tests do not depend on the built-in plugin families; in process
 * unless a test says otherwise (worker threads are the subject of ScaleOut.test.ts).
 */
const only = { builtIn: false, workers: 1 } as const
const generate = (config: Config.Config, options: Generator.Options = {}) =>
  Generator.generate(config, { ...only, ...options })
const facts = (config: Config.Config, options: Generator.Options = {}) =>
  Generator.facts(config, { ...only, ...options })
const generateStream = (config: Config.Config, options: Generator.Options = {}) =>
  Generator.generateStream(config, { ...only, ...options })
const plugins = (config: Config.Config, options: { readonly cwd?: string } = {}) =>
  Generator.plugins(config, { ...only, ...options })

const MASTER_FILES = Master.TABLE_NAMES.map((t) => `${t}.csv`)

describe("generate", () => {
  it.effect("writes the eight master tables, then one file per fact table per day, and sums them up", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const config = smallConfig(dir)
      const summary = yield* generate(config)
      const master = fs.readdirSync(path.join(dir, "master")).sort()
      expect(master).toStrictEqual([...MASTER_FILES, "_manifest.json"].sort())
      expect(summary.master.written).toBe(true)
      expect(summary.master.tables.map((t) => t.table)).toStrictEqual(Master.TABLE_NAMES)
      expect(summary.days).toBe(4)
      expect(summary.files).toBe(8)
      expect(summary.start).toBe("2024-02-01")
      expect(summary.firstDay).toBe("2024-02-01")
      expect(summary.lastDay).toBe("2024-02-04")
      expect(Object.keys(summary.records)).toStrictEqual(["store_visits", "daily_totals"])
      expect(summary.records.daily_totals).toBe(4 * 2) // a row per day and DC region
      expect(summary.totalRecords).toBe(summary.records.store_visits! + summary.records.daily_totals!)
      const m = (yield* Manifest.read(config.paths.facts))!
      for (const table of ["store_visits", "daily_totals"]) {
        const files = m.files.filter((f) => f.table === table)
        expect(files).toHaveLength(4)
        expect(summary.records[table]).toBe(files.reduce((s, f) => s + f.rows, 0))
        expect(summary.bytes[table]).toBe(files.reduce((s, f) => s + f.bytes, 0))
      }
      expect(summary.totalBytes).toBe(m.files.reduce((s, f) => s + f.bytes, 0))
      expect(summary.generationSeconds).toBeGreaterThanOrEqual(0)
      expect(summary.notes).toStrictEqual([])
      // the totals table agrees with the visits written
      const visits = fs.readFileSync(
        path.join(dir, "facts/store_visits/dt=2024-02-03/store_visits_20240203.csv"),
        "utf8"
      )
      const totals = fs.readFileSync(
        path.join(dir, "facts/daily_totals/dt=2024-02-03/daily_totals_20240203.csv"),
        "utf8"
      )
      const [header, ...rows] = totals.trimEnd().split("\n")
      expect(header).toBe("Day,DcID,Visits")
      expect(rows.map((r) => r.split(",").slice(0, 2).join(","))).toStrictEqual([
        "2024-02-03,1",
        "2024-02-03,2"
      ])
      const counted = rows.reduce((n, r) => n + Number(r.split(",")[2]), 0)
      expect(counted).toBe(visits.trimEnd().split("\n").length - 1)
    })
  )

  it.effect("reuses master data that matches instead of rewriting it", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const config = smallConfig(dir)
      yield* generate(config, { end: "2024-02-02" })
      const masterFile = path.join(dir, "master", "customers.csv")
      const before = fs.statSync(masterFile).mtimeMs
      const events: Array<Generator.Event> = []
      const again = yield* generate(config, { onEvent: (e) => Effect.sync(() => events.push(e)) })
      expect(again.master.written).toBe(false)
      expect(events.some((e) => e._tag === "MasterReused")).toBe(true)
      expect(events.some((e) => e._tag === "MasterWritten")).toBe(false)
      expect(fs.statSync(masterFile).mtimeMs).toBe(before)
      expect(again.resumedAfter).toBe("2024-02-02")
      expect(again.days).toBe(2)
    })
  )

  it.effect("a run with nothing left to do says so and changes nothing", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      yield* generate(smallConfig(dir))
      const before = tree(dir)
      const again = yield* generate(smallConfig(dir))
      expect(again.days).toBe(0)
      expect(again.files).toBe(0)
      expect(again.notes).toHaveLength(1)
      expect(again.notes[0]).toMatch(/^facts already generated through 2024-02-04 \(to make them again, rerun with --overwrite /)
      const after = tree(dir)
      expect([...after.keys()]).toStrictEqual([...before.keys()])
    })
  )

  it.effect(
    "a configuration that differs from the manifest's fails before anything is written; force starts over",
    () =>
      Effect.gen(function* () {
        const dir = freshDir()
        yield* generate(smallConfig(dir))
        const before = tree(dir)
        const other = smallConfig(dir, { volume: { customers_per_day: 201 } })
        const e = yield* Effect.flip(generate(other))
        expect(e._tag).toBe("ManifestMismatch")
        expect(e.message).toContain(
          `the facts in ${path.join(dir, "facts")} were generated with another configuration`
        )
        expect(e.message).toContain("--overwrite")
        const after = tree(dir)
        for (const [k, v] of before) expect(v.equals(after.get(k)!), k).toBe(true)
        const forced = yield* generate(other, { force: true })
        expect(forced.resumedAfter).toBeUndefined()
        expect(forced.master.written).toBe(true)
        const expected = freshDir()
        yield* generate(smallConfig(expected, { volume: { customers_per_day: 201 } }))
        expectSameTree(expected, dir)
      })
  )

  it("a different end date or output path does not count as another configuration", () => {
    const a = smallConfig(freshDir())
    const b = smallConfig(freshDir(), { dates: { end: "2024-03-01" } })
    expect(Generator.configHash(a)).toBe(Generator.configHash(b))
    expect(Generator.configHash(a)).not.toBe(Generator.configHash(smallConfig(freshDir(), { seed: 6 })))
    expect(Generator.configHash(a)).not.toBe(
      Generator.configHash(smallConfig(freshDir(), { output: { format: "parquet" } }))
    )
  })

  it("the marketing section counts as configuration (it changes the data)", () => {
    const a = smallConfig(freshDir())
    const b = smallConfig(freshDir(), { marketing: { lift: 2 } })
    expect(Generator.configHash(a)).not.toBe(Generator.configHash(b))
  })

  it.effect(
    "records the data-determining configuration in facts/_config.json; datasetConfig reads it back",
    () =>
      Effect.gen(function* () {
        const dir = freshDir()
        expect(yield* Generator.datasetConfig(dir)).toBeUndefined()
        const config = smallConfig(dir, {
          seed: 11,
          marketing: { lift: 1.7 },
          patterns: { holidays: { "black-friday": 2 } }
        })
        yield* generate(config)
        const back = yield* Generator.datasetConfig(dir)
        expect(back).toBeDefined()
        expect(Generator.configHash(back!)).toBe(Generator.configHash(config))
        expect(back!.marketing.lift).toBe(1.7)
        expect(back!.patterns).toStrictEqual(config.patterns)
        // the holiday hours of the recorded patterns are what validation sees: Black Friday opens early
        const blackFriday = Calendar.parse("2024-11-29")
        const hours = Generator.storeHours(back!)(blackFriday, 9 * 3600, 21 * 3600)
        expect(hours).toStrictEqual(Generator.storeHours(config)(blackFriday, 9 * 3600, 21 * 3600))
        expect(hours).not.toStrictEqual(Generator.storeHours(config)(blackFriday - 7, 9 * 3600, 21 * 3600))
        fs.writeFileSync(path.join(dir, "facts", Generator.CONFIG_FILE), "{ nope")
        const e = yield* Effect.flip(Generator.datasetConfig(dir))
        expect(e._tag).toBe("ConfigError")
        expect(e.message).toContain(Generator.CONFIG_FILE)
      })
  )

  it.effect("without fact plugins: master data only, and the note says no fact tables are registered", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const summary = yield* generate(smallConfig(dir, { plugins: [] }))
      expect(summary.notes).toStrictEqual([Generator.NO_FACT_TABLES])
      expect(summary.master.written).toBe(true)
      expect(summary.totalRecords).toBe(0)
      expect(fs.readdirSync(path.join(dir, "master"))).toHaveLength(9)
      expect(fs.existsSync(path.join(dir, "facts"))).toBe(false)
    })
  )

  it.effect("validate: a clean run passes and carries the report; contract violations fail the run", () =>
    Effect.gen(function* () {
      const ok = yield* generate(smallConfig(freshDir()), { validate: true })
      expect(ok.validation?.ok).toBe(true)
      expect(ok.validation?.text).toContain("I1 keys")
      const dir = freshDir()
      const e = yield* Effect.flip(
        generate(smallConfig(dir, { plugins: [BAD_RECEIPTS] }), {
          validate: true,
          end: "2024-02-02"
        })
      )
      expect(e._tag).toBe("ValidationFailed")
      if (e._tag === "ValidationFailed") {
        expect(e.failed).toContain("I3 receipts")
        expect(e.report).toContain("Total")
        expect(e.message).toMatch(
          /^validation failed: \d+ violations? \(.*I3 receipts.*\); the files are written/
        )
      }
      // the files are there; validation reports, it does not delete
      expect(fs.existsSync(path.join(dir, "facts/receipts/dt=2024-02-02/receipts_20240202.csv"))).toBe(true)
    })
  )

  it.effect("parquet: master and facts in Parquet; switching the format rewrites the master files", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      yield* generate(smallConfig(dir, { plugins: [] }))
      const s = yield* generate(smallConfig(dir, { output: { format: "parquet" } }), {
        end: "2024-02-02"
      })
      expect(s.master.written).toBe(true)
      const files = fs.readdirSync(path.join(dir, "master")).sort()
      expect(files).toStrictEqual([...Master.TABLE_NAMES.map((t) => `${t}.parquet`), "_manifest.json"].sort())
      expect(
        fs.existsSync(path.join(dir, "facts/store_visits/dt=2024-02-02/store_visits_20240202.parquet"))
      ).toBe(true)
    })
  )
})

describe("facts", () => {
  it.effect(
    "without master data: names the directory, the missing file and the commands that create it",
    () =>
      Effect.gen(function* () {
        const dir = freshDir()
        const e = yield* Effect.flip(facts(smallConfig(dir)))
        expect(e._tag).toBe("MasterMissing")
        const masterDir = path.join(dir, "master")
        expect(e.message).toBe(
          `no master data in ${masterDir} (${path.join(masterDir, "geographies_master.csv")} not found); create it with \`retail-datagen master\`, or run \`retail-datagen generate\`, which creates it before the facts`
        )
        expect(fs.existsSync(path.join(dir, "facts"))).toBe(false)
      })
  )

  it.effect("over master data of another configuration: a mismatch naming the field", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      yield* Generator.master(smallConfig(dir, { volume: { stores: 7 } }))
      const e = yield* Effect.flip(facts(smallConfig(dir)))
      expect(e._tag).toBe("MasterMismatch")
      expect(e.message).toContain("(stores: 7 on disk, 6 now)")
      expect(e.message).toContain("retail-datagen master")
    })
  )

  it.effect("after `master`, facts run over it and never rewrite it", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const m = yield* Generator.master(smallConfig(dir))
      expect(m.tables).toHaveLength(8)
      expect(m.rows).toBe(m.tables.reduce((s, t) => s + t.rows, 0))
      const before = tree(path.join(dir, "master"))
      const s = yield* facts(smallConfig(dir))
      expect(s.master.written).toBe(false)
      expect(s.days).toBe(4)
      const after = tree(path.join(dir, "master"))
      for (const [k, v] of before) expect(v.equals(after.get(k)!)).toBe(true)
    })
  )
})

describe("plugins from the configuration", () => {
  it.effect("a module that cannot be loaded, or exports no plugins, fails naming the specifier", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const missing = yield* Effect.flip(generate(smallConfig(dir, { plugins: ["./nope/missing.mjs"] })))
      expect(missing._tag).toBe("PluginModuleError")
      expect(missing.message).toMatch(
        /^cannot load fact plugins from "\.\/nope\/missing\.mjs" \(config plugins\[0\]\): module not found: /
      )
      const bare = yield* Effect.flip(plugins(smallConfig(dir, { plugins: ["@acme/not-installed"] })))
      expect(bare.message).toMatch(
        /^cannot load fact plugins from "@acme\/not-installed" \(config plugins\[0\]\): module not found: no node_modules\/@acme\/not-installed in /
      )
      const fixtures = path.join(path.dirname(new URL(import.meta.url).pathname), "fixtures")
      const wrong = yield* Effect.flip(
        plugins(smallConfig(dir, { plugins: ["./not-plugins.mjs"] }), { cwd: fixtures })
      )
      expect(wrong.message).toContain("is not an array of fact plugins")
      const none = yield* Effect.flip(
        plugins(smallConfig(dir, { plugins: ["./no-exports.mjs"] }), { cwd: fixtures })
      )
      expect(none.message).toContain('exports neither "plugins" nor a default export')
      // nothing was written
      expect(fs.readdirSync(dir)).toStrictEqual([])
    })
  )

  it.effect("relative specifiers resolve against cwd; plugins and default exports both work", () =>
    Effect.gen(function* () {
      const fixtures = path.join(path.dirname(new URL(import.meta.url).pathname), "fixtures")
      const list = yield* plugins(
        smallConfig(freshDir(), { plugins: ["./plugins.mjs", "./bad-receipts.mjs"] }),
        {
          cwd: fixtures
        }
      )
      expect(list.map((p) => p.name)).toStrictEqual(["store_visits", "daily_totals", "bad_receipts"])
    })
  )
})

describe("MasterData.spec", () => {
  it.effect("maps the configuration; the horizon does not depend on the end date", () =>
    Effect.gen(function* () {
      const config = smallConfig(freshDir(), {
        volume: { customers_per_day: 1000, items_per_ticket_mean: 4.2 }
      })
      const start = Calendar.parse("2024-02-01")
      const spec = yield* MasterData.spec(config, start)
      expect(spec).toMatchObject({
        seed: 5,
        stores: 6,
        dcs: 2,
        customers: 300,
        products: 200,
        geographies: 20,
        trucksPerDc: config.volume.trucks_per_dc,
        truckCapacityUnits: config.volume.truck_capacity_units,
        startDate: start,
        horizonDays: MasterData.HORIZON_DAYS,
        unitsPerStoreDay: 700
      })
      const later = yield* MasterData.spec(
        { ...config, dates: { start: "2024-02-01", end: "2025-06-01" } },
        start
      )
      expect(later).toStrictEqual(spec)
    })
  )

  it.effect("a master spec out of range fails naming the field", () =>
    Effect.gen(function* () {
      // the configuration Schema has the same bounds (see Limits.test.ts): bypass it
      const decoded = Effect.runSync(Config.decode({}))
      const config = { ...decoded, volume: { ...decoded.volume, geographies: 400 } }
      const e = yield* Effect.flip(MasterData.spec(config, 0))
      expect(e.message).toContain("geographies")
    })
  )
})

describe("events and progress", () => {
  it.effect("generateStream: master files, the pipeline's days, then Finished; the tracker follows", () =>
    Effect.gen(function* () {
      const events = [...(yield* Stream.runCollect(generateStream(smallConfig(freshDir()))))]
      const tags = events.map((e) => e._tag)
      expect(tags.filter((t) => t === "MasterWritten")).toHaveLength(8)
      expect(tags.indexOf("MasterWritten")).toBeLessThan(tags.indexOf("PipelineStarted"))
      expect(tags.filter((t) => t === "DayCommitted")).toHaveLength(4)
      expect(tags.at(-1)).toBe("Finished")
      const finished = events.at(-1)!
      const tracker = Progress.tracker()
      const lines: Array<string> = []
      events.forEach((e, i) => {
        const s = tracker.update(e, 1000 + i * 10)
        lines.push(Progress.line(s))
      })
      const s = tracker.snapshot
      expect(s.phase).toBe("done")
      expect(s.daysDone).toBe(4)
      expect(s.tables).toBe(2)
      if (finished._tag === "Finished") expect(s.rows).toBe(finished.summary.totalRecords)
      expect(lines).toContain("master 8/8 tables")
      expect(
        lines.some((l) =>
          /^facts 2024-02-02 · day 2\/4 · tables 0\/2 · [\d,]+ rows · [\d,]+ rows\/s · ETA \d+ s$/.test(l)
        )
      ).toBe(true)
    })
  )

  it.effect("progress: one snapshot per event, ending done with the run's rows", () =>
    Effect.gen(function* () {
      let t = 0
      const snapshots = [
        ...(yield* Stream.runCollect(
          Generator.progress(smallConfig(freshDir()), { builtIn: false, now: () => (t += 5) })
        ))
      ]
      const last = snapshots.at(-1)!
      expect(last.phase).toBe("done")
      expect(last.daysDone).toBe(4)
      expect(last.fraction).toBe(1)
      expect(snapshots.some((s) => s.phase === "master")).toBe(true)
      const fractions = snapshots.map((s) => s.fraction)
      expect(fractions).toStrictEqual([...fractions].sort((a, b) => a - b))
    })
  )
})
