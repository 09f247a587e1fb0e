/**
 * The run manifest, `<root>/_manifest.json`: what a pipeline run has committed so far, written
 * atomically after each day's files. It records the tool version, the hash of the configuration
 * that produced the data, the seed, the format, the shard, the first day and the last day done,
 * every committed file (rows, bytes, sha256) and where the plugins' end-of-day states were saved
 * (`_state/<YYYYMMDD>.json`). A later run reads it to continue where this one stopped.
 *
 * The manifest holds nothing that varies between runs of the same configuration (no clock
 * times, no host names), so a dataset made in several runs and one made in one run are
 * byte-identical, manifest included.
 *
 * @example
 * import { Effect } from "effect"
 * import { Manifest } from "@retail-datagen/engine"
 * const m = await Effect.runPromise(Manifest.read("data/facts"))
 * if (m !== undefined) console.log(`done through ${m.lastDay}, ${m.files.length} files`)
 */
import * as path from "node:path"
import { Calendar, type Plugin, Table } from "@retail-datagen/core"
import { Layout, type SinkError } from "@retail-datagen/sinks"
import { Effect, Schema } from "effect"
import { readText, writeAtomic } from "./internal/files.js"
import { ManifestUnreadable } from "./PipelineError.js"

/** Version of the manifest's own format. */
export const FORMAT_VERSION = 1

/** One committed file. */
export const FileEntry = Schema.Struct({
  /** Path relative to the root, with `/` separators. */
  path: Schema.String,
  table: Schema.String,
  /** The partition date, `YYYY-MM-DD`. */
  day: Schema.String,
  rows: Schema.Number,
  bytes: Schema.Number,
  sha256: Schema.String
})
export interface FileEntry extends Schema.Schema.Type<typeof FileEntry> {}

const DateText = Schema.String.pipe(
  Schema.filter((s) => Calendar.isValid(s), { message: () => "a date YYYY-MM-DD" })
)

/** A column of a plugin table as the manifest records it: its name and `Table.ColumnType`. */
export const ColumnDeclaration = Schema.Struct({
  name: Schema.String,
  kind: Schema.Literal("int", "cents", "float", "timestamp", "date", "bool", "id", "enum", "string"),
  /** `float`: fixed decimals. */
  decimals: Schema.optional(Schema.Number),
  /** `id`: prefix and zero-padded width. */
  prefix: Schema.optional(Schema.String),
  width: Schema.optional(Schema.Number),
  /** `enum`: the values. */
  values: Schema.optional(Schema.Array(Schema.String))
})
export interface ColumnDeclaration extends Schema.Schema.Type<typeof ColumnDeclaration> {}

/**
 * A plugin table's declaration as the manifest records it, so that `validate` checks its files
 * without the plugin's code: name, columns in order, partition key (`null`: none).
 */
export const TableDeclaration = Schema.Struct({
  name: Schema.String,
  columns: Schema.Array(ColumnDeclaration),
  partition: Schema.NullOr(Schema.Literal("StoreID", "DCID", "CustomerID"))
})
export interface TableDeclaration extends Schema.Schema.Type<typeof TableDeclaration> {}

/** The declaration of a table (see `TableDeclaration`), its keys in the schema's order. */
export const declaration = (table: Table.Table): TableDeclaration => ({
  name: table.name,
  columns: table.columns.map(({ name, type }) => ({
    name,
    kind: type.kind,
    ...(type.kind === "float" ? { decimals: type.decimals } : {}),
    ...(type.kind === "id" ? { prefix: type.prefix, width: type.width } : {}),
    ...(type.kind === "enum" ? { values: type.values } : {})
  })),
  partition: Table.partitionOf(table) ?? null
})

/** A plugin loaded from a module, as the dataset records it: a continuation needs the same code. */
export const PluginIdentity = Schema.Struct({
  /** Plugin name. */
  name: Schema.String,
  /** The module specifier it was loaded from. */
  module: Schema.String,
  /** The module's package version (`""` outside a package). */
  version: Schema.String,
  /** SHA-256 of the module's loaded code. */
  codeHash: Schema.String,
  /** The plugin's tables (absent in manifests of older versions). */
  tables: Schema.optional(Schema.Array(TableDeclaration))
})
export interface PluginIdentity extends Schema.Schema.Type<typeof PluginIdentity> {}

/** The manifest document. */
export const Manifest = Schema.Struct({
  manifestVersion: Schema.Literal(FORMAT_VERSION),
  toolVersion: Schema.String,
  /** Hash of the configuration that determines the data (given by the caller). */
  configHash: Schema.String,
  seed: Schema.Number,
  format: Schema.Literal(...Layout.formats),
  shard: Schema.Struct({ index: Schema.Number, count: Schema.Number }),
  /** The dataset's first day, `YYYY-MM-DD`: plugins see it as `ctx.start` in every later run. */
  start: DateText,
  /** The last day whose files are all committed, `YYYY-MM-DD`. */
  lastDay: DateText,
  /** Fact tables, in step order. */
  tables: Schema.Array(Schema.String),
  /** The plugins loaded from modules (absent when there are none), in registration order. */
  plugins: Schema.optional(Schema.Array(PluginIdentity)),
  /** The saved end-of-day states of `lastDay`, relative to the root (`_state/YYYYMMDD.json`). */
  state: Schema.String,
  /** Every committed file, by day then table. */
  files: Schema.Array(FileEntry)
})
export interface Manifest extends Schema.Schema.Type<typeof Manifest> {}

/** The saved states file: the engine's `Run.Resume` with the day as text. */
export const SavedStates = Schema.Struct({
  afterDay: DateText,
  states: Schema.Record({ key: Schema.String, value: Schema.Unknown })
})
export interface SavedStates extends Schema.Schema.Type<typeof SavedStates> {}

const isWhole = (shard: Plugin.Shard): boolean => shard.count === 1

/** Suffix of the files of a shard (`""` for a whole run, `.part-2-of-4` for shard index 1 of 4). */
export const shardSuffix = (shard: Plugin.Shard): string =>
  isWhole(shard) ? "" : `.part-${shard.index + 1}-of-${shard.count}`

/** The manifest file of a run of `shard` under `root` (`_manifest.json` for a whole run). */
export const pathOf = (root: string, shard: Plugin.Shard = { index: 0, count: 1 }): string =>
  path.join(root, `_manifest${shardSuffix(shard)}.json`)

/** The saved-states file of `day`, relative to the root (`_state/YYYYMMDD.json`). */
export const statePath = (day: Calendar.EpochDay, shard: Plugin.Shard = { index: 0, count: 1 }): string =>
  isWhole(shard)
    ? `_state/${Calendar.compact(day)}.json`
    : `_state/part-${shard.index + 1}-of-${shard.count}/${Calendar.compact(day)}.json`

/**
 * A fact file relative to the root: `<table>/dt=YYYY-MM-DD/<table>_YYYYMMDD.<ext>` (with the
 * shard suffix before the extension for a shard of a split run). A table named with a folder
 * (`_truth/store_day`) keeps the folder in the directory and only its last segment in the file
 * name (`_truth/store_day/dt=…/store_day_YYYYMMDD.<ext>`).
 */
export const filePath = (
  table: string,
  day: Calendar.EpochDay,
  format: Layout.Format,
  shard: Plugin.Shard = { index: 0, count: 1 }
): string =>
  `${table}/dt=${Calendar.format(day)}/${Layout.baseName(table)}_${Calendar.compact(day)}${shardSuffix(shard)}.${Layout.extension(format)}`

const decodeJson = <A, I>(schema: Schema.Schema<A, I>, file: string, text: string) =>
  Effect.try({
    try: () => JSON.parse(text) as unknown,
    catch: (e) => new ManifestUnreadable({ path: file, reason: `invalid JSON (${(e as Error).message})` })
  }).pipe(
    Effect.flatMap((json) =>
      Schema.decodeUnknown(schema)(json).pipe(
        Effect.mapError(
          (e) =>
            new ManifestUnreadable({
              path: file,
              reason: `unexpected content (${e.message.split("\n").slice(-1)[0]?.trim()})`
            })
        )
      )
    )
  )

const read_ = <A, I>(schema: Schema.Schema<A, I>, file: string) =>
  readText(file).pipe(
    Effect.mapError(({ error }) => new ManifestUnreadable({ path: file, reason: (error as Error).message })),
    Effect.flatMap((text) =>
      text === undefined ? Effect.succeed(undefined) : decodeJson(schema, file, text)
    )
  )

/** Reads the manifest of `shard` under `root`; `undefined` when there is none. */
export const read = (
  root: string,
  shard?: Plugin.Shard
): Effect.Effect<Manifest | undefined, ManifestUnreadable> => read_(Manifest, pathOf(root, shard))

/** Writes the manifest atomically. */
export const write = (root: string, manifest: Manifest): Effect.Effect<void, SinkError.SinkError> =>
  Effect.asVoid(writeAtomic(pathOf(root, manifest.shard), `${JSON.stringify(manifest, null, 1)}\n`))

/** Reads the saved states a manifest points at; fails when the file is missing or damaged. */
export const readStates = (
  root: string,
  manifest: Manifest
): Effect.Effect<SavedStates, ManifestUnreadable> => {
  const file = path.join(root, manifest.state)
  return read_(SavedStates, file).pipe(
    Effect.flatMap((s) =>
      s === undefined
        ? Effect.fail(new ManifestUnreadable({ path: file, reason: "the saved plugin states are missing" }))
        : s.afterDay !== manifest.lastDay
          ? Effect.fail(
              new ManifestUnreadable({
                path: file,
                reason: `the saved states are of ${s.afterDay}, not of the last day done ${manifest.lastDay}`
              })
            )
          : Effect.succeed(s)
    )
  )
}

/** Writes saved states atomically to `root/<rel>`. */
export const writeStates = (
  root: string,
  rel: string,
  states: SavedStates
): Effect.Effect<void, SinkError.SinkError> =>
  Effect.asVoid(writeAtomic(path.join(root, rel), `${JSON.stringify(states)}\n`))

/**
 * The `state` of a manifest that has no saved plugin states: a merged dataset (`Merge.run`),
 * which cannot be continued — continue each shard, then merge again.
 */
export const NO_STATE = ""

/** Whether a manifest points at saved plugin states (`false` for a merged dataset). */
export const hasState = (manifest: Manifest): boolean => manifest.state !== NO_STATE
