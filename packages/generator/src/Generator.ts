/**
 * The retail-datagen library: configuration → master data → fact-table plugins → partitioned
 * files, with manifest, resume, progress and optional validation. The TypeScript counterpart of
 * FACT_GENERATION.md's Quick Start.
 *
 * @example
 * import { Effect } from "effect"
 * import { Generator } from "@retail-datagen/generator"
 *
 * const program = Effect.gen(function* () {
 *   const config = yield* Generator.loadConfig("config.json")
 *   const summary = yield* Generator.generate(config, { start: "2024-01-01", end: "2024-01-30" })
 *   console.log(`Generated ${summary.totalRecords} records in ${summary.generationSeconds.toFixed(1)}s`)
 * })
 * Effect.runPromise(program)
 */
import { createHash } from "node:crypto"
import { readdir } from "node:fs/promises"
import { createRequire } from "node:module"
import { availableParallelism } from "node:os"
import { dirname, join } from "node:path"
import { pathToFileURL } from "node:url"
import { Config } from "@retail-datagen/config"
import { type Batch, Calendar, type Plugin } from "@retail-datagen/core"
import {
  Days,
  type EngineError,
  Manifest,
  Merge,
  Pipeline,
  type PipelineError,
  Registry,
  Workers
} from "@retail-datagen/engine"
import { Inventory, Master, type MasterSpec } from "@retail-datagen/master"
import { Patterns } from "@retail-datagen/patterns"
import type { SinkError } from "@retail-datagen/sinks"
import type { Report, Validate } from "@retail-datagen/validation"
import { Clock, Data, Effect, Mailbox, Stream } from "effect"
import {
  type GeneratorError,
  InvalidOption,
  MasterMismatch,
  MasterMissing,
  type PluginModuleError,
  type PluginOptionsError,
  ValidationFailed
} from "./GeneratorError.js"
import { readOptional, sweepTemps, writeAtomic } from "./internal/files.js"
import { isCounts, lostOf, trackStock } from "./internal/stock.js"
import { version } from "./internal/version.js"
import type * as WorkerSetup from "./internal/workerSetup.js"
import * as Lock from "./Lock.js"
import * as MasterData from "./MasterData.js"
import * as Plugins from "./Plugins.js"
import * as Progress from "./Progress.js"

/** The version written into manifests; a dataset resumes only with the same version. */
export const VERSION: string = version

/** The note of a run without fact plugins. */
export const NO_FACT_TABLES = "no fact tables registered yet"

/** Reads and decodes a JSON config file (every field optional; errors name the key path). */
export const loadConfig = (path: string): Effect.Effect<Config.Config, Config.ConfigError> =>
  Config.load(path)

/**
 * The hash recorded in the facts manifest: SHA-256 of the parts of the configuration that
 * determine the data — `seed`, `volume`, `output`, `marketing`, `patterns`, `plugins`, `scenario`.
 * Dates are left out (the manifest keeps the first day and the last day done, so a dataset can be
 * extended), and so are `paths`, `realtime` and `stream`.
 */
export const configHash = (config: Config.Config): string =>
  createHash("sha256")
    .update(canonical(dataConfig(config)))
    .digest("hex")

/** The encoded parts of a configuration that determine the data (see `configHash`). */
/**
 * Days committed together (`Pipeline.Options.checkpointEvery`): fewer fsyncs, saved states and
 * manifests per day; a crash makes at most this many days again.
 */
const CHECKPOINT_DAYS = 7

const dataConfig = (config: Config.Config) => {
  const e = Config.encode(config)
  // `output.truth` only adds tables: left out when off, so datasets without it keep their hash
  const { truth, ...output } = e.output ?? {}
  return {
    seed: e.seed,
    volume: e.volume,
    output: truth === true ? { ...output, truth } : output,
    marketing: e.marketing,
    patterns: e.patterns,
    plugins: e.plugins,
    // absent for a baseline run, so its hash is the one it always had
    scenario: e.scenario
  }
}

const canonical = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(",")}}`
  }
  return JSON.stringify(v) ?? "null"
}

/** Options of `generate` / `facts` / `generateStream`. */
export interface Options {
  /**
   * First day (`YYYY-MM-DD`). Omitted: continue the dataset in `paths.facts` after its last day
   * done, or start at `dates.start` when there is none. Given: the dataset's first day (a rerun
   * resumes) or the day after its last day.
   */
  readonly start?: string | undefined
  /** Last day, inclusive (`YYYY-MM-DD`); default `dates.end`. */
  readonly end?: string | undefined
  /**
   * The part of the work to generate (0-based `index` of `count` shards); default the whole run.
   * A shard writes its fact files as parts (`<table>_YYYYMMDD.part-k-of-n.<ext>`) into
   * `paths.facts`, next to the other shards'; `merge` joins them into the files of a single run.
   * Only the first shard writes the master files; the others build the master data in memory.
   */
  readonly shard?: Plugin.Shard | undefined
  /**
   * Worker threads (default `defaultWorkers()`: the machine's cores but one, at least 1; 1 for a
   * small run, see `SMALL_WORK`), capped by the number of DC regions of the shard; 1 runs in-process. The files do not depend on it. Explicit
   * `plugins` objects cannot be sent to workers: such a run is in-process.
   */
  readonly workers?: number | undefined
  /**
   * Discard the dataset in `paths.facts` (complete or not, one this run could continue or not) and
   * start over: the CLI's `--overwrite`.
   */
  readonly force?: boolean | undefined
  /** Check every day written with the streaming validator; fail with `ValidationFailed` on violations. */
  readonly validate?: boolean | undefined
  /** Receives every event (master files, engine progress, fact files, the summary). */
  readonly onEvent?: ((event: Event) => Effect.Effect<void>) | undefined
  /** Base directory of relative plugin module specifiers (default: the working directory). */
  readonly cwd?: string | undefined
  /** Include the built-in plugin families (default true); false: only the modules of `config.plugins`. */
  readonly builtIn?: boolean | undefined
  /** Use these fact plugins instead of assembling them from the configuration. */
  readonly plugins?: ReadonlyArray<Plugins.AnyPlugin> | undefined
}

/** Master data written by a run. */
export interface MasterSummary {
  readonly dir: string
  /** Whether this run wrote the files (false: they were already there and matched). */
  readonly written: boolean
  /** Rows and bytes per table (empty when not written). */
  readonly tables: ReadonlyArray<{ readonly table: string; readonly rows: number; readonly bytes: number }>
}

/** The result of a run (this run's work; a continuation counts only the days it generated). */
export interface Summary {
  /** Fact rows written. */
  readonly totalRecords: number
  /** Fact rows per table (every registered table). */
  readonly records: Readonly<Record<string, number>>
  /** Fact bytes per table. */
  readonly bytes: Readonly<Record<string, number>>
  readonly totalBytes: number
  /** Fact files written. */
  readonly files: number
  /** Wall-clock seconds of the whole call (master data included). */
  readonly generationSeconds: number
  /** Fact rows per second of the fact phase. */
  readonly rowsPerSecond: number
  /** Fact bytes per second of the fact phase. */
  readonly bytesPerSecond: number
  readonly format: "csv" | "parquet"
  /** The dataset's first day; the days this run generated (`firstDay`/`lastDay` absent when none). */
  readonly start: string
  readonly firstDay: string | undefined
  readonly lastDay: string | undefined
  readonly days: number
  /** The last day already done when the run started, when it continued a dataset. */
  readonly resumedAfter: string | undefined
  readonly factsDir: string
  /** Worker threads that generated the facts (1: in-process). */
  readonly workers: number
  /** The part of the work this run generated (`{ index: 0, count: 1 }`: the whole run). */
  readonly shard: Plugin.Shard
  readonly master: MasterSummary
  /**
   * Units the shoppers asked for and could not get from the supply chain's `stock` plugin on the
   * days of this run (absent when no such plugin ran).
   */
  readonly lostSales: LostSales | undefined
  /** The validation report when `validate` was on. */
  readonly validation:
    | { readonly ok: boolean; readonly violations: number; readonly text: string }
    | undefined
  readonly notes: ReadonlyArray<string>
}

/** Lost sales of a run: units requested of stores and DCs, units not granted, and their share. */
export interface LostSales {
  readonly requestedUnits: number
  readonly lostUnits: number
  /** `lostUnits / requestedUnits` (0 when nothing was asked). */
  readonly share: number
}

const WHOLE: Plugin.Shard = { index: 0, count: 1 }

/**
 * The DC regions (0-based) a shard generates: `index, index + count, …` below `dcs` (regions are
 * dealt round-robin, `Plugin.ownsRegion`).
 *
 * @example
 * Generator.regionsOf({ index: 0, count: 3 }, 10) // [0, 3, 6, 9]
 */
export const regionsOf = (shard: Plugin.Shard, dcs: number): ReadonlyArray<number> => {
  const out: Array<number> = []
  for (let r = shard.index; r < dcs; r += shard.count) out.push(r)
  return out
}

/** Checks a shard: integers with `0 ≤ index < count`. */
const checkShard = (shard: Plugin.Shard): Effect.Effect<Plugin.Shard, InvalidOption> =>
  Number.isSafeInteger(shard.index) &&
  Number.isSafeInteger(shard.count) &&
  shard.count >= 1 &&
  shard.index >= 0 &&
  shard.index < shard.count
    ? Effect.succeed(shard)
    : Effect.fail(
        new InvalidOption({
          option: "shard",
          reason: `expected 0 ≤ index < count, got index ${shard.index} of count ${shard.count}`
        })
      )

/**
 * The default worker threads: one per core but one — the main thread merges, encodes and writes
 * the workers' rows and needs a core of its own (on 2 cores, 2 workers ran a one-year S run in
 * 21.7 s against 20.1 s in process, and L in 9.4 s against 8.2 s) — and at least 1 (in process).
 */
export const defaultWorkers = (): number => Math.max(1, availableParallelism() - 1)

/**
 * Below this many store-product-days (stores × products × days of the shard; the supply chain's
 * daily review of every position is most of a day's work), a run without an explicit worker
 * count runs in process: starting a worker (its modules, then the plugins' set-up over the whole
 * master data) costs more than it saves. The issue-17 small run (10 stores × 10,000 products × 3
 * days = 300,000) is below it; S over 30 days (1.5 M) is above.
 */
export const SMALL_WORK = 1_000_000

/** The store-product-days a shard steps over `days` days (see `SMALL_WORK`). */
export const workOf = (
  volume: { readonly stores: number; readonly products: number },
  days: number,
  shard: Plugin.Shard = WHOLE
): number => (volume.stores * volume.products * Math.max(0, days)) / shard.count

/**
 * The worker threads a run uses: `requested` (default `defaultWorkers()`, or 1 when the `work`
 * of the shard is below `SMALL_WORK`), at most the number of DC regions of `shard` (more workers
 * would have nothing to do), at least 1. The files do not depend on it.
 *
 * @example
 * Generator.workersFor({ requested: 8, shard: { index: 0, count: 1 }, dcs: 3 }) // 3
 * Generator.workersFor({ dcs: 2, work: Generator.workOf({ stores: 10, products: 10_000 }, 3) }) // 1
 */
export const workersFor = (options: {
  readonly requested?: number | undefined
  readonly shard?: Plugin.Shard | undefined
  readonly dcs: number
  /** The shard's store-product-days (`workOf`); omitted: not considered. */
  readonly work?: number | undefined
}): number => {
  const small = options.work !== undefined && options.work < SMALL_WORK
  const wanted = options.requested ?? (small ? 1 : defaultWorkers())
  return Math.max(1, Math.min(wanted, regionsOf(options.shard ?? WHOLE, options.dcs).length))
}

/**
 * The URL of the workers' setup module, always compiled JavaScript: `dist/internal/workerSetup.js`
 * of this package, found through the package's own name — the same file whether this module runs
 * from `dist`, from `src` (tests) or inlined into a bundle (the command line's).
 */
const SETUP_MODULE: string = pathToFileURL(
  join(
    dirname(createRequire(import.meta.url).resolve("@retail-datagen/generator/package.json")),
    "dist/internal/workerSetup.js"
  )
).href

export type GeneratorEvent = Data.TaggedEnum<{
  /** The master data a run needs was already on disk and matches. */
  MasterReused: { readonly dir: string }
  /** A master table was written. */
  MasterWritten: {
    readonly table: string
    readonly path: string
    readonly rows: number
    readonly bytes: number
    /** 0-based position among the `tables` master tables. */
    readonly index: number
    readonly tables: number
  }
  /**
   * A writer lock left by a process that is gone (same host, pid no longer running) was taken
   * over (`Lock.describeTakeOver` words it).
   */
  LockTakenOver: { readonly dir: string; readonly file: string; readonly previous: Lock.Holder }
  /** The last event of a run. */
  Finished: { readonly summary: Summary }
}>

const ctors = Data.taggedEnum<GeneratorEvent>()
/** Builds a `MasterReused` event. */
export const MasterReused = ctors.MasterReused
/** Builds a `MasterWritten` event. */
export const MasterWritten = ctors.MasterWritten
/** Builds a `LockTakenOver` event. */
export const LockTakenOver = ctors.LockTakenOver
/** Builds a `Finished` event. */
export const Finished = ctors.Finished

/** Every event of a run: the generator's, the pipeline's and the engine's. */
export type Event = GeneratorEvent | Pipeline.Event

/** Every error of a run. */
export type GenerateError =
  | GeneratorError
  | Lock.DatasetLocked
  | Config.ConfigError
  | MasterSpec.MasterSpecError
  | EngineError.EngineError
  | PipelineError.PipelineError
  | Workers.WorkerFailed
  | SinkError.SinkError

const parseDay = (option: string, text: string): Effect.Effect<Calendar.EpochDay, InvalidOption> =>
  Calendar.isValid(text)
    ? Effect.succeed(Calendar.parse(text))
    : Effect.fail(new InvalidOption({ option, reason: `expected a date YYYY-MM-DD, got "${text}"` }))

type Mode = "generate" | "facts"

const masterTablesOf = (master: Master.Master): Record<string, ReadonlyArray<Batch.Batch>> =>
  Object.fromEntries(Master.toBatches(master).map((b) => [b.table.name, [b]]))

/** Writes (or reuses) the master data of `spec`; `facts` mode only checks it. */
const ensureMaster = (
  mode: Mode,
  shard: Plugin.Shard,
  config: Config.Config,
  spec: MasterSpec.MasterSpec,
  master: () => Master.Master,
  emit: (e: Event) => Effect.Effect<void>
) =>
  Effect.gen(function* () {
    const dir = config.paths.master
    const format = config.output.format
    // The master files are the same for every shard: the first writes (or checks) them, the others
    // may run elsewhere, before it, and build the master data in memory only.
    if (shard.index > 0) return { dir, written: false, tables: [] } satisfies MasterSummary
    yield* sweepTemps(dir)
    const status = yield* MasterData.status(dir, spec, VERSION, format)
    if (mode === "facts") {
      if (status._tag === "Missing") return yield* new MasterMissing({ dir, file: status.file })
      if (status._tag === "Stale") return yield* new MasterMismatch({ dir, reason: status.reason })
    }
    // `generate` rewrites master files it cannot vouch for (no manifest: e.g. a run killed after the
    // files but before the manifest), so the dataset always ends with its manifest.
    if (status._tag === "Present" && (mode === "facts" || (status.verified && status.format === format))) {
      yield* emit(MasterReused({ dir }))
      return { dir, written: false, tables: [] } satisfies MasterSummary
    }
    const tables = Master.TABLE_NAMES.length
    let index = 0
    const written = yield* MasterData.write(master(), dir, format, {
      toolVersion: VERSION,
      onFile: (w) =>
        emit(
          MasterWritten({
            table: w.table,
            path: w.path,
            rows: w.rows,
            bytes: w.bytes,
            index: index++,
            tables
          })
        )
    })
    return {
      dir,
      written: true,
      tables: written.map((w) => ({ table: w.table, rows: w.rows, bytes: w.bytes }))
    } satisfies MasterSummary
  })

/**
 * The opening window of a store on a day for the validator, from the configuration's patterns
 * (holiday rules such as Black Friday's early opening or Christmas closing).
 */
export const storeHours = (config: Config.Config): NonNullable<Validate.Options["hours"]> => {
  const patterns = Patterns.make({ seed: config.seed, overrides: config.patterns })
  return (day, open, close) => patterns.storeHours(day, { open: open / 3600, close: close / 3600 })
}

/** Options of `validateDirectory`. */
export interface ValidateOptions {
  /** Validate a dataset that a writer holds (see `Lock`) instead of failing with `DatasetLocked`. */
  readonly allowLocked?: boolean | undefined
  /** Skip the sha256 of every file (rows and bytes are still compared with the manifests). */
  readonly fast?: boolean | undefined
  /** Called after each file read. */
  readonly onProgress?: ((progress: Validate.Progress) => void) | undefined
  /**
   * The plugin modules whose checks run over their tables (default: `config.plugins`; the CLI
   * passes the entries the dataset records).
   */
  readonly plugins?: ReadonlyArray<Config.PluginEntry> | undefined
  /** Base directory of relative plugin modules (default: the working directory). */
  readonly cwd?: string | undefined
}

/**
 * Validates a dataset on disk (`dir/master`, `dir/facts`) against the data contract, with the
 * store hours of `config`'s patterns (default: the built-in defaults), trusting nothing: the
 * directory must be a dataset with its manifests (else `DatasetNotFound`), every file they list
 * must be there with its rows, bytes and sha256 (check `M`, "files"), and no other data file may
 * be there. A dataset being written (a live writer lock) fails with `DatasetLocked` unless
 * `allowLocked`. The plugin modules (`options.plugins`) are loaded for the checks they ship over
 * their tables; one that cannot be loaded fails with its `PluginModuleError`.
 *
 * @example
 * const report = yield* Generator.validateDirectory("data")
 * console.log(Report.text(report))
 */
export const validateDirectory = (
  dir: string,
  config: Config.Config = Config.defaults,
  options: ValidateOptions = {}
): Effect.Effect<
  Report.Report,
  Validate.DatasetNotFound | Lock.DatasetLocked | PluginModuleError | PluginOptionsError
> =>
  Effect.gen(function* () {
    if (options.allowLocked !== true) {
      const live = yield* Lock.firstLive([`${dir}/facts`, `${dir}/master`])
      if (live !== undefined) {
        return yield* new Lock.DatasetLocked({
          dir: live.dir,
          file: live.file,
          pid: live.pid,
          host: live.host,
          since: live.since,
          command: live.command
        })
      }
    }
    const modules = yield* Effect.forEach((options.plugins ?? config.plugins).entries(), ([i, entry]) =>
      Plugins.loadModule(entry, options.cwd, i)
    )
    const { Validate } = yield* loadValidation
    return yield* Validate.directory(dir, {
      plugins: modules.flatMap((m) => m.plugins),
      hours: storeHours(config),
      manifests: "required",
      hashes: options.fast !== true,
      onProgress: options.onProgress
    })
  })

/**
 * The file in the facts directory that records the resolved configuration of the dataset: the
 * encoded sections that determine the data (those of `configHash`; not `dates`, `paths`,
 * `realtime`, `stream`), as JSON with sorted keys, written atomically before the first day, so that `validate` can rebuild the
 * store hours (holiday rules) of the patterns the data was made with.
 */
export const CONFIG_FILE = "_config.json"

/**
 * The configuration recorded with the dataset in `dir` (`dir/facts/_config.json`), or
 * `undefined` when there is none (a dataset from an older version or another tool).
 *
 * @example
 * const config = (yield* Generator.datasetConfig("data")) ?? Config.defaults
 */
export const datasetConfig = (dir: string): Effect.Effect<Config.Config | undefined, Config.ConfigError> =>
  recordedConfig(`${dir}/facts`)

/**
 * The configuration recorded in a facts directory (`root/_config.json`), or `undefined` when
 * there is none.
 */
export const recordedConfig = (root: string): Effect.Effect<Config.Config | undefined, Config.ConfigError> =>
  Effect.gen(function* () {
    const source = `${root}/${CONFIG_FILE}`
    const text = yield* readOptional(source)
    if (text === undefined) return undefined
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (e) {
      return yield* new Config.ConfigError({
        source,
        problems: [{ path: "", message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }]
      })
    }
    return yield* Config.decode(parsed).pipe(Effect.mapError((e) => new Config.ConfigError({ ...e, source })))
  })

/**
 * The validation package, loaded when a run validates (most runs never do: its modules stay out
 * of a plain generation's start-up).
 */
const loadValidation = Effect.promise(() => import("@retail-datagen/validation"))

/** The streaming validator of a run, fed with the master data and every committed day. */
const validator = (
  { Validate }: typeof import("@retail-datagen/validation"),
  config: Config.Config,
  master: Master.Master,
  continuing: boolean,
  plugins: ReadonlyArray<Plugins.AnyPlugin>
) => {
  const v = Validate.stream({
    hours: storeHours(config),
    // the plugins' own tables and checks
    plugins,
    // A continuation sees only its own days: the inventory ledger (I4) needs every day since the
    // snapshots, so it is left to `Validate.directory` over the whole dataset.
    ...(continuing ? { only: ["I1", "I2", "I3", "I5", "I6", "I7", "P"] as const } : {})
  })
  v.master(masterTablesOf(master))
  return v
}

/**
 * Runs `body` holding the writer locks of `dirs` (see `Lock`), taken before anything is written
 * and released however the run ends; a stale lock taken over is reported as `LockTakenOver`.
 */
const locked = <A, E>(
  command: string,
  dirs: ReadonlyArray<{ readonly dir: string; readonly shard?: Plugin.Shard | undefined }>,
  emit: (e: Event) => Effect.Effect<void>,
  body: Effect.Effect<A, E>
): Effect.Effect<A, E | Lock.DatasetLocked | SinkError.SinkError> =>
  Effect.scoped(
    Effect.zipRight(Lock.acquireAll(dirs, { command, onTakeOver: (t) => emit(LockTakenOver(t)) }), body)
  )

/** The directories a run writes: for the first shard of `generate` the master, and the facts (its shard's lock). */
const runDirs = (mode: Mode, config: Config.Config, shard: Plugin.Shard | undefined) => [
  ...(mode === "generate" && (shard ?? WHOLE).index === 0 ? [{ dir: config.paths.master }] : []),
  { dir: config.paths.facts, shard: shard ?? WHOLE }
]

const run = (mode: Mode, config: Config.Config, options: Options): Effect.Effect<Summary, GenerateError> =>
  locked(
    mode,
    runDirs(mode, config, options.shard),
    options.onEvent ?? (() => Effect.void),
    runLocked(mode, config, options)
  )

/** The checked options of a run: its days and shard. */
interface RunRange {
  /** The first day asked for (absent: continue the dataset, or start at `defaultStart`). */
  readonly start: Calendar.EpochDay | undefined
  readonly defaultStart: Calendar.EpochDay
  readonly end: Calendar.EpochDay
  readonly shard: Plugin.Shard
}

/** Checks the options of a run (days, shard, worker count) before anything is read or written. */
const checkOptions = (config: Config.Config, options: Options): Effect.Effect<RunRange, InvalidOption> =>
  Effect.gen(function* () {
    const start = options.start === undefined ? undefined : yield* parseDay("start", options.start)
    const end = yield* parseDay("end", options.end ?? config.dates.end)
    const defaultStart = Calendar.parse(config.dates.start)
    const shard = yield* checkShard(options.shard ?? WHOLE)
    if (options.workers !== undefined && !(Number.isSafeInteger(options.workers) && options.workers >= 1)) {
      return yield* new InvalidOption({
        option: "workers",
        reason: `expected an integer ≥ 1, got ${options.workers}`
      })
    }
    return { start, defaultStart, end, shard }
  })

/**
 * The plugins of a run (from the config's modules, or the explicit `plugins`), with the stock
 * plugin wrapped to count lost sales, and the identities the manifest records.
 */
const loadPlugins = (config: Config.Config, options: Options) =>
  Effect.gen(function* () {
    const assembled =
      options.plugins === undefined
        ? yield* Plugins.assemble(config, { cwd: options.cwd, builtIn: options.builtIn })
        : { plugins: options.plugins, modules: [] }
    const stock = trackStock(assembled.plugins)
    const identities = assembled.modules.flatMap((m) =>
      m.plugins.map((p) => ({
        name: p.name,
        module: m.module,
        version: m.version,
        codeHash: m.codeHash,
        tables: p.tables.map(Manifest.declaration)
      }))
    )
    return { assembled, stock, identities }
  })

/** The worker threads of a new dataset (a continued one keeps its recorded count anyway). */
const chooseWorkers = (
  config: Config.Config,
  options: Options,
  range: RunRange,
  notes: Array<string>
): number => {
  const period = range.end - (range.start ?? range.defaultStart) + 1
  const workers = workersFor({
    requested: options.workers,
    shard: range.shard,
    dcs: config.volume.dcs,
    work: workOf(config.volume, period, range.shard)
  })
  if (options.plugins !== undefined && workers > 1) {
    // Plugin objects (functions) cannot be posted to a worker thread.
    if (options.workers !== undefined) {
      notes.push("workers: explicit plugin objects run in-process (1 worker)")
    }
    return 1
  }
  return workers
}

/** The pipeline's options of a run, without the master data and callbacks. */
const pipelineOptionsOf = (
  config: Config.Config,
  options: Options,
  range: RunRange,
  plugins: ReadonlyArray<Plugins.AnyPlugin>,
  pluginIdentities: ReadonlyArray<Manifest.PluginIdentity>,
  workers: number
): Pipeline.Options<unknown, never, never> => {
  const setupInput: WorkerSetup.Input = {
    config: Config.encode(config),
    cwd: options.cwd,
    builtIn: options.builtIn
  }
  return {
    plugins,
    seed: config.seed,
    start: range.start,
    defaultStart: range.defaultStart,
    end: range.end,
    shard: range.shard,
    root: config.paths.facts,
    format: config.output.format,
    configHash: configHash(config),
    toolVersion: VERSION,
    pluginIdentities,
    force: options.force,
    checkpointEvery: CHECKPOINT_DAYS,
    // Always offered when the plugins can be rebuilt in a worker: a dataset made with worker
    // threads continues with its recorded count (its saved states belong to it).
    workers:
      options.plugins === undefined
        ? { count: workers, setup: { module: SETUP_MODULE, input: setupInput } }
        : undefined
  }
}

/**
 * The master data of a run, built on first use. With worker threads it goes to them as shared
 * memory: it is shared in place once, so the process never holds a second copy.
 */
const masterOnce = (spec: MasterSpec.MasterSpec, threaded: boolean): (() => Master.Master) => {
  let generated: Master.Master | undefined
  return () => {
    generated ??= threaded ? Workers.shareInPlace(Master.generateMaster(spec)) : Master.generateMaster(spec)
    return generated
  }
}

/** Records the dataset's configuration next to the facts, then runs the pipeline over the days. */
const runFacts = (
  config: Config.Config,
  pipelineOptions: Pipeline.Options<unknown, never, never>,
  master: Master.Master,
  emit: (e: Event) => Effect.Effect<void>,
  v: ReturnType<typeof validator> | undefined,
  notes: Array<string>
) =>
  Effect.gen(function* () {
    // a scenario's brands exist only with the master data: checked before any fact is written
    yield* Config.checkScenarioMaster(config, master.products)
    yield* writeAtomic(
      `${config.paths.facts}/${CONFIG_FILE}`,
      `${JSON.stringify(JSON.parse(canonical(dataConfig(config))), null, 2)}\n`
    )
    const facts = yield* Pipeline.run({
      ...pipelineOptions,
      master,
      onEvent: emit,
      onDay:
        v === undefined
          ? undefined
          : (day, batches) =>
              Effect.sync(() => v.day(day, Object.fromEntries(batches.map((b) => [b.table.name, [b]]))))
    })
    if (facts.days === 0) {
      notes.push(
        `facts already generated through ${Calendar.format(facts.lastDay)} ` +
          `(to make them again, rerun with --overwrite (option force), or choose another output directory)`
      )
    }
    return facts
  })

/** The validator's verdict over the run's days; fails with `ValidationFailed` when a check failed. */
const finishValidation = (
  { Report }: typeof import("@retail-datagen/validation"),
  v: ReturnType<typeof validator>,
  continuing: boolean,
  notes: Array<string>
): Effect.Effect<NonNullable<Summary["validation"]>, ValidationFailed> => {
  const report = v.finish()
  const failed = Report.failed(report)
  const violations = report.checks.reduce((n, c) => n + c.violations, 0)
  const validation = { ok: Report.ok(report), violations, text: Report.text(report) }
  if (continuing) {
    notes.push("validation covered the days of this run; run `retail-datagen validate` for the whole dataset")
  }
  return validation.ok
    ? Effect.succeed(validation)
    : Effect.fail(
        new ValidationFailed({
          violations,
          failed: failed.map((id) => Report.NAMES[id]),
          report: validation.text
        })
      )
}

/** The summary of a run from what its parts returned. */
const summaryOf = (
  config: Config.Config,
  parts: {
    readonly facts: Pipeline.Summary | undefined
    readonly workers: number
    readonly stock: ReturnType<typeof trackStock>
    readonly datasetStart: Calendar.EpochDay
    readonly shard: Plugin.Shard
    readonly master: MasterSummary
    readonly validation: Summary["validation"]
    readonly notes: ReadonlyArray<string>
    readonly seconds: number
  }
): Summary => {
  const { facts, seconds } = parts
  const ran = facts !== undefined && facts.days > 0
  // A continued dataset runs with the worker count it was made with.
  const threads = facts?.workers ?? parts.workers
  // each worker thread counts the lost sales of its regions (its setup's `finish()`)
  const lostCounts =
    facts === undefined
      ? []
      : threads > 1
        ? facts.reports.map((r) => (isCounts(r) ? r : undefined))
        : [parts.stock.counts()]
  return {
    totalRecords: facts?.totalRows ?? 0,
    records: facts?.rows ?? {},
    bytes: facts?.bytes ?? {},
    totalBytes: facts?.totalBytes ?? 0,
    files: facts?.files ?? 0,
    generationSeconds: seconds,
    rowsPerSecond: facts?.rowsPerSecond ?? 0,
    bytesPerSecond: facts?.bytesPerSecond ?? 0,
    format: config.output.format,
    start: Calendar.format(parts.datasetStart),
    firstDay: ran ? Calendar.format(facts.firstDay) : undefined,
    lastDay: ran ? Calendar.format(facts.lastDay) : undefined,
    days: facts?.days ?? 0,
    resumedAfter: facts?.resumedAfter === undefined ? undefined : Calendar.format(facts.resumedAfter),
    factsDir: config.paths.facts,
    workers: threads,
    shard: parts.shard,
    master: parts.master,
    lostSales: ran ? lostOf(lostCounts, facts.firstDay, facts.lastDay) : undefined,
    validation: parts.validation,
    notes: parts.notes
  }
}

const runLocked = (
  mode: Mode,
  config: Config.Config,
  options: Options
): Effect.Effect<Summary, GenerateError> =>
  Effect.gen(function* () {
    const startedAt = yield* Clock.currentTimeMillis
    const emit = options.onEvent ?? (() => Effect.void)
    const range = yield* checkOptions(config, options)
    const { shard } = range
    const { assembled, stock, identities } = yield* loadPlugins(config, options)
    const plugins = stock.plugins
    const notes: Array<string> = []
    const workers = chooseWorkers(config, options, range, notes)
    if (shard.index > 0 && mode === "generate") {
      notes.push(
        `master data: left to shard 1/${shard.count} (this shard built it in memory and wrote no master files)`
      )
    }
    const pipelineOptions = pipelineOptionsOf(config, options, range, plugins, identities, workers)
    const hasFacts = plugins.some((p) => p.tables.length > 0)
    // Check the facts directory first: a dataset that cannot be continued fails before any write.
    const inspection = hasFacts ? yield* Pipeline.inspect(pipelineOptions) : undefined
    const datasetStart = inspection?.start ?? range.start ?? range.defaultStart
    if (inspection === undefined && range.end < datasetStart) {
      return yield* new InvalidOption({
        option: "end",
        reason: `${Calendar.format(range.end)} is before the first day ${Calendar.format(datasetStart)}`
      })
    }
    const spec = yield* MasterData.spec(config, datasetStart)
    const master = masterOnce(spec, (inspection?.workers ?? workers) > 1)
    const masterSummary = yield* ensureMaster(mode, shard, config, spec, master, emit)
    const continuing = inspection?.action === "continue"
    const checks = options.validate === true ? yield* loadValidation : undefined
    const v =
      checks === undefined ? undefined : validator(checks, config, master(), continuing, assembled.plugins)
    let facts: Pipeline.Summary | undefined
    if (!hasFacts) notes.push(NO_FACT_TABLES)
    else facts = yield* runFacts(config, pipelineOptions, master(), emit, v, notes)
    const validation =
      v !== undefined && checks !== undefined
        ? yield* finishValidation(checks, v, continuing, notes)
        : undefined
    const seconds = ((yield* Clock.currentTimeMillis) - startedAt) / 1000
    const summary = summaryOf(config, {
      facts,
      workers,
      stock,
      datasetStart,
      shard,
      master: masterSummary,
      validation,
      notes,
      seconds
    })
    yield* emit(Finished({ summary }))
    return summary
  })

/**
 * Master data (written to `paths.master` when missing or made from another configuration), then
 * the fact tables of `start … end` into `paths.facts`, continuing an existing dataset there.
 */
export const generate = (
  config: Config.Config,
  options: Options = {}
): Effect.Effect<Summary, GenerateError> => run("generate", config, options)

/**
 * The fact tables only, over master data already in `paths.master` (fails with `MasterMissing`
 * or `MasterMismatch` otherwise). The master data is rebuilt in memory from the configuration,
 * never read back from the files.
 */
export const facts = (config: Config.Config, options: Options = {}): Effect.Effect<Summary, GenerateError> =>
  run("facts", config, options)

/** Options of `master`. */
export interface MasterOptions {
  /** The dataset's first day (`YYYY-MM-DD`); default `dates.start`. */
  readonly start?: string | undefined
  readonly onEvent?: ((event: Event) => Effect.Effect<void>) | undefined
}

/** The result of `master`. */
export interface MasterResult extends MasterSummary {
  readonly rows: number
  readonly bytes: number
  readonly seconds: number
}

/** Generates the eight master tables and writes them to `paths.master` (always rewritten). */
export const master = (
  config: Config.Config,
  options: MasterOptions = {}
): Effect.Effect<MasterResult, GenerateError> => {
  const emit = options.onEvent ?? (() => Effect.void)
  return locked("master", [{ dir: config.paths.master }], emit, masterLocked(config, options, emit))
}

const masterLocked = (
  config: Config.Config,
  options: MasterOptions,
  emit: (e: Event) => Effect.Effect<void>
): Effect.Effect<MasterResult, GenerateError> =>
  Effect.gen(function* () {
    const startedAt = yield* Clock.currentTimeMillis
    const start = yield* parseDay("start", options.start ?? config.dates.start)
    const spec = yield* MasterData.spec(config, start)
    const tables = Master.TABLE_NAMES.length
    let index = 0
    const written = yield* MasterData.write(
      Master.generateMaster(spec),
      config.paths.master,
      config.output.format,
      {
        toolVersion: VERSION,
        onFile: (w) =>
          emit(
            MasterWritten({
              table: w.table,
              path: w.path,
              rows: w.rows,
              bytes: w.bytes,
              index: index++,
              tables
            })
          )
      }
    )
    const seconds = ((yield* Clock.currentTimeMillis) - startedAt) / 1000
    return {
      dir: config.paths.master,
      written: true,
      tables: written.map((w) => ({ table: w.table, rows: w.rows, bytes: w.bytes })),
      rows: written.reduce((n, w) => n + w.rows, 0),
      bytes: written.reduce((n, w) => n + w.bytes, 0),
      seconds
    }
  })

const streamOf = (mode: Mode, config: Config.Config, options: Options): Stream.Stream<Event, GenerateError> =>
  Stream.unwrapScoped(
    Effect.gen(function* () {
      const mailbox = yield* Mailbox.make<Event, GenerateError>()
      const user = options.onEvent
      const onEvent = (event: Event): Effect.Effect<void> =>
        user === undefined
          ? Effect.asVoid(mailbox.offer(event))
          : Effect.zipRight(user(event), Effect.asVoid(mailbox.offer(event)))
      yield* run(mode, config, { ...options, onEvent }).pipe(Mailbox.into(mailbox), Effect.forkScoped)
      return Mailbox.toStream(mailbox)
    })
  )

/**
 * `generate` as a stream of its events, ending after `Finished` (or failing with the run's
 * error). Ending the stream early interrupts the run; committed days stay committed.
 *
 * @example
 * Generator.generateStream(config, { end: "2024-01-07" }).pipe(
 *   Stream.filter((e) => e._tag === "DayCommitted"),
 *   Stream.runForEach((e) => Console.log(Pipeline.format(e)))
 * )
 */
export const generateStream = (
  config: Config.Config,
  options: Options = {}
): Stream.Stream<Event, GenerateError> => streamOf("generate", config, options)

/** `facts` as a stream of its events. */
export const factsStream = (
  config: Config.Config,
  options: Options = {}
): Stream.Stream<Event, GenerateError> => streamOf("facts", config, options)

/**
 * The progress of a `generate` run as a stream of snapshots (one per event; see `Progress`), for
 * a status document or a progress bar. `now` reads the clock (default `Date.now`).
 *
 * @example
 * Generator.progress(config).pipe(Stream.runForEach((s) => Console.log(Progress.line(s))))
 */
export const progress = (
  config: Config.Config,
  options: Options & { readonly now?: (() => number) | undefined } = {}
): Stream.Stream<Progress.Snapshot, GenerateError> => {
  const now = options.now ?? Date.now
  return Stream.suspend(() => {
    const tracker = Progress.tracker()
    return Stream.map(generateStream(config, options), (event) => tracker.update(event, now()))
  })
}

/** Options of `days`. */
export interface DaysOptions {
  /** First day of the simulation (`YYYY-MM-DD`); default `dates.start`. Ignored with `continueFrom`. */
  readonly start?: string | undefined
  /** Number of days; omitted: open-ended (the stream runs on, day after day). */
  readonly days?: number | undefined
  /**
   * The facts directory of a batch dataset made from the same configuration (its
   * `_manifest.json`): start the day after its last day, from its saved plugin states.
   */
  readonly continueFrom?: string | undefined
  /** Days produced ahead of the consumer (default 1). */
  readonly buffer?: number | undefined
  /**
   * Simulate on this many worker threads, so that the next days are simulated while the
   * consumer handles the current one (default: in this thread). The rows are the same whatever
   * the count. Explicit `plugins` objects cannot be sent to workers: such a stream stays in this
   * thread; a dataset continued (`continueFrom`) runs as it was saved (worker-thread states on
   * their count, others in this thread).
   */
  readonly workers?: number | undefined
  readonly cwd?: string | undefined
  readonly builtIn?: boolean | undefined
  readonly plugins?: ReadonlyArray<Plugins.AnyPlugin> | undefined
}

/** Where a `days` stream starts: its first day and the dataset's first day (master data date). */
export interface DaysPlan {
  /** The simulation's first day (`ctx.start`; the master data's date). */
  readonly start: Calendar.EpochDay
  /** The first day the stream yields. */
  readonly first: Calendar.EpochDay
  /** The last day, or `undefined` when open-ended. */
  readonly last: Calendar.EpochDay | undefined
  /**
   * The opening window of every store on a day (`StoreID` from 1, seconds of the day; `closed`
   * all day), from the stores' hours and the holiday rules of the configuration's patterns.
   */
  readonly storeHours: (day: Calendar.EpochDay) => ReadonlyArray<{
    readonly store: number
    readonly open: number
    readonly close: number
    readonly closed: boolean
  }>
  /**
   * The store positions the simulation starts from (the master data's
   * `store_inventory_snapshots`): units of a product on hand at a store (`-1` when the store does
   * not carry it) at the start of the first day streamed: the snapshots', or for a run continued
   * from saved states, the stock plugin's as restored (read once the stream has started);
   * `undefined` when not known (states of worker threads, no stock plugin).
   */
  readonly storeStock: ((storeId: number, productId: number) => number) | undefined
}

/** Open-ended streams run to this many days after their start (about 270 years). */
const OPEN_ENDED_DAYS = 100_000

/**
 * The fact tables of a configuration, day by day, without files: the same simulation as
 * `generate` / `facts` (the rows of a day are the rows of that day's batch files, in the same
 * canonical order), for a live event stream. The master data is built in memory; nothing is
 * written. With `continueFrom` it continues a batch dataset after its last day.
 *
 * @example
 * Generator.days(config, { start: "2024-01-01", days: 2 }).pipe(
 *   Stream.map(({ day, batches }) => [day, batches.map((b) => b.length)])
 * )
 */
export const days = (
  config: Config.Config,
  options: DaysOptions = {}
): Effect.Effect<
  { readonly plan: DaysPlan; readonly stream: Stream.Stream<Days.Day, GenerateError> },
  GenerateError
> =>
  Effect.gen(function* () {
    if (options.days !== undefined && !(Number.isSafeInteger(options.days) && options.days >= 1)) {
      return yield* new InvalidOption({
        option: "days",
        reason: `expected an integer ≥ 1, got ${options.days}`
      })
    }
    if (options.workers !== undefined && !(Number.isSafeInteger(options.workers) && options.workers >= 1)) {
      return yield* new InvalidOption({
        option: "workers",
        reason: `expected an integer ≥ 1, got ${options.workers}`
      })
    }
    let start = yield* parseDay("start", options.start ?? config.dates.start)
    let resume: { afterDay: Calendar.EpochDay; states: Readonly<Record<string, unknown>> } | undefined
    if (options.continueFrom !== undefined) {
      const root = options.continueFrom
      const manifest = yield* Manifest.read(root)
      if (manifest === undefined) {
        return yield* new InvalidOption({
          option: "continue",
          reason: `no dataset manifest (_manifest.json) in ${root}`
        })
      }
      if (manifest.configHash !== configHash(config) || manifest.toolVersion !== VERSION) {
        return yield* new InvalidOption({
          option: "continue",
          reason: `the dataset in ${root} was made from another configuration or version; stream with the configuration it was made with`
        })
      }
      if (!Manifest.hasState(manifest)) {
        return yield* new InvalidOption({
          option: "continue",
          reason: `the dataset in ${root} is a merged dataset without saved plugin states; continue one of its shards`
        })
      }
      const saved = yield* Manifest.readStates(root, manifest)
      start = Calendar.parse(manifest.start)
      resume = { afterDay: Calendar.parse(manifest.lastDay), states: saved.states }
    }
    const first = resume === undefined ? start : resume.afterDay + 1
    const last = options.days === undefined ? undefined : first + options.days - 1
    const given =
      options.plugins ?? (yield* Plugins.fromConfig(config, { cwd: options.cwd, builtIn: options.builtIn }))
    const spec = yield* MasterData.spec(config, start)
    // A continued run's store positions are the supply chain's as restored (before its first day),
    // read through the stock plugin's service, one per snapshot row.
    let restored: Int32Array | undefined
    const plugins = given.map((p): Plugins.AnyPlugin => {
      const restore = p.restore
      const service = p.service
      if (p.name !== Plugins.STOCK || restore === undefined || service === undefined) return p
      return {
        ...p,
        restore: (saved, ctx) => {
          const state = restore(saved, ctx)
          const stock = service(state) as { readonly onHand?: (storeId: number, productId: number) => number }
          if (typeof stock?.onHand === "function") {
            const snap = master().storeInventory
            const out = new Int32Array(snap.length)
            for (let store = 1; store < snap.locationStart.length; store++) {
              for (let row = snap.locationStart[store - 1]!; row < snap.locationStart[store]!; row++) {
                out[row] = stock.onHand(store, snap.productId[row]!)
              }
            }
            restored = out
          }
          return state
        }
      }
    })
    const setupInput: WorkerSetup.Input = {
      config: Config.encode(config),
      cwd: options.cwd,
      builtIn: options.builtIn
    }
    let built: Master.Master | undefined
    const master = () => {
      built ??= Master.generateMaster(spec)
      return built
    }
    const hours = storeHours(config)
    const storeHoursOf = (day: Calendar.EpochDay) => {
      const stores = master().stores
      const out = []
      for (let i = 0; i < stores.length; i++) {
        const h = hours(day, stores.openHour[i]! * 3600, stores.closeHour[i]! * 3600)
        out.push({ store: i + 1, open: h.open, close: h.close, closed: h.closed })
      }
      return out
    }
    const stream = Stream.suspend(() =>
      Days.stream({
        plugins,
        master: master(),
        seed: config.seed,
        start,
        end: last ?? first + OPEN_ENDED_DAYS,
        resume,
        buffer: options.buffer,
        workers: { setup: { module: SETUP_MODULE, input: setupInput } },
        threads: options.plugins === undefined ? options.workers : undefined
      })
    )
    const storeStock = (storeId: number, productId: number) => {
      const snap = master().storeInventory
      if (!(storeId >= 1 && storeId < snap.locationStart.length)) return -1
      const row = Inventory.rowOf(snap, storeId, productId)
      if (row < 0) return -1
      if (resume === undefined) return snap.currentQuantity[row]!
      if (restored === undefined) throw new Error("the stock plugin's positions were not restored")
      return restored[row]!
    }
    // worker-thread states are restored in the workers: no positions here
    const known =
      resume === undefined ||
      (!Array.isArray(resume.states.workers) && plugins.some((p) => p.name === Plugins.STOCK))
    return {
      plan: {
        start,
        first,
        last,
        storeHours: storeHoursOf,
        storeStock: known ? storeStock : undefined
      },
      stream
    }
  })

/** Assembles the fact plugins of a configuration (see `Plugins.fromConfig`). */
export const plugins = (
  config: Config.Config,
  options: Plugins.Options = {}
): Effect.Effect<ReadonlyArray<Plugins.AnyPlugin>, GeneratorError> => Plugins.fromConfig(config, options)

/** Options of `merge`. */
export interface MergeOptions {
  /** The facts directory the shards wrote into (default `paths.facts`). */
  readonly root?: string | undefined
  /** Replace a `_manifest.json` there that is not an earlier merge of these shards. */
  readonly force?: boolean | undefined
  /** Keep the part files, part manifests and part states. */
  readonly keepParts?: boolean | undefined
  /** Receives the merge's events. */
  readonly onEvent?: ((event: Merge.Event) => Effect.Effect<void>) | undefined
  /** Called when a stale writer lock of the facts directory is taken over (see `Lock`). */
  readonly onLockTakenOver?: ((taken: Lock.TakenOver) => Effect.Effect<void>) | undefined
  /** Base directory of relative plugin module specifiers (default: the working directory). */
  readonly cwd?: string | undefined
}

/** Every error of `merge`. */
export type MergeError =
  | GeneratorError
  | Lock.DatasetLocked
  | Config.ConfigError
  | EngineError.EngineError
  | Merge.MergeError
  | SinkError.SinkError

const PART_MANIFEST = /^_manifest\.part-(\d+)-of-(\d+)\.json$/

/** The tables named by one part manifest under `root`, if there is one. */
const partTables = (root: string) =>
  Effect.gen(function* () {
    const names = yield* Effect.promise(() => readdir(root).catch(() => [] as Array<string>))
    for (const name of names) {
      const m = PART_MANIFEST.exec(name)
      if (m === null) continue
      const shard = { index: Number(m[1]) - 1, count: Number(m[2]) }
      const manifest = yield* Effect.orElseSucceed(Manifest.read(root, shard), () => undefined)
      if (manifest !== undefined) return manifest.tables
    }
    return undefined
  })

/**
 * Joins the part files of a sharded dataset (`generate`/`facts` with `shard`, every shard done)
 * into the files of a single run, byte for byte (engine `Merge.run`), then removes the parts.
 * The fact tables come from the configuration recorded with the dataset (`_config.json`; else
 * `config`), with or without the built-in families as the shards' manifests name them. A merged
 * dataset cannot be continued: continue every shard (merge with `keepParts`), then merge again.
 *
 * @example
 * for (let index = 0; index < 3; index++) yield* Generator.generate(config, { shard: { index, count: 3 } })
 * const merged = yield* Generator.merge(config)
 * console.log(`${merged.files} files, ${merged.totalRows} rows`)
 */
export const merge = (
  config: Config.Config,
  options: MergeOptions = {}
): Effect.Effect<Merge.Summary, MergeError> => {
  const root = options.root ?? config.paths.facts
  return Effect.scoped(
    Effect.zipRight(
      Lock.acquire(root, { command: "merge", onTakeOver: options.onLockTakenOver }),
      mergeLocked(root, config, options)
    )
  )
}

const mergeLocked = (
  root: string,
  config: Config.Config,
  options: MergeOptions
): Effect.Effect<Merge.Summary, MergeError> =>
  Effect.gen(function* () {
    const recorded = (yield* recordedConfig(root)) ?? config
    const named = yield* partTables(root)
    const tablesOf = (builtIn: boolean) =>
      Effect.flatMap(Plugins.fromConfig(recorded, { cwd: options.cwd, builtIn }), (plugins) =>
        Effect.map(Registry.make(plugins), (registry) => registry.tables)
      )
    let tables = yield* tablesOf(true)
    if (named !== undefined && recorded.plugins.length > 0 && tables.length !== named.length) {
      // the shards ran with the configuration's plugin modules only
      const only = yield* tablesOf(false)
      if (only.length === named.length && only.every((t) => named.includes(t.name))) tables = only
    }
    return yield* Merge.run({
      root,
      tables,
      force: options.force,
      keepParts: options.keepParts,
      onEvent: options.onEvent
    })
  })
