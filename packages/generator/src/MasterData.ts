/**
 * Master data of a run: the `MasterSpec` a configuration maps to, and its files on disk
 * (`<paths.master>/<table>.csv|parquet`, all eight dimension tables, plus `_manifest.json`).
 *
 * Master data is a pure function of the configuration and the dataset's first day, so fact
 * generation always rebuilds it in memory from the spec — it never reads the files back. The
 * files are for the consumers of the dataset; `_manifest.json` records the spec they were made
 * from (and rows, bytes and sha256 per file), which is how `facts` knows that the master on disk
 * matches the configuration.
 *
 * Mapping (config → spec): `seed`; `volume.stores`, `dcs`, `customers`, `products`,
 * `geographies`, `trucks_per_dc` → `trucksPerDc`, `truck_capacity_units` →
 * `truckCapacityUnits`; the dataset's first day → `startDate`; `horizonDays` = `HORIZON_DAYS`
 * (a year of product launches after the start, independent of the end date so that extending a
 * dataset never changes its master data); `unitsPerStoreDay` = `customers_per_day ×
 * items_per_ticket_mean ÷ stores` (rounded, at least 1).
 *
 * @example
 * import { Effect } from "effect"
 * import { Config } from "@retail-datagen/config"
 * import { MasterData } from "@retail-datagen/generator"
 * const spec = Effect.runSync(MasterData.spec(Config.defaults, 19723))
 * spec.unitsPerStoreDay // 420 = 1000 × 4.2 ÷ 10
 */
import * as path from "node:path"
import type { Config } from "@retail-datagen/config"
import { Calendar } from "@retail-datagen/core"
import { Master, MasterSpec } from "@retail-datagen/master"
import { Layout, Partition, type SinkError } from "@retail-datagen/sinks"
import { Effect, Schema } from "effect"
import { readOptional, removeFile, sizeOf, sweepTemps, writeAtomic } from "./internal/files.js"

/** Days after the start date during which products may launch (the spec's `horizonDays`). */
export const HORIZON_DAYS = 365

/** Rows per chunk when master tables are written as Parquet (≈ 40 MB of columns at most). */
const PARQUET_CHUNK_ROWS = 1 << 20

/** The manifest file of a master directory. */
export const MANIFEST = "_manifest.json"

/** The spec input of a configuration whose dataset starts on `start`. */
export const specInput = (config: Config.Config, start: Calendar.EpochDay): MasterSpec.MasterSpecInput => {
  const v = config.volume
  return {
    seed: config.seed,
    stores: v.stores,
    dcs: v.dcs,
    customers: v.customers,
    products: v.products,
    geographies: v.geographies,
    trucksPerDc: v.trucks_per_dc,
    truckCapacityUnits: v.truck_capacity_units,
    startDate: start,
    horizonDays: HORIZON_DAYS,
    unitsPerStoreDay: Math.min(
      10_000_000,
      Math.max(1, Math.round((v.customers_per_day * v.items_per_ticket_mean) / v.stores))
    )
  }
}

/** The decoded spec (fails with the master's `MasterSpecError` naming the field). */
export const spec = (
  config: Config.Config,
  start: Calendar.EpochDay
): Effect.Effect<MasterSpec.MasterSpec, MasterSpec.MasterSpecError> =>
  MasterSpec.decode(specInput(config, start))

const FileEntry = Schema.Struct({
  path: Schema.String,
  table: Schema.String,
  rows: Schema.Number,
  bytes: Schema.Number,
  sha256: Schema.String
})

/** The master manifest document. */
export const Manifest = Schema.Struct({
  manifestVersion: Schema.Literal(1),
  toolVersion: Schema.String,
  format: Schema.Literal(...Layout.formats),
  spec: Schema.Record({ key: Schema.String, value: Schema.Number }),
  files: Schema.Array(FileEntry)
})
export interface Manifest extends Schema.Schema.Type<typeof Manifest> {}

/** What is on disk under a master directory, compared with a spec. */
export type Status =
  | { readonly _tag: "Missing"; readonly file: string }
  | { readonly _tag: "Stale"; readonly reason: string }
  | { readonly _tag: "Present"; readonly format: Layout.Format; readonly verified: boolean }

const specFields = (s: MasterSpec.MasterSpec): Record<string, number> => ({ ...s })

const describeDiff = (
  found: Readonly<Record<string, number>>,
  expected: Record<string, number>
): string | undefined => {
  for (const key of Object.keys(expected)) {
    if (found[key] !== expected[key]) {
      const show = (v: number | undefined) =>
        v === undefined ? "none" : key === "startDate" ? Calendar.format(v) : String(v)
      return `${key}: ${show(found[key])} on disk, ${show(expected[key])} now`
    }
  }
  return undefined
}

/**
 * Compares the master data under `dir` with `spec`: `Missing` (naming the first missing file),
 * `Stale` (made from another spec or tool version), or `Present` (verified by the manifest, or —
 * for a directory without one — every table found as CSV or Parquet).
 */
export const status = (
  dir: string,
  expected: MasterSpec.MasterSpec,
  toolVersion: string,
  format: Layout.Format
): Effect.Effect<Status> =>
  Effect.gen(function* () {
    const text = yield* readOptional(path.join(dir, MANIFEST))
    if (text === undefined) {
      for (const table of Master.TABLE_NAMES) {
        const csv = yield* sizeOf(Layout.masterPath(dir, table, "csv"))
        const parquet = yield* sizeOf(Layout.masterPath(dir, table, "parquet"))
        if (csv === undefined && parquet === undefined) {
          return { _tag: "Missing", file: Layout.masterPath(dir, table, format) } as const
        }
      }
      return { _tag: "Present", format, verified: false } as const
    }
    const decoded = yield* Effect.either(
      Effect.try(() => JSON.parse(text) as unknown).pipe(
        Effect.flatMap((json) => Schema.decodeUnknown(Manifest)(json))
      )
    )
    if (decoded._tag === "Left") return { _tag: "Stale", reason: `its ${MANIFEST} cannot be read` } as const
    const m = decoded.right
    if (m.toolVersion !== toolVersion) {
      return { _tag: "Stale", reason: `tool version ${m.toolVersion} on disk, ${toolVersion} now` } as const
    }
    const diff = describeDiff(m.spec, specFields(expected))
    if (diff !== undefined) return { _tag: "Stale", reason: diff } as const
    for (const f of m.files) {
      const size = yield* sizeOf(path.join(dir, f.path))
      if (size !== f.bytes) return { _tag: "Missing", file: path.join(dir, f.path) } as const
    }
    return { _tag: "Present", format: m.format, verified: true } as const
  })

/** One written master file. */
export interface Written {
  readonly table: string
  readonly path: string
  readonly rows: number
  readonly bytes: number
  readonly checksum: string
}

/**
 * Writes all eight tables of `master` to `dir` in `format`, each atomically, then the manifest.
 * A previous manifest is removed first and files it listed that are not rewritten (another
 * format) are removed after, so the directory never claims a spec its files do not have.
 */
export const write = (
  master: Master.Master,
  dir: string,
  format: Layout.Format,
  options: {
    readonly toolVersion: string
    readonly onFile?: ((written: Written) => Effect.Effect<void>) | undefined
  }
): Effect.Effect<ReadonlyArray<Written>, SinkError.SinkError> =>
  Effect.gen(function* () {
    yield* sweepTemps(dir)
    const manifestPath = path.join(dir, MANIFEST)
    const previous = yield* readOptional(manifestPath)
    yield* removeFile(manifestPath)
    const written: Array<Written> = []
    // Each table is converted and encoded chunk by chunk (`Master.chunks`), so writing holds
    // one chunk of batch columns at a time, never a whole table. Parquet takes larger chunks:
    // each is one DuckDB INSERT, whose fixed cost shows at 65,536 rows.
    const rows = format === "parquet" ? PARQUET_CHUNK_ROWS : Master.CHUNK_ROWS
    for (const table of Master.TABLE_NAMES) {
      const file = Layout.masterPath(dir, table, format)
      const w = yield* Partition.writeFile(
        file,
        Master.tableOf(table),
        Master.chunks(master, table, rows),
        format
      )
      const entry = { table, path: file, rows: w.rows, bytes: w.bytes, checksum: w.checksum }
      written.push(entry)
      if (options.onFile !== undefined) yield* options.onFile(entry)
    }
    const manifest: Manifest = {
      manifestVersion: 1,
      toolVersion: options.toolVersion,
      format,
      spec: specFields(master.spec),
      files: written.map((w) => ({
        path: path.basename(w.path),
        table: w.table,
        rows: w.rows,
        bytes: w.bytes,
        sha256: w.checksum
      }))
    }
    yield* writeAtomic(manifestPath, `${JSON.stringify(manifest, null, 1)}\n`)
    if (previous !== undefined) {
      const old = yield* Effect.option(
        Effect.try(() => JSON.parse(previous) as unknown).pipe(
          Effect.flatMap((json) => Schema.decodeUnknown(Manifest)(json))
        )
      )
      if (old._tag === "Some") {
        const kept = new Set(manifest.files.map((f) => f.path))
        for (const f of old.value.files) if (!kept.has(f.path)) yield* removeFile(path.join(dir, f.path))
      }
    }
    return written
  })
