/**
 * The run pipeline: runs the plugins (`Run.run`) and writes every day's output as partitioned
 * files, atomically, with a manifest that lets a later run continue exactly where this one
 * stopped. Generic: it knows tables, days and files, nothing of retail.
 *
 * Layout under `root` (DATA-CONTRACT §1):
 *
 * ```
 * <root>/<table>/dt=YYYY-MM-DD/<table>_YYYYMMDD.<csv|parquet|ndjson>   one file per table per day
 * <root>/_manifest.json                                                what is committed
 * <root>/_state/YYYYMMDD.json                                          plugin states after the last day done
 * ```
 *
 * Every table gets a file every day, even without rows (CSV: the header only; Parquet: the
 * schema, no row groups). A day's batches of one table (from steps, workers, or the part files
 * of merged shards) are put in one canonical order: by `EventTS` (nulls last), ties broken by
 * the other columns left to right (numbers numerically, strings and enum labels by text in
 * code-unit order, false < true, nulls last). The order depends only on the rows, so the bytes
 * do not depend on how the work was split.
 *
 * Commit order of a checkpoint (every day, or every `checkpointEvery` days): the files of its
 * days, written under temporary names as each day ends, are fsynced and renamed into place and
 * their directories fsynced, then the plugin states are saved, then the manifest, then the
 * previous states file is deleted. A run killed at any point leaves the
 * manifest at the last complete day; the next run removes stale temporary files, restores the
 * saved states and regenerates from the day after, so the result is byte-identical to an
 * uninterrupted run. A run that fails (an I/O error, a full disk) removes the files it had
 * committed for the unfinished day, so no day is visible half-written.
 *
 * With `workers` (count ≥ 2) the plugins run on worker threads (`Workers.run`, built in each
 * thread from a setup module) and the files are byte-identical to an in-process run; the saved
 * states then hold one entry per worker, and a continuation keeps the recorded count.
 *
 * @example
 * import { Effect } from "effect"
 * import { Pipeline } from "@retail-datagen/engine"
 * const summary = await Effect.runPromise(
 *   Pipeline.run({
 *     plugins: [visits],
 *     seed: 42,
 *     defaultStart: 19723,
 *     end: 19729,
 *     root: "out/facts",
 *     format: "csv",
 *     configHash: "…",
 *     toolVersion: "0.1.0"
 *   })
 * )
 */
import * as path from "node:path"
import { type Batch, Calendar, type Plugin, type Table } from "@retail-datagen/core"
import { type Layout, Partition, type SinkError } from "@retail-datagen/sinks"
import { Clock, Data, Effect, Exit, Fiber, Mailbox, Stream } from "effect"
import { type EngineError, InvalidRunOptions } from "./EngineError.js"
import { ensureDir, pruneStates, removeEmptyDir, removeFile, sizeOf, sweep } from "./internal/files.js"
import { ownedSorted } from "./internal/rows.js"
import * as Manifest from "./Manifest.js"
import {
  DatasetDamaged,
  ManifestMismatch,
  ManifestUnreadable,
  type PipelineError,
  PluginChanged,
  RangeConflict
} from "./PipelineError.js"
import * as Progress from "./Progress.js"
import * as Registry from "./Registry.js"
import * as Run from "./Run.js"
import * as Workers from "./Workers.js"

const WHOLE: Plugin.Shard = { index: 0, count: 1 }
const DEFAULT_CONCURRENCY = 4

export interface Options<Master = unknown, E = never, R = never> {
  /** The plugins, or a registry built from them. */
  readonly plugins: ReadonlyArray<Registry.AnyPlugin<Master>> | Registry.Registry<Master>
  /** Master data handed to every plugin as `ctx.master` (opaque here). */
  readonly master?: Master | undefined
  /** Root seed of every random stream. */
  readonly seed: number
  /**
   * The first day to generate. Omitted: continue the dataset under `root` from the day after its
   * last day done, or start at `defaultStart` when there is none. Given: it must be the
   * dataset's first day (a rerun of the same command resumes) or the day after its last day
   * (an explicit continuation); any other day is a `RangeConflict` unless `force`.
   */
  readonly start?: Calendar.EpochDay | undefined
  /** The first day of a new dataset when `start` is omitted. */
  readonly defaultStart?: Calendar.EpochDay | undefined
  /** The last day to generate (inclusive). A dataset already complete through it is left as is. */
  readonly end: Calendar.EpochDay
  /** The part of the work to generate; default the whole run. A shard's files carry a `.part-k-of-n` suffix. */
  readonly shard?: Plugin.Shard | undefined
  /** Output directory of the fact tables (created if missing). */
  readonly root: string
  readonly format: Layout.Format
  /** Hash of everything that determines the data besides seed, format and days (the caller's config). */
  readonly configHash: string
  /** Version of the generating tool, recorded in the manifest; a different version does not resume. */
  readonly toolVersion: string
  /**
   * The plugins loaded from modules, recorded in the manifest; a dataset continues only with the
   * same code (`PluginChanged` otherwise).
   */
  readonly pluginIdentities?: ReadonlyArray<Manifest.PluginIdentity> | undefined
  /**
   * Discard any dataset under `root` — complete or not, one this run could continue or not (other
   * configuration, version, seed, format, plugins or shard; a conflicting start day; a damaged
   * manifest) — and start over (the CLI's `--overwrite`). Without it a dataset is continued, and
   * one that cannot be is an error, with nothing touched.
   */
  readonly force?: boolean | undefined
  /** Receives the engine's progress events and the pipeline's own. */
  readonly onEvent?: ((event: Event) => Effect.Effect<unknown, E, R>) | undefined
  /**
   * Called after each day's files are written (they are committed with the day's checkpoint), with
   * the day's batches as written (one per table, in step order; owned, sorted). For checks such
   * as streaming validation.
   */
  readonly onDay?:
    | ((day: Calendar.EpochDay, batches: ReadonlyArray<Batch.Batch>) => Effect.Effect<unknown, E, R>)
    | undefined
  /** Buffer size of the CSV/NDJSON encoders (default: the sinks' 1 MiB). */
  readonly chunkSize?: number | undefined
  /**
   * Days committed together (default 1): the files of `checkpointEvery` days are written under
   * temporary names, then made durable and visible at once (one fsync per file, several at once,
   * and one per directory) with one saved states file and one manifest. A crash loses at most
   * the days since the last checkpoint, which a rerun makes again. The first and the last day
   * always commit.
   */
  readonly checkpointEvery?: number | undefined
  /** Files of a day written at the same time (default 4). */
  readonly concurrency?: number | undefined
  /**
   * Run the plugins on worker threads (`Workers.run`): `count` threads (an integer 1…256; 1 runs
   * in process like no option), each building its plugins from the `setup` module; the files are
   * byte-identical to an in-process run. `master` is shared with the threads (`Workers.share`),
   * not copied. The saved states belong to the worker count: a continued dataset keeps the count
   * it was started with (recorded in its saved states), whatever `count` says; continuing a
   * worker dataset needs `setup`.
   */
  readonly workers?: { readonly count: number; readonly setup: Workers.Setup } | undefined
}

export interface Summary {
  readonly root: string
  readonly format: Layout.Format
  /** Tables in step order. */
  readonly tables: ReadonlyArray<string>
  /** The dataset's first day (kept from the manifest when continuing). */
  readonly start: Calendar.EpochDay
  /** First and last day generated by this run (`firstDay > lastDay` when none). */
  readonly firstDay: Calendar.EpochDay
  readonly lastDay: Calendar.EpochDay
  /** Days generated by this run. */
  readonly days: number
  /** The last day already done when this run started, if it continued a dataset. */
  readonly resumedAfter: Calendar.EpochDay | undefined
  /** Rows and bytes written by this run, per table (every table present). */
  readonly rows: Readonly<Record<string, number>>
  readonly bytes: Readonly<Record<string, number>>
  /** Files written by this run. */
  readonly files: number
  readonly totalRows: number
  readonly totalBytes: number
  /** Wall-clock seconds (from the `Clock` service). */
  readonly seconds: number
  readonly rowsPerSecond: number
  readonly bytesPerSecond: number
  /** Path of the manifest. */
  readonly manifest: string
  /** Worker threads of the run (1 = in process). */
  readonly workers: number
  /**
   * What each worker's setup `finish()` returned, by worker index (empty in process or when no day
   * was generated): e.g. plugin statistics for the caller to sum.
   */
  readonly reports: ReadonlyArray<unknown>
}

export type PipelineEvent = Data.TaggedEnum<{
  /** Emitted once the existing dataset is checked and before the engine starts. */
  PipelineStarted: {
    readonly root: string
    readonly format: Layout.Format
    readonly tables: ReadonlyArray<string>
    /** The dataset's first day. */
    readonly start: Calendar.EpochDay
    /** Days this run generates: `firstDay … lastDay` (none when `firstDay > lastDay`). */
    readonly firstDay: Calendar.EpochDay
    readonly lastDay: Calendar.EpochDay
    readonly days: number
    readonly resumedAfter: Calendar.EpochDay | undefined
    /** Stale temporary files of a killed run that were removed. */
    readonly removedTemps: number
  }
  /** A file was committed (renamed into place). */
  FileWritten: {
    readonly table: string
    readonly day: Calendar.EpochDay
    readonly path: string
    readonly rows: number
    readonly bytes: number
    readonly checksum: string
  }
  /** A day's files, states and manifest are committed: a rerun starts after this day. */
  DayCommitted: {
    readonly day: Calendar.EpochDay
    /** 0-based position of the day in this run. */
    readonly index: number
    readonly days: number
    readonly rows: number
    readonly bytes: number
    readonly files: number
  }
  /** The last event of a completed pipeline run. */
  PipelineFinished: { readonly summary: Summary }
}>

const ctors = Data.taggedEnum<PipelineEvent>()
/** Builds a `PipelineStarted` event. */
export const PipelineStarted = ctors.PipelineStarted
/** Builds a `FileWritten` event. */
export const FileWritten = ctors.FileWritten
/** Builds a `DayCommitted` event. */
export const DayCommitted = ctors.DayCommitted
/** Builds a `PipelineFinished` event. */
export const PipelineFinished = ctors.PipelineFinished

/** Every event of a pipeline run: the engine's progress events and the pipeline's. */
export type Event = Progress.ProgressEvent | PipelineEvent

/** Whether an event is one of the pipeline's own (not the engine's). */
export const isPipelineEvent = (e: Event): e is PipelineEvent =>
  e._tag === "PipelineStarted" ||
  e._tag === "FileWritten" ||
  e._tag === "DayCommitted" ||
  e._tag === "PipelineFinished"

const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`

/**
 * One plain line for an event (logs, non-TTY output).
 *
 * @example
 * Pipeline.format(event) // "2024-01-03 committed (3/30): 12345 rows, 1.2 MiB in 9 files"
 */
export const format = (event: Event): string => {
  switch (event._tag) {
    case "PipelineStarted":
      return event.days === 0
        ? `${event.root}: up to date through ${Calendar.format(event.lastDay)}`
        : `${event.root}: ${event.days} days ${Calendar.format(event.firstDay)} … ${Calendar.format(event.lastDay)}` +
            (event.resumedAfter === undefined
              ? ""
              : ` (continuing after ${Calendar.format(event.resumedAfter)})`)
    case "FileWritten":
      return `wrote ${event.path}: ${event.rows} rows, ${event.bytes} bytes`
    case "DayCommitted":
      return `${Calendar.format(event.day)} committed (${event.index + 1}/${event.days}): ${event.rows} rows, ${mib(event.bytes)} in ${event.files} files`
    case "PipelineFinished": {
      const s = event.summary
      return `finished: ${s.days} days, ${s.totalRows} rows, ${mib(s.totalBytes)} in ${s.seconds.toFixed(1)} s`
    }
    default:
      return Progress.format(event)
  }
}

/**
 * What a run would do with the dataset under `root`, found without changing anything: start a
 * new dataset, continue the existing one, or (with `force`) discard it and start over.
 */
export interface Inspection {
  readonly action: "new" | "continue" | "startOver"
  /** Tables in step order. */
  readonly tables: ReadonlyArray<string>
  readonly shard: Plugin.Shard
  /** The dataset's first day once the run is done (the manifest's when continuing). */
  readonly start: Calendar.EpochDay
  /** Days the run generates: `first … last` (none when `first > last`). */
  readonly first: Calendar.EpochDay
  readonly last: Calendar.EpochDay
  readonly days: number
  /** The existing manifest, if any (the one to discard when starting over). */
  readonly manifest: Manifest.Manifest | undefined
  /** Where a continuation resumes (the manifest's last day and the saved states). */
  readonly resume: Run.Resume | undefined
  /**
   * Worker threads the run uses (1 = in process): the requested `workers.count` for a new
   * dataset, the recorded count when continuing one.
   */
  readonly workers: number
}

interface Plan extends Inspection {
  readonly registry: Registry.Registry<unknown>
  readonly removedTemps: number
}

const invalid = (field: string, reason: string) => Effect.fail(new InvalidRunOptions({ field, reason }))

/**
 * Worker threads that saved `states`: a worker run saves `{ workers: [states of worker 0, …] }`
 * (the key cannot be mistaken for a plugin's unless a plugin is named "workers"); 1 otherwise.
 */
const workersOf = (
  states: Readonly<Record<string, unknown>>,
  registry: Registry.Registry<unknown>
): number => {
  const list = states.workers
  return Array.isArray(list) && !registry.plugins.some((p) => p.name === "workers") ? list.length : 1
}

/** The first field of `m` that differs from what this run would write, if any. */
const mismatchOf = (
  m: Manifest.Manifest,
  expected: {
    readonly toolVersion: string
    readonly configHash: string
    readonly seed: number
    readonly format: string
    readonly shard: Plugin.Shard
    readonly tables: ReadonlyArray<string>
  }
): { field: string; found: string; expected: string } | undefined => {
  const shardText = (s: Plugin.Shard) => `${s.index + 1}/${s.count}`
  const pairs: ReadonlyArray<[string, string, string]> = [
    ["configHash", m.configHash, expected.configHash],
    ["seed", String(m.seed), String(expected.seed)],
    ["format", m.format, expected.format],
    ["toolVersion", m.toolVersion, expected.toolVersion],
    ["tables", m.tables.join(", "), expected.tables.join(", ")],
    ["shard", shardText(m.shard), shardText(expected.shard)]
  ]
  for (const [field, found, exp] of pairs) if (found !== exp) return { field, found, expected: exp }
  return undefined
}

const identityText = (p: Manifest.PluginIdentity | undefined): string =>
  p === undefined
    ? "absent"
    : `version ${p.version === "" ? "-" : p.version}, code ${p.codeHash.slice(0, 12)}`

/** The first module plugin whose recorded identity differs from the loaded one, if any. */
const pluginChange = (
  found: ReadonlyArray<Manifest.PluginIdentity>,
  now: ReadonlyArray<Manifest.PluginIdentity>
): { plugin: string; module: string; found: string; expected: string } | undefined => {
  const names = [...new Set([...found.map((p) => p.name), ...now.map((p) => p.name)])]
  for (const name of names) {
    const a = found.find((p) => p.name === name)
    const b = now.find((p) => p.name === name)
    if (a?.version === b?.version && a?.codeHash === b?.codeHash && a?.module === b?.module) continue
    return { plugin: name, module: (b ?? a)!.module, found: identityText(a), expected: identityText(b) }
  }
  return undefined
}

/** Removes a dataset's manifest first (so nothing points at half-deleted files), then its files and states. */
const discard = (root: string, shard: Plugin.Shard, m: Manifest.Manifest | undefined) =>
  Effect.gen(function* () {
    yield* removeFile(Manifest.pathOf(root, shard))
    if (m === undefined) return
    for (const f of m.files) {
      const file = path.join(root, f.path)
      yield* removeFile(file)
      yield* removeEmptyDir(path.dirname(file))
    }
    if (!Manifest.hasState(m)) return
    yield* removeFile(path.join(root, m.state))
    yield* removeEmptyDir(path.dirname(path.join(root, m.state)))
  })

const checkFiles = (root: string, m: Manifest.Manifest) =>
  Effect.forEach(
    m.files,
    (f) =>
      Effect.flatMap(sizeOf(path.join(root, f.path)), (size) =>
        size === undefined
          ? Effect.fail(
              new DatasetDamaged({ root, file: f.path, reason: "is listed in the manifest but missing" })
            )
          : size !== f.bytes
            ? Effect.fail(
                new DatasetDamaged({
                  root,
                  file: f.path,
                  reason: `has ${size} bytes, the manifest says ${f.bytes}`
                })
              )
            : Effect.void
      ),
    { discard: true, concurrency: 16 }
  )

/** What every plan of a run shares, whatever it does with the dataset. */
interface PlanBase {
  readonly registry: Registry.Registry<unknown>
  readonly shard: Plugin.Shard
  readonly tables: ReadonlyArray<string>
  readonly workers: number
}

/** The plan of a run that starts a dataset (`new`, or `startOver` discarding `manifest`). */
const freshPlan = <Master, E, R>(
  options: Options<Master, E, R>,
  base: PlanBase,
  action: "new" | "startOver",
  manifest: Manifest.Manifest | undefined
): Effect.Effect<Omit<Plan, "removedTemps">, InvalidRunOptions> => {
  const start = options.start ?? options.defaultStart
  if (start === undefined) {
    return invalid("start", "must be given (or defaultStart) when there is no dataset to continue")
  }
  if (options.end < start) {
    return invalid("end", `${Calendar.format(options.end)} is before the first day ${Calendar.format(start)}`)
  }
  return Effect.succeed({
    ...base,
    action,
    start,
    first: start,
    last: options.end,
    days: options.end - start + 1,
    manifest,
    resume: undefined
  })
}

/**
 * The plan of a run that continues the dataset of `manifest`: checks that it is the same run
 * (configuration, version, plugins, days), that its files and saved states are whole, and resumes
 * after its last day with its recorded worker count.
 */
const resumePoint = <Master, E, R>(
  options: Options<Master, E, R>,
  base: PlanBase,
  manifest: Manifest.Manifest
): Effect.Effect<Omit<Plan, "removedTemps">, EngineError | PipelineError> =>
  Effect.gen(function* () {
    const { root, end } = options
    const { shard, registry } = base
    const mismatch = mismatchOf(manifest, {
      toolVersion: options.toolVersion,
      configHash: options.configHash,
      seed: options.seed,
      format: options.format,
      shard,
      tables: base.tables
    })
    if (mismatch !== undefined) {
      return yield* new ManifestMismatch({ root, ...mismatch })
    }
    const changed = pluginChange(manifest.plugins ?? [], options.pluginIdentities ?? [])
    if (changed !== undefined) return yield* new PluginChanged({ root, ...changed })
    const mStart = Calendar.parse(manifest.start)
    const mLast = Calendar.parse(manifest.lastDay)
    const requested = options.start
    if (requested !== undefined && requested !== mStart && requested !== mLast + 1) {
      return yield* new RangeConflict({
        root,
        start: manifest.start,
        lastDay: manifest.lastDay,
        requested: Calendar.format(requested),
        next: Calendar.format(mLast + 1)
      })
    }
    if (!Manifest.hasState(manifest)) {
      return yield* new ManifestUnreadable({
        path: Manifest.pathOf(root, shard),
        reason:
          "it is a merged dataset, which has no saved plugin states and cannot be continued; continue each " +
          "shard (merge with keepParts / --keep-parts keeps them), then merge again"
      })
    }
    const checked = yield* Effect.either(
      Effect.zipRight(checkFiles(root, manifest), Manifest.readStates(root, manifest))
    )
    if (checked._tag === "Left") return yield* Effect.fail(checked.left)
    if (end < mStart) {
      return yield* invalid(
        "end",
        `${Calendar.format(end)} is before the first day ${Calendar.format(mStart)}`
      )
    }
    const last = Math.max(end, mLast)
    const workers = workersOf(checked.right.states, registry)
    if (workers > 1 && options.workers === undefined) {
      return yield* invalid(
        "workers",
        `the dataset under ${root} was made with ${workers} worker threads and its saved plugin states ` +
          "belong to that count: continue it with the workers option (the setup module; the count is the recorded one)"
      )
    }
    return {
      ...base,
      workers,
      action: "continue" as const,
      start: mStart,
      first: mLast + 1,
      last,
      days: last - mLast,
      manifest,
      resume: { afterDay: mLast, states: checked.right.states }
    }
  })

const inspect_ = <Master, E, R>(
  options: Options<Master, E, R>
): Effect.Effect<Omit<Plan, "removedTemps">, EngineError | PipelineError> =>
  Effect.gen(function* () {
    const registry = (
      Registry.isRegistry(options.plugins)
        ? options.plugins
        : yield* Registry.make(options.plugins as ReadonlyArray<Registry.AnyPlugin<Master>>)
    ) as Registry.Registry<unknown>
    const threads = options.workers?.count ?? 1
    if (!Number.isInteger(threads) || threads < 1 || threads > Workers.MAX_COUNT) {
      return yield* invalid("workers.count", `must be an integer in 1…${Workers.MAX_COUNT}, got ${threads}`)
    }
    const shard = options.shard ?? WHOLE
    const base: PlanBase = { registry, shard, tables: registry.tables.map((t) => t.name), workers: threads }
    const force = options.force ?? false
    const read = yield* Effect.either(Manifest.read(options.root, shard))
    if (read._tag === "Left") {
      return force ? yield* freshPlan(options, base, "startOver", undefined) : yield* Effect.fail(read.left)
    }
    const manifest = read.right
    if (manifest === undefined) return yield* freshPlan(options, base, "new", undefined)
    if (force) return yield* freshPlan(options, base, "startOver", manifest)
    return yield* resumePoint(options, base, manifest)
  })

/**
 * Checks the dataset under `root` against the options and tells what `run` would do, changing
 * nothing: the same errors as `run` for a dataset it cannot continue (without `force`).
 */
export const inspect = <Master = unknown, E = never, R = never>(
  options: Options<Master, E, R>
): Effect.Effect<Inspection, EngineError | PipelineError> =>
  Effect.map(inspect_(options), ({ registry: _registry, ...inspection }) => inspection)

const prepare = <Master, E, R>(
  options: Options<Master, E, R>
): Effect.Effect<Plan, EngineError | PipelineError | SinkError.SinkError> =>
  Effect.gen(function* () {
    const plan = yield* inspect_(options)
    yield* ensureDir(options.root)
    const removedTemps = yield* sweep(options.root)
    if (plan.action === "startOver") yield* discard(options.root, plan.shard, plan.manifest)
    // States of days not in the manifest (a run killed around its commit point) go too.
    const stateDir = path.dirname(path.join(options.root, Manifest.statePath(plan.first, plan.shard)))
    yield* pruneStates(options.root, stateDir, plan.action === "continue" ? plan.manifest!.state : undefined)
    return { ...plan, removedTemps }
  })

/** Whether two tables have the same columns (names and kinds) in the same order. */
const sameColumns = (a: Table.Table, b: Table.Table): boolean =>
  a === b ||
  (a.columns.length === b.columns.length &&
    a.columns.every((c, i) => c.name === b.columns[i]!.name && c.type.kind === b.columns[i]!.type.kind))

/** Rows, bytes and files a run committed, per table (every table present). */
interface Totals {
  readonly rows: Record<string, number>
  readonly bytes: Record<string, number>
  files: number
}

const emptyTotals = (tables: ReadonlyArray<string>): Totals => {
  const rows: Record<string, number> = {}
  const bytes: Record<string, number> = {}
  for (const t of tables) {
    rows[t] = 0
    bytes[t] = 0
  }
  return { rows, bytes, files: 0 }
}

/** A file written under its temporary name, not yet published: its day and table index. */
interface StagedFile {
  readonly day: Calendar.EpochDay
  readonly table: number
  readonly file: Partition.Staged
}

/** The manifest fields every checkpoint of a run writes alike. */
const manifestBase = <Master, E, R>(options: Options<Master, E, R>, plan: Plan) =>
  ({
    manifestVersion: Manifest.FORMAT_VERSION,
    toolVersion: options.toolVersion,
    configHash: options.configHash,
    seed: options.seed,
    format: options.format,
    shard: plan.shard,
    start: Calendar.format(plan.start),
    tables: plan.tables,
    ...(options.pluginIdentities === undefined || options.pluginIdentities.length === 0
      ? {}
      : { plugins: options.pluginIdentities })
  }) as const

/**
 * The writer of a run's days: each finished day is staged (its files under temporary names),
 * each checkpoint publishes the staged files and commits states and manifest, and `rollback`
 * removes what no checkpoint committed. Writing runs on a daemon fiber, one at a time, so a day's
 * encoding, fsyncs and manifest overlap the next day's simulation.
 */
const dayWriter = <Master, E, R>(
  options: Options<Master, E, R>,
  plan: Plan,
  totals: Totals,
  emit: (e: Event) => Effect.Effect<unknown, E, R>
) => {
  const { root, format } = options
  const files: Array<Manifest.FileEntry> = plan.action === "continue" ? [...plan.manifest!.files] : []
  let state = plan.action === "continue" ? plan.manifest!.state : undefined
  const sinkOptions = options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }
  const base = manifestBase(options, plan)
  /** The files of the days not yet committed, removed again if the run fails. */
  let uncommitted: Array<string> = []
  /** The files written since the last checkpoint, in day then table order, not yet published. */
  let staged: Array<StagedFile> = []
  /**
   * The writing of the last day handed over (or the checkpoint's commit), running while the
   * plugins make the next day. One at a time, in order.
   */
  let inflight: Fiber.RuntimeFiber<void, SinkError.SinkError | E> | undefined
  // Cleared only once joined: a run interrupted while it waits still stops the commit.
  const awaitCommit = Effect.suspend(() => {
    const f = inflight
    if (f === undefined) return Effect.void
    return Effect.zipLeft(
      Fiber.join(f),
      Effect.sync(() => {
        if (inflight === f) inflight = undefined
      })
    )
  })
  const stopCommit = Effect.suspend(() => {
    const f = inflight
    inflight = undefined
    return f === undefined ? Effect.void : Effect.asVoid(Fiber.interrupt(f))
  })
  // A daemon, joined by the next day or checkpoint or the end of the run and interrupted
  // (after its uninterruptible commit point) when the run fails.
  const handOver = (work: Effect.Effect<void, SinkError.SinkError | E, R>) =>
    Effect.gen(function* () {
      yield* awaitCommit
      inflight = yield* Effect.forkDaemon(work)
    })
  /** Writes a day's files under temporary names (one per table), then hands the batches to `onDay`. */
  const stageDay = (day: Calendar.EpochDay, batches: ReadonlyArray<Batch.Batch>) =>
    Effect.gen(function* () {
      const done: Array<StagedFile> = []
      // The day's files are written concurrently (one encodes while another waits on the
      // disk); the manifest lists them in table order whatever order they finish in.
      yield* Effect.forEach(
        plan.registry.tables,
        (table, i) => {
          const file = path.join(root, Manifest.filePath(table.name, day, format, plan.shard))
          // Registered before the write: removed again unless a checkpoint commits it.
          uncommitted.push(file)
          return Effect.map(Partition.stageFile(file, table, [batches[i]!], format, sinkOptions), (f) => {
            done.push({ day, table: i, file: f })
          })
        },
        { concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, discard: true }
      ).pipe(Effect.ensuring(Effect.sync(() => staged.push(...done.sort((a, b) => a.table - b.table)))))
      if (options.onDay !== undefined) yield* options.onDay(day, batches)
    })
  /** Publishes the staged files (durable, visible), counting them into `totals` and the manifest's list. */
  const publishStaged = (group: ReadonlyArray<StagedFile>) =>
    Effect.gen(function* () {
      const published = yield* Partition.publish(group.map((s) => s.file))
      const perDay = new Map<Calendar.EpochDay, { rows: number; bytes: number; files: number }>()
      for (let k = 0; k < group.length; k++) {
        const { day, table: i } = group[k]!
        const w = published[k]!
        const table = plan.tables[i]!
        const rel = Manifest.filePath(table, day, format, plan.shard)
        yield* emit(
          FileWritten({ table, day, path: w.path, rows: w.rows, bytes: w.bytes, checksum: w.checksum })
        )
        files.push({
          path: rel,
          table,
          day: Calendar.format(day),
          rows: w.rows,
          bytes: w.bytes,
          sha256: w.checksum
        })
        totals.rows[table]! += w.rows
        totals.bytes[table]! += w.bytes
        totals.files++
        const d = perDay.get(day) ?? { rows: 0, bytes: 0, files: 0 }
        d.rows += w.rows
        d.bytes += w.bytes
        d.files++
        perDay.set(day, d)
      }
      return perDay
    })
  /**
   * The commit point: states, then manifest, then the days count as committed. Not interruptible,
   * so an interruption cannot land between the manifest reaching the disk and the days' files
   * being counted as committed (the rollback would then delete files the manifest lists).
   */
  const commitStatesAndManifest = (resume: Run.Resume, group: ReadonlyArray<StagedFile>) =>
    Effect.uninterruptible(
      Effect.gen(function* () {
        const day = resume.afterDay
        const stateRel = Manifest.statePath(day, plan.shard)
        yield* Manifest.writeStates(root, stateRel, { afterDay: Calendar.format(day), states: resume.states })
        yield* Manifest.write(root, { ...base, lastDay: Calendar.format(day), state: stateRel, files })
        uncommitted = []
        staged = staged.slice(group.length)
        if (state !== undefined && state !== stateRel) yield* removeFile(path.join(root, state))
        state = stateRel
      })
    )
  /** The days staged since the last checkpoint are made durable and visible, then committed. */
  const commitGroup = (resume: Run.Resume) =>
    Effect.gen(function* () {
      const group = staged
      const perDay = yield* publishStaged(group)
      yield* commitStatesAndManifest(resume, group)
      for (const [d, t] of perDay) {
        yield* emit(DayCommitted({ day: d, index: d - plan.first, days: plan.days, ...t }))
      }
    })
  // The run's first day is a checkpoint (see `isCheckpoint`) and is committed before the second
  // is computed: its rows appear as soon as they can (time to the first fact row) instead of
  // after days of simulation that starve the writer of the one thread; later checkpoints
  // overlap their writes with the next days' steps.
  let firstCheckpoint = true
  return {
    /** A day's plugins are done: write its files (under temporary names). */
    dayDone: (day: Calendar.EpochDay, batches: ReadonlyArray<Batch.Batch>) =>
      handOver(stageDay(day, batches)),
    /** The checkpoint after `resume.afterDay`. */
    checkpoint: (resume: Run.Resume) =>
      Effect.zipRight(
        handOver(commitGroup(resume)),
        Effect.suspend(() => {
          if (!firstCheckpoint) return Effect.void
          firstCheckpoint = false
          return awaitCommit
        })
      ),
    awaitCommit,
    stopCommit,
    /** Removes the staged and uncommitted files of the days no checkpoint committed. */
    rollback: Effect.suspend(() => {
      const files = uncommitted
      const temps = staged
      uncommitted = []
      staged = []
      return Effect.zipRight(
        Effect.forEach(temps, (s) => s.file.discard, { discard: true }),
        Effect.forEach(files, (f) => Effect.zipRight(removeFile(f), removeEmptyDir(path.dirname(f))), {
          discard: true
        })
      )
    })
  }
}

/**
 * Gathers the batches the plugins make during a day, per table, and hands them over as one batch
 * per table (owned, in the canonical order) when the day is done.
 */
const dayBatches = (plan: Plan, viaWorkers: boolean) => {
  const pending = new Map<string, Array<Batch.Batch>>()
  const byName = new Map(plan.registry.tables.map((t) => [t.name, t]))
  return {
    add: (plugin: string, batches: ReadonlyArray<Batch.Batch>) =>
      Effect.suspend(() => {
        for (const b of batches) {
          const table = byName.get(b.table.name)
          if (table === undefined || !sameColumns(table, b.table)) {
            return invalid(
              "workers.setup",
              `plugin "${plugin}" of the setup module makes table "${b.table.name}", which differs from the pipeline's plugins`
            )
          }
          const list = pending.get(table.name)
          // Worker batches are owned and already in the canonical order (merged sorted runs).
          const owned = viaWorkers ? { table, length: b.length, columns: b.columns } : ownedSorted(table, [b])
          if (list === undefined) pending.set(table.name, [owned])
          else list.push(owned)
        }
        return Effect.void
      }),
    take: (): ReadonlyArray<Batch.Batch> => {
      const batches = plan.registry.tables.map((table) => {
        const parts = pending.get(table.name) ?? []
        return parts.length === 1 ? parts[0]! : ownedSorted(table, parts)
      })
      pending.clear()
      return batches
    }
  }
}

/**
 * Runs the plugins over the plan's days (in process, or on worker threads with a setup module),
 * writing and committing each day; returns the reports of the workers' `finish()` (none in
 * process). A failed run still completes the commit in flight and removes what was not committed.
 */
const runDays = <Master, E, R>(
  options: Options<Master, E, R>,
  plan: Plan,
  totals: Totals,
  emit: (e: Event) => Effect.Effect<unknown, E, R>
) => {
  const writer = dayWriter(options, plan, totals, emit)
  const setup = options.workers?.setup
  const viaWorkers = plan.workers > 1 && setup !== undefined
  const collected = dayBatches(plan, viaWorkers)
  const engine = {
    seed: options.seed,
    start: plan.start,
    end: plan.last,
    shard: plan.shard,
    resume: plan.resume,
    onBatches: (_day: Calendar.EpochDay, plugin: string, batches: ReadonlyArray<Batch.Batch>) =>
      collected.add(plugin, batches),
    onProgress: (event: Progress.ProgressEvent) =>
      event._tag === "DayDone"
        ? Effect.zipRight(
            emit(event),
            Effect.suspend(() => writer.dayDone(event.day, collected.take()))
          )
        : emit(event),
    onCheckpoint: writer.checkpoint,
    checkpointEvery: options.checkpointEvery
  }
  type Failure = EngineError | Workers.WorkerFailed | E | SinkError.SinkError | InvalidRunOptions
  const engineRun: Effect.Effect<ReadonlyArray<unknown>, Failure, R> = viaWorkers && setup !== undefined
    ? Effect.map(
        Workers.run<E | SinkError.SinkError | InvalidRunOptions, R>({
          ...engine,
          count: plan.workers,
          setup,
          master: Workers.share(options.master)
        }),
        (summary) => summary.reports
      )
    : Effect.as(
        Run.run<unknown, E | SinkError.SinkError | InvalidRunOptions, R>({
          ...engine,
          plugins: plan.registry,
          master: options.master
        }),
        []
      )
  return Effect.zipLeft(engineRun, writer.awaitCommit).pipe(
    // A failed run still completes the commit in flight (its day is whole); an interrupted
    // one stops it (its commit point stays atomic). Then the unfinished day's files go.
    Effect.onExit((exit) =>
      Effect.zipRight(
        Exit.isInterrupted(exit) ? writer.stopCommit : Effect.ignore(writer.awaitCommit),
        writer.rollback
      )
    )
  )
}

/** What a run covers, as its start event and its summary both report it. */
const scopeOf = <Master, E, R>(options: Options<Master, E, R>, plan: Plan) => ({
  root: options.root,
  format: options.format,
  tables: plan.tables,
  start: plan.start,
  firstDay: plan.first,
  lastDay: plan.last,
  days: plan.days,
  resumedAfter: plan.resume?.afterDay
})

const summaryOf = <Master, E, R>(
  options: Options<Master, E, R>,
  plan: Plan,
  totals: Totals,
  reports: ReadonlyArray<unknown>,
  seconds: number
): Summary => {
  const totalRows = plan.tables.reduce((n, t) => n + totals.rows[t]!, 0)
  const totalBytes = plan.tables.reduce((n, t) => n + totals.bytes[t]!, 0)
  return {
    ...scopeOf(options, plan),
    rows: totals.rows,
    bytes: totals.bytes,
    files: totals.files,
    totalRows,
    totalBytes,
    seconds,
    rowsPerSecond: seconds > 0 ? totalRows / seconds : 0,
    bytesPerSecond: seconds > 0 ? totalBytes / seconds : 0,
    manifest: Manifest.pathOf(options.root, plan.shard),
    workers: plan.workers,
    reports
  }
}

/**
 * Runs the pipeline: checks the dataset under `root` (continuing it when possible), runs the
 * plugins over the remaining days and commits every day's files, states and manifest.
 * Fails with a registry or run error of the engine, a `PipelineError` (the dataset cannot be
 * continued), a `SinkError` (a file cannot be written) or an error of the callbacks.
 */
export const run = <Master = unknown, E = never, R = never>(
  options: Options<Master, E, R>
): Effect.Effect<Summary, EngineError | Workers.WorkerFailed | PipelineError | SinkError.SinkError | E, R> =>
  Effect.gen(function* () {
    const startedAt = yield* Clock.currentTimeMillis
    const emit = options.onEvent ?? (() => Effect.void)
    const plan = yield* prepare(options)
    yield* emit(PipelineStarted({ ...scopeOf(options, plan), removedTemps: plan.removedTemps }))
    const totals = emptyTotals(plan.tables)
    const reports = plan.days > 0 ? yield* runDays(options, plan, totals, emit) : []
    const seconds = ((yield* Clock.currentTimeMillis) - startedAt) / 1000
    const summary = summaryOf(options, plan, totals, reports, seconds)
    yield* emit(PipelineFinished({ summary }))
    return summary
  })

/**
 * The pipeline as a stream of its events, ending after `PipelineFinished` (or failing with the
 * run's error). Ending the stream early interrupts the run; committed days stay committed.
 */
export const stream = <Master = unknown, E = never, R = never>(
  options: Options<Master, E, R>
): Stream.Stream<Event, EngineError | Workers.WorkerFailed | PipelineError | SinkError.SinkError | E, R> =>
  Stream.unwrapScoped(
    Effect.gen(function* () {
      const mailbox = yield* Mailbox.make<
        Event,
        EngineError | Workers.WorkerFailed | PipelineError | SinkError.SinkError | E
      >()
      const user = options.onEvent
      const onEvent = (event: Event): Effect.Effect<unknown, E, R> =>
        user === undefined ? mailbox.offer(event) : Effect.zipRight(user(event), mailbox.offer(event))
      yield* run({ ...options, onEvent }).pipe(Mailbox.into(mailbox), Effect.forkScoped)
      return Mailbox.toStream(mailbox)
    })
  )
