/**
 * Merges the part files of a split run (`--shard k/N`, `Pipeline.run` with `shard`) into the files
 * of a single run, byte for byte. The N shards write into one root:
 *
 * ```
 * <root>/<table>/dt=YYYY-MM-DD/<table>_YYYYMMDD.part-k-of-N.<csv|parquet>   part files
 * <root>/_manifest.part-k-of-N.json                                         one manifest per shard
 * <root>/_state/part-k-of-N/YYYYMMDD.json                                   each shard's plugin states
 * ```
 *
 * `run` checks that the N part manifests are all there and agree (configuration hash, seed,
 * format, tool version, tables, first and last day), then per day and table reads the N part
 * files (`Read.file`), puts their rows in the canonical order (the one a single run writes: it
 * depends only on the rows, not on the split) and writes `<table>_YYYYMMDD.<ext>` atomically. Then
 * it writes `_manifest.json` (shard 1/1, listing the merged files) and removes the part files,
 * the part manifests and `_state/part-*` (unless `keepParts`).
 *
 * A merged dataset has no plugin states (its manifest's `state` is `Manifest.NO_STATE`), so it
 * cannot be continued: continue each shard (keep the parts with `keepParts`), then merge again.
 *
 * Crash safety: merged files are written atomically, the merged manifest last, and parts are
 * removed only after it; running `run` again after a crash finishes the job (it redoes the merge
 * when the merged manifest is missing, or only the clean-up when it is there). Memory: one
 * table-day (its N parts and the merged batch) at a time.
 *
 * @example
 * import { Effect } from "effect"
 * import { Merge } from "@retail-datagen/engine"
 * const summary = await Effect.runPromise(Merge.run({ root: "out/facts", tables: registry.tables }))
 * console.log(`${summary.files} files, ${summary.totalRows} rows`)
 */
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { type Batch, Calendar, type Plugin, type Table } from "@retail-datagen/core"
import { type Layout, Partition, Read, type SinkError } from "@retail-datagen/sinks"
import { Clock, Data, Effect, Schema } from "effect"
import { removeEmptyDir, removeFile, sweep } from "./internal/files.js"
import { difference, incomplete, isEarlierMerge, listParts, shardName } from "./internal/mergeParts.js"
import { ownedSorted } from "./internal/rows.js"
import * as Manifest from "./Manifest.js"

/** The part files under `root` cannot be merged; the reason says what is missing or different. */
export class MergeError extends Schema.TaggedError<MergeError>()("MergeError", {
  root: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `cannot merge the shards in ${this.root}: ${this.reason}`
  }
}

export interface Options<E = never, R = never> {
  /** The output root the shards wrote into. */
  readonly root: string
  /** The fact tables (the generator's registry tables): their names must be the manifests' tables. */
  readonly tables: ReadonlyArray<Table.Table>
  /**
   * Replace an existing `_manifest.json` that is not an earlier merge of these shards (a single
   * run's, or another configuration's): it and the files it lists are removed first.
   */
  readonly force?: boolean | undefined
  /** Keep the part files, part manifests and part states (default: remove them after the merge). */
  readonly keepParts?: boolean | undefined
  /** Receives the merge's progress events. */
  readonly onEvent?: ((event: Event) => Effect.Effect<unknown, E, R>) | undefined
  /** Buffer size of the CSV encoder (default: the sinks' 1 MiB). */
  readonly chunkSize?: number | undefined
}

export interface Summary {
  readonly root: string
  readonly format: Layout.Format
  /** The number of shards merged. */
  readonly shards: number
  /** Tables in step order. */
  readonly tables: ReadonlyArray<string>
  /** The dataset's first and last day. */
  readonly start: Calendar.EpochDay
  readonly lastDay: Calendar.EpochDay
  /** Merged files written by this run (0 when an earlier run had merged and only the clean-up was left). */
  readonly files: number
  readonly totalRows: number
  readonly totalBytes: number
  /** Part files, part manifests and part state files removed. */
  readonly removed: number
  /** Wall-clock seconds (from the `Clock` service). */
  readonly seconds: number
  readonly rowsPerSecond: number
  /** Path of the merged manifest. */
  readonly manifest: string
}

export type Event = Data.TaggedEnum<{
  /** The part manifests are checked; `files` merged files follow. */
  MergeStarted: {
    readonly root: string
    readonly format: Layout.Format
    readonly shards: number
    readonly tables: ReadonlyArray<string>
    readonly start: Calendar.EpochDay
    readonly lastDay: Calendar.EpochDay
    /** Files to merge (0 when only the clean-up of an earlier merge is left). */
    readonly files: number
  }
  /** A merged file was committed (renamed into place). */
  FileMerged: {
    readonly table: string
    readonly day: Calendar.EpochDay
    readonly path: string
    readonly rows: number
    readonly bytes: number
    readonly checksum: string
    /** 0-based position of the file in this merge, and the number of files. */
    readonly index: number
    readonly files: number
  }
  /** The last event of a completed merge. */
  MergeFinished: { readonly summary: Summary }
}>

const ctors = Data.taggedEnum<Event>()
/** Builds a `MergeStarted` event. */
export const MergeStarted = ctors.MergeStarted
/** Builds a `FileMerged` event. */
export const FileMerged = ctors.FileMerged
/** Builds a `MergeFinished` event. */
export const MergeFinished = ctors.MergeFinished

/**
 * One plain line for an event (logs, non-TTY output).
 *
 * @example
 * Merge.format(event) // "merged sales/dt=2024-03-01/sales_20240301.csv (3/12): 1234 rows"
 */
export const format = (event: Event): string => {
  switch (event._tag) {
    case "MergeStarted":
      return event.files === 0
        ? `${event.root}: already merged, removing the parts`
        : `${event.root}: merging ${event.shards} shards, ${event.files} files ${Calendar.format(event.start)} … ${Calendar.format(event.lastDay)}`
    case "FileMerged":
      return `merged ${event.path} (${event.index + 1}/${event.files}): ${event.rows} rows`
    case "MergeFinished": {
      const s = event.summary
      return `finished: ${s.files} files, ${s.totalRows} rows in ${s.seconds.toFixed(1)} s; ${s.removed} part files removed`
    }
  }
}

const fail = (root: string, reason: string) => Effect.fail(new MergeError({ root, reason }))

const exists = (file: string): Effect.Effect<boolean> =>
  Effect.promise(() =>
    fs.stat(file).then(
      (s) => s.isFile(),
      () => false
    )
  )

interface Plan {
  readonly shards: ReadonlyArray<Plugin.Shard>
  readonly manifests: ReadonlyArray<Manifest.Manifest>
  readonly first: Manifest.Manifest
  readonly tables: ReadonlyArray<Table.Table>
  /** The merge is already committed (an earlier run was interrupted during the clean-up). */
  readonly merged: boolean
  /** An existing `_manifest.json` to discard first. */
  readonly discard: Manifest.Manifest | undefined
}

const plan = (options: Options<unknown, unknown>): Effect.Effect<Plan, MergeError> =>
  Effect.gen(function* () {
    const { root } = options
    const unreadable = (e: { readonly message: string }) => new MergeError({ root, reason: e.message })
    const shards = yield* Effect.mapError(listParts(root), unreadable)
    const existing = yield* Effect.mapError(Manifest.read(root), unreadable)
    if (shards.length === 0) {
      return yield* fail(
        root,
        existing === undefined
          ? "it holds no shard manifests (_manifest.part-k-of-N.json)"
          : Manifest.hasState(existing)
            ? "it holds the dataset of a single run (_manifest.json), no shards"
            : "it is already merged (no shard manifests are left)"
      )
    }
    const manifests: Array<Manifest.Manifest> = []
    for (const shard of shards) {
      const m = yield* Effect.mapError(Manifest.read(root, shard), unreadable)
      if (m === undefined) return yield* fail(root, `${shardName(shard)} has no manifest`)
      manifests.push(m)
    }
    // An earlier merge committed, then stopped while removing the part manifests: finish that.
    const leftOver =
      existing !== undefined &&
      manifests.every((m) => isEarlierMerge(existing, m) && m.lastDay === existing.lastDay)
    const why = incomplete(shards)
    if (why !== undefined && !leftOver) return yield* fail(root, why)
    const first = manifests[0]!
    if (leftOver && why !== undefined) {
      return { shards, manifests, first, tables: [], merged: true, discard: undefined }
    }
    for (let k = 1; k < shards.length; k++) {
      const d = difference(first, manifests[k]!, shards[k]!)
      if (d !== undefined) return yield* fail(root, d)
    }
    if (first.shard.index !== 0 || first.shard.count !== shards.length) {
      return yield* fail(
        root,
        `the manifest of ${shardName(shards[0]!)} says it is ${shardName(first.shard)}`
      )
    }
    const byName = new Map(options.tables.map((t) => [t.name, t]))
    const given = options.tables.map((t) => t.name)
    if (first.tables.length !== given.length || first.tables.some((t) => !byName.has(t))) {
      return yield* fail(
        root,
        `the shards have tables ${first.tables.join(", ")}; the merge was given ${given.join(", ")}`
      )
    }
    const tables = first.tables.map((t) => byName.get(t)!)
    if (!Read.formats.includes(first.format)) {
      return yield* fail(root, `${first.format} files cannot be merged (only ${Read.formats.join(", ")})`)
    }
    const earlier = existing !== undefined && isEarlierMerge(existing, first)
    const merged = earlier && existing.lastDay === first.lastDay
    if (existing !== undefined && !earlier && !options.force) {
      return yield* fail(
        root,
        `it already holds a dataset (_manifest.json ${existing.start} … ${existing.lastDay}${Manifest.hasState(existing) ? ", a single run" : ", another merge"}); use --overwrite (option force) to replace it`
      )
    }
    if (!merged) {
      // Every part file a shard's manifest must list, present on disk.
      for (let k = 0; k < shards.length; k++) {
        const listed = new Set(manifests[k]!.files.map((f) => f.path))
        for (let day = Calendar.parse(first.start); day <= Calendar.parse(first.lastDay); day++) {
          for (const t of tables) {
            const rel = Manifest.filePath(t.name, day, first.format, shards[k]!)
            if (!listed.has(rel))
              return yield* fail(root, `the manifest of ${shardName(shards[k]!)} does not list ${rel}`)
            if (!(yield* exists(path.join(root, rel))))
              return yield* fail(root, `${shardName(shards[k]!)} has no file ${rel}`)
          }
        }
      }
    }
    return {
      shards,
      manifests,
      first,
      tables,
      merged,
      discard: existing !== undefined && !merged ? existing : undefined
    }
  })

/** Removes a dataset's manifest first, then the files it lists that are not merged files, and its states. */
const discard = (root: string, m: Manifest.Manifest) =>
  Effect.gen(function* () {
    yield* removeFile(Manifest.pathOf(root))
    for (const f of m.files) yield* removeFile(path.join(root, f.path))
    if (Manifest.hasState(m)) yield* removeFile(path.join(root, m.state))
  })

/** Removes the part files, then the part states, then the part manifests; returns the number of files removed. */
const removeParts = (root: string, p: Plan): Effect.Effect<number> =>
  Effect.gen(function* () {
    let removed = 0
    const count = (file: string) =>
      Effect.flatMap(exists(file), (there) => (there ? Effect.as(removeFile(file), removed++) : Effect.void))
    for (const m of p.manifests) for (const f of m.files) yield* count(path.join(root, f.path))
    for (const shard of p.shards) {
      const dir = path.join(root, path.dirname(Manifest.statePath(0, shard)))
      const names = yield* Effect.promise(() => fs.readdir(dir).catch(() => [] as Array<string>))
      for (const n of names) yield* count(path.join(dir, n))
      yield* removeEmptyDir(dir)
    }
    yield* removeEmptyDir(path.join(root, "_state"))
    for (const shard of p.shards) yield* count(Manifest.pathOf(root, shard))
    return removed
  })

/**
 * Merges the shards' part files under `root` into the files of a single run and writes
 * `_manifest.json`; removes the parts unless `keepParts`. Fails with a `MergeError` when the
 * shards are incomplete or disagree, or `root` already holds another dataset (without `force`),
 * and with a `SinkError` when a file cannot be read or written.
 */
export const run = <E = never, R = never>(
  options: Options<E, R>
): Effect.Effect<Summary, MergeError | SinkError.SinkError | E, R> =>
  Effect.gen(function* () {
    const startedAt = yield* Clock.currentTimeMillis
    const emit = options.onEvent ?? (() => Effect.void)
    const { root } = options
    const p = yield* plan(options as Options<unknown, unknown>)
    const { first, tables } = p
    const format = first.format
    const start = Calendar.parse(first.start)
    const lastDay = Calendar.parse(first.lastDay)
    const total = p.merged ? 0 : (lastDay - start + 1) * tables.length
    yield* sweep(root)
    yield* emit(
      MergeStarted({
        root,
        format,
        shards: p.shards.length,
        tables: first.tables,
        start,
        lastDay,
        files: total
      })
    )
    if (p.discard !== undefined) yield* discard(root, p.discard)
    let totalRows = 0
    let totalBytes = 0
    if (!p.merged) {
      const sinkOptions = options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }
      const rowsOf = p.manifests.map((m) => new Map(m.files.map((f) => [f.path, f.rows])))
      const files: Array<Manifest.FileEntry> = []
      for (let day = start; day <= lastDay; day++) {
        for (const table of tables) {
          const parts: Array<Batch.Batch> = []
          for (let k = 0; k < p.shards.length; k++) {
            const rel = Manifest.filePath(table.name, day, format, p.shards[k]!)
            const batch = yield* Read.file(path.join(root, rel), table, format)
            const listed = rowsOf[k]!.get(rel)!
            if (batch.length !== listed) {
              return yield* fail(
                root,
                `${rel} holds ${batch.length} rows, the manifest of ${shardName(p.shards[k]!)} says ${listed}`
              )
            }
            parts.push(batch)
          }
          const merged = ownedSorted(table, parts)
          parts.length = 0
          const rel = Manifest.filePath(table.name, day, format)
          const file = path.join(root, rel)
          const w = yield* Partition.writeFile(file, table, [merged], format, sinkOptions)
          files.push({
            path: rel,
            table: table.name,
            day: Calendar.format(day),
            rows: w.rows,
            bytes: w.bytes,
            sha256: w.checksum
          })
          totalRows += w.rows
          totalBytes += w.bytes
          yield* emit(
            FileMerged({
              table: table.name,
              day,
              path: file,
              rows: w.rows,
              bytes: w.bytes,
              checksum: w.checksum,
              index: files.length - 1,
              files: total
            })
          )
        }
      }
      yield* Manifest.write(root, {
        manifestVersion: Manifest.FORMAT_VERSION,
        toolVersion: first.toolVersion,
        configHash: first.configHash,
        seed: first.seed,
        format,
        shard: { index: 0, count: 1 },
        start: first.start,
        lastDay: first.lastDay,
        tables: first.tables,
        ...(first.plugins === undefined ? {} : { plugins: first.plugins }),
        state: Manifest.NO_STATE,
        files
      })
    }
    const removed = options.keepParts ? 0 : yield* removeParts(root, p)
    const seconds = ((yield* Clock.currentTimeMillis) - startedAt) / 1000
    const summary: Summary = {
      root,
      format,
      shards: p.shards.length,
      tables: first.tables,
      start,
      lastDay,
      files: total,
      totalRows,
      totalBytes,
      removed,
      seconds,
      rowsPerSecond: seconds > 0 ? totalRows / seconds : 0,
      manifest: Manifest.pathOf(root)
    }
    yield* emit(MergeFinished({ summary }))
    return summary
  })
