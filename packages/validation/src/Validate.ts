/**
 * Validating datasets against the invariants I1–I7 of DATA-CONTRACT §5 (plus input format).
 * Three entry points share one streaming engine:
 *
 * - `batches(dataset)` — in-memory core `Batch`es (property tests of fact plugins);
 * - `stream()` — feed master data once, then day by day (bounded memory while generating);
 * - `directory(root)` — a dataset on disk, streamed file by file in bounded memory.
 *
 * I8 (determinism) compares two directories: see `Determinism.compare`.
 *
 * @example
 * import { Effect } from "effect"
 * import { Report, Validate } from "@retail-datagen/validation"
 * const report = await Effect.runPromise(Validate.directory("data"))
 * console.log(Report.text(report))
 */
import { stat } from "node:fs/promises"
import { basename, dirname, join } from "node:path"
import { type Batch, Calendar, type Plugin, Table } from "@retail-datagen/core"
import { Effect, Schema } from "effect"
import type { PluginTable } from "./internal/checks/plugins.js"
import type { Chunk } from "./internal/chunk.js"
import { readDirectory } from "./internal/disk.js"
import { Findings } from "./internal/findings.js"
import { readInventory } from "./internal/inventory.js"
import { fromBatch } from "./internal/readers.js"
import { session } from "./internal/registry.js"
import type { Session } from "./internal/session.js"
import * as S from "./internal/spec.js"
import type { CheckId } from "./Report.js"
import * as Report from "./Report.js"

export interface Options {
  /** Example rows kept per check (default 5). */
  readonly examples?: number | undefined
  /** Run only these checks (the format check always runs). */
  readonly only?: ReadonlyArray<CheckId> | undefined
  /**
   * A store's actual opening window on a day, from its regular `OpenHour`/`CloseHour` (all in
   * seconds of the day), for holiday rules such as an earlier Black Friday opening or Christmas
   * closing. Called once per (store, day). Without it, the regular hours apply every day.
   *
   * @example
   * // with @retail-datagen/patterns
   * const hours = (day, open, close) => StoreHours.forDay(day, { open: open / 3600, close: close / 3600 })
   */
  readonly hours?:
    | ((
        day: Calendar.EpochDay,
        open: number,
        close: number
      ) => { readonly open: number; readonly close: number; readonly closed: boolean })
    | undefined
  /**
   * The plugins that wrote the plugin tables: their tables are read by their declarations and
   * their `checks` run over them (check `P`). On disk, a table's declaration recorded in the
   * manifests comes first.
   */
  readonly plugins?: ReadonlyArray<Checked> | undefined
}

/** Batches keyed by contract table name (`stores`, `receipts`, …). */
export type Tables = Readonly<Record<string, ReadonlyArray<Batch.Batch>>>

/** An in-memory dataset: dimensions and facts, each keyed by table name. A table left out is not checked. */
export interface Dataset {
  readonly master: Tables
  readonly facts: Tables
}

/**
 * The dataset root cannot be read or is not a dataset (no `master/` or `facts/` directory; with
 * `manifests: "required"`, no manifest either). Malformed content is never an error: it is a
 * finding.
 */
export class DatasetNotFound extends Schema.TaggedError<DatasetNotFound>()("DatasetNotFound", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `dataset ${this.path}: ${this.reason}`
  }
}

/** Progress of `directory`: files and bytes read so far of those to read, and the last file read. */
export interface Progress {
  readonly files: number
  readonly totalFiles: number
  readonly bytes: number
  readonly totalBytes: number
  /** The file just read, relative to the root. */
  readonly file: string
}

/** Options of `directory`: those of every validation, and how far the files are trusted. */
export interface DirectoryOptions extends Options {
  /**
   * `"required"`: the dataset must have a manifest (`master/_manifest.json` or
   * `facts/_manifest*.json`), else `DatasetNotFound`. `"optional"` (default): files are checked
   * against the manifests there are (datasets of other tools have none).
   */
  readonly manifests?: "required" | "optional" | undefined
  /** Compare the sha256 of every listed file (default true; rows and bytes are always compared). */
  readonly hashes?: boolean | undefined
  /** Called after each file read. */
  readonly onProgress?: ((progress: Progress) => void) | undefined
}

/** What validation reads of a plugin: its tables and the checks it ships. */
export type Checked = Pick<Plugin.FactPlugin, "name" | "tables" | "checks">

/**
 * The plugin tables to check: those the manifests declare (`plugins[].tables`), else those of
 * `plugins`; contract tables are the contract's.
 */
const pluginTables = (
  declared: ReadonlyMap<string, Table.Table>,
  plugins: ReadonlyArray<Checked>
): Map<S.TableSpec, PluginTable> => {
  const tables = new Map(declared)
  for (const p of plugins) for (const t of p.tables) if (!tables.has(t.name)) tables.set(t.name, t)
  const checks = plugins.flatMap((p) => p.checks ?? [])
  const out = new Map<S.TableSpec, PluginTable>()
  for (const [name, table] of tables) {
    if (S.byName.has(name)) continue
    const spec = S.fromTable(table)
    out.set(spec, {
      spec,
      partition: Table.partitionOf(table),
      checks: checks.filter((c) => c.table.name === name)
    })
  }
  return out
}

const buildReport = (s: Session): Report.Report => {
  const { format, checks } = s.finish()
  return Report.make([format, ...checks], s.format.rows, s.sources.length)
}

const feedMaster = (s: Session, tables: Tables, name: (spec: S.TableSpec, i: number) => string): void => {
  for (const key of Object.keys(tables)) {
    const spec = S.byName.get(key)
    if (spec === undefined || spec.fact)
      s.format.note(`master table ${key} ignored: not a contract dimension`)
  }
  for (const spec of S.MASTER) {
    const list = tables[spec.name]
    if (list === undefined) continue
    s.provideMaster(spec)
    list.forEach((b, i) => {
      const chunk = convert(s, b, spec, name(spec, i))
      if (chunk !== undefined) s.master(chunk)
    })
  }
}

const convert = (s: Session, b: Batch.Batch, spec: S.TableSpec, name: string): Chunk | undefined => {
  const source = s.source(name)
  if (b.table.name !== spec.name)
    s.format.add(spec.name, source, 0, `a batch of table ${b.table.name} given as ${spec.name}`)
  return fromBatch(b, spec, source, s.format)
}

/** The fact tables of `tables` to read, contract tables first, then `plugins`' tables. */
const factSpecs = (s: Session, tables: Tables, plugins: ReadonlyArray<S.TableSpec>): Array<S.TableSpec> => {
  const known = [...S.FACTS, ...plugins]
  for (const key of Object.keys(tables)) {
    const spec = known.find((t) => t.name === key)
    if (spec === undefined)
      s.format.note(`fact table ${key} ignored: neither a contract fact table nor a plugin's`)
    else if (spec.at.EventTS === undefined || spec.columns[spec.at.EventTS]!.kind !== "ts")
      s.format.note(`fact table ${key} ignored: batches are placed in days by EventTS, which it has not`)
  }
  return known.filter(
    (spec) =>
      tables[spec.name] !== undefined &&
      spec.at.EventTS !== undefined &&
      spec.columns[spec.at.EventTS]!.kind === "ts"
  )
}

/** The session of an in-memory validation and the specs of the plugins' tables. */
const memorySession = (options: Options): { s: Session; plugins: Array<S.TableSpec> } => {
  const tables = pluginTables(new Map(), options.plugins ?? [])
  return { s: session({ ...options, plugins: tables }), plugins: [...tables.keys()] }
}

/** Splits a chunk by the calendar day of its EventTS. */
const byDay = (chunk: Chunk): Map<number, Chunk> => {
  const ts = chunk.num[chunk.spec.at.EventTS!]!
  const rows = new Map<number, Array<number>>()
  for (let r = 0; r < chunk.length; r++) {
    const day = Math.floor(ts[r]! / 86400)
    let list = rows.get(day)
    if (list === undefined) rows.set(day, (list = []))
    list.push(r)
  }
  const out = new Map<number, Chunk>()
  if (rows.size === 1) for (const day of rows.keys()) out.set(day, chunk)
  else for (const [day, list] of rows) out.set(day, chunk.select(list))
  return out
}

/**
 * Validates an in-memory dataset. Fact rows are grouped by the date of their EventTS and fed day
 * by day, so batches may hold any mix of days. `file` in examples is `<table>[<batch index>]`,
 * `line` the row index + 1.
 *
 * @example
 * import { Report, Validate } from "@retail-datagen/validation"
 * const report = Validate.batches({ master: { stores: [storesBatch] }, facts: { receipts: [r], receipt_lines: [l] } })
 * expect(Report.ok(report), Report.text(report)).toBe(true)
 */
export const batches = (dataset: Dataset, options: Options = {}): Report.Report => {
  const { s, plugins } = memorySession(options)
  feedMaster(s, dataset.master, (spec, i) => `${spec.name}[${i}]`)
  const specs = factSpecs(s, dataset.facts, plugins)
  const days = new Map<number, Map<S.TableSpec, Array<Chunk>>>()
  for (const spec of specs) {
    dataset.facts[spec.name]!.forEach((b, i) => {
      const chunk = convert(s, b, spec, `${spec.name}[${i}]`)
      if (chunk === undefined) return
      for (const [day, part] of byDay(chunk)) {
        let tables = days.get(day)
        if (tables === undefined) days.set(day, (tables = new Map()))
        let list = tables.get(spec)
        if (list === undefined) tables.set(spec, (list = []))
        list.push(part)
      }
    })
  }
  const provided = specs.map((t) => t.name)
  for (const day of [...days.keys()].sort((a, b) => a - b)) {
    s.beginDay(day, provided)
    const tables = days.get(day)!
    for (const spec of specs) for (const chunk of tables.get(spec) ?? []) s.fact(chunk)
    s.endDay()
  }
  return buildReport(s)
}

/** Incremental validation: master data first, then days in increasing order, then `finish`. */
export interface Stream {
  /** Feeds dimension tables (all of them, or in several calls in contract order). */
  master(tables: Tables): void
  /**
   * Feeds one day: the tables present are the day's partitions (a table left out is not
   * provided that day; an empty list means no rows). Rows whose EventTS is on another date are
   * I5 violations, as on disk.
   */
  day(day: Calendar.EpochDay, tables: Tables): void
  /** Ends the run and returns the report. */
  finish(): Report.Report
}

/**
 * A streaming validator for use while generating: memory stays bounded by the dimensions, the
 * ledgers and one day of rows.
 *
 * @example
 * const v = Validate.stream()
 * v.master({ stores: [stores], products_master: [products] })
 * for (const day of days) v.day(day, { receipts: [r], receipt_lines: [l] })
 * const report = v.finish()
 */
export const stream = (options: Options = {}): Stream => {
  const { s, plugins } = memorySession(options)
  return {
    master: (tables) => feedMaster(s, tables, (spec, i) => `${spec.name}[${i}]`),
    day: (day, tables) => {
      const specs = factSpecs(s, tables, plugins)
      const date = Calendar.format(day)
      s.beginDay(
        day,
        specs.map((t) => t.name)
      )
      for (const spec of specs) {
        tables[spec.name]!.forEach((b, i) => {
          const chunk = convert(s, b, spec, `${spec.name}@${date}[${i}]`)
          if (chunk !== undefined) s.fact(chunk)
        })
      }
      s.endDay()
    },
    finish: () => buildReport(s)
  }
}

const isDir = (path: string): Promise<boolean> =>
  stat(path).then(
    (i) => i.isDirectory(),
    () => false
  )

/** Why `root` is not a dataset, with a hint when it looks like a part of one. */
const notADataset = async (root: string): Promise<string> => {
  const name = basename(root)
  if ((name === "facts" || name === "master") && (await isDir(join(dirname(root), "master")))) {
    return `not a dataset: no master/ or facts/ directory in it (it looks like the ${name} directory of ${dirname(root)}: validate that)`
  }
  return "not a dataset: no master/ or facts/ directory in it"
}

/**
 * Validates the dataset under `root` (`master/<table>.csv`, `facts/<table>/dt=…/…csv`), reading
 * each file as a stream of 1 MiB chunks, and — check `M`, "files" — every file its manifests list
 * (`master/_manifest.json`, `facts/_manifest*.json`) against them: present (a missing one is
 * named first, and its table is left out of that day's cross-table checks), with the listed rows,
 * bytes and sha256; a data file that no manifest lists is stray. Plugin tables — declared in the
 * manifests or by `options.plugins` — are read like contract tables (their columns decoded by
 * their declared kinds, partition dates, keys) and get check `P` (see `Report.CheckId`). Fails when `root` is not a
 * readable directory or not a dataset (see `DatasetNotFound`).
 */
export const directory = (
  root: string,
  options: DirectoryOptions = {}
): Effect.Effect<Report.Report, DatasetNotFound> =>
  Effect.gen(function* () {
    const info = yield* Effect.tryPromise({
      try: () => stat(root),
      catch: (e) => new DatasetNotFound({ path: root, reason: (e as Error).message })
    })
    if (!info.isDirectory()) return yield* new DatasetNotFound({ path: root, reason: "not a directory" })
    const parts = yield* Effect.promise(async () => [
      await isDir(join(root, "master")),
      await isDir(join(root, "facts"))
    ])
    if (!parts.some(Boolean)) {
      return yield* new DatasetNotFound({
        path: root,
        reason: yield* Effect.promise(() => notADataset(root))
      })
    }
    const inventory = yield* Effect.promise(() => readInventory(root))
    if (
      options.manifests === "required" &&
      inventory.manifests.length === 0 &&
      inventory.unreadable.length === 0
    ) {
      return yield* new DatasetNotFound({
        path: root,
        reason: "not a retail-datagen dataset: no master/_manifest.json or facts/_manifest.json"
      })
    }
    const plugins = pluginTables(inventory.declared, options.plugins ?? [])
    const s = session({ ...options, plugins })
    const files = new Findings("M", options.examples ?? 5, s.sources)
    yield* Effect.promise(() =>
      readDirectory(s, root, {
        inventory,
        plugins: [...plugins.keys()],
        files,
        hashes: options.hashes ?? true,
        onProgress: options.onProgress
      })
    )
    const { format, checks } = s.finish()
    const withFiles = inventory.manifests.length > 0 || inventory.unreadable.length > 0
    return Report.make(
      withFiles ? [format, files.result(), ...checks] : [format, ...checks],
      s.format.rows,
      s.sources.length
    )
  })
