/**
 * Atomic file commit. A file is written under a temporary name in its own directory
 * (`.<name>.tmp-<pid>-<random>`), fsynced, renamed into place and the directory fsynced, so a
 * reader sees either no file or the complete one. On any failure — or when the scope closes
 * without a commit (interruption, a failing producer) — the temporary file is removed and the
 * effect fails with a `SinkError` naming the path, the step and the system error.
 *
 * CSV and NDJSON are encoded in large buffers and written chunk by chunk, each write awaited
 * (so memory stays flat) and hashed on the way; Parquet batches are staged in DuckDB and the
 * file is written by `COPY` at commit, then hashed from disk.
 *
 * @example
 * import { Effect } from "effect"
 * import { Layout, Partition } from "@retail-datagen/sinks"
 * const file = Layout.factPath("data/facts", "receipts", day, "csv")
 * const written = Effect.runPromise(Partition.writeFile(file, Receipts, [batch], "csv"))
 * // { path, rows, bytes, checksum: "<sha256 hex of the file>" }
 *
 * // A day's files made durable together (one fsync per file and one per directory):
 * const staged = yield* Effect.forEach(tables, (t) => Partition.stageFile(pathOf(t), t, [batchOf(t)], "csv"))
 * const written = yield* Partition.publish(staged)
 *
 * // Many batches, one file, never holding them all:
 * const program = Effect.scoped(
 *   Effect.gen(function* () {
 *     const w = yield* Partition.open(file, Receipts, "csv")
 *     for (const store of stores) yield* w.append(batchOf(store))
 *     return yield* w.commit
 *   })
 * )
 */
import type { Batch, Table } from "@retail-datagen/core"
import { Effect, type Scope } from "effect"
import { PendingFile, StepError } from "./internal/PendingFile.js"
import type { Format } from "./Layout.js"
import { fromCause, type SinkError } from "./SinkError.js"

/** What a committed file holds. */
export interface Written {
  /** The final path. */
  readonly path: string
  /** Data rows (the CSV header is not counted). */
  readonly rows: number
  /** Size of the file in bytes. */
  readonly bytes: number
  /** SHA-256 of the file's bytes, lowercase hex. */
  readonly checksum: string
}

export interface Options {
  /** Size of the buffers CSV and NDJSON are encoded into and written from (default 1 MiB). */
  readonly chunkSize?: number
}

/** A finished file waiting to be published (see `publish`). */
export interface Staged extends Written {
  /** Removes the temporary file; a no-op once published. */
  readonly discard: Effect.Effect<void>
}

const pendingOf = new WeakMap<Staged, PendingFile>()

/** A file open for appending; use it from one fiber at a time. */
export interface Writer {
  readonly path: string
  readonly table: Table.Table
  readonly format: Format
  /** Rows appended so far. */
  readonly rows: number
  /**
   * Encodes and writes one batch (Parquet: stages it). The batch is fully consumed when the
   * effect completes, so its builder may be reset. Fails (and aborts the file) on a bad value or
   * an I/O error.
   */
  append(batch: Batch.Batch): Effect.Effect<void, SinkError>
  /** Makes the file durable and visible under `path` (`seal` then `publish` of it alone). */
  readonly commit: Effect.Effect<Written, SinkError>
  /**
   * Finishes the file under its temporary name, neither synced nor visible; `publish` (of this
   * file with others) makes it so, `discard` removes it. The writer's scope no longer removes it.
   */
  readonly seal: Effect.Effect<Staged, SinkError>
  /** Removes the temporary file; a no-op after `commit`. */
  readonly abort: Effect.Effect<void>
}

const toSinkError = (target: string, e: unknown): SinkError =>
  e instanceof StepError ? fromCause(e.target ?? target, e.operation, e.cause) : fromCause(target, "open", e)

const make = (file: PendingFile): Writer => {
  const abort = Effect.promise(() => file.abort())
  const run = <A>(f: (signal: AbortSignal) => Promise<A>): Effect.Effect<A, SinkError> =>
    Effect.tryPromise({ try: f, catch: (e) => toSinkError(file.target, e) }).pipe(
      Effect.tapError(() => abort)
    )
  return {
    path: file.target,
    table: file.table,
    format: file.format,
    get rows() {
      return file.rows
    },
    append: (batch) => run((signal) => file.append(batch, signal)),
    commit: run(() => file.commit()),
    seal: Effect.map(
      run(() => file.seal()),
      (w) => {
        const staged: Staged = { ...w, discard: abort }
        pendingOf.set(staged, file)
        return staged
      }
    ),
    abort
  }
}

/**
 * Opens `path` for writing batches of `table` in `format`, creating missing directories. The
 * scope aborts the file unless it was committed or sealed.
 */
export const open = (
  path: string,
  table: Table.Table,
  format: Format,
  options?: Options
): Effect.Effect<Writer, SinkError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: () => PendingFile.open(path, table, format, options),
      catch: (e) => toSinkError(path, e)
    }).pipe(Effect.map((file) => ({ file, writer: make(file) }))),
    ({ file }) => Effect.promise(() => file.abortOpen())
  ).pipe(Effect.map(({ writer }) => writer))

/**
 * Writes all `batches` (any iterable, e.g. a generator producing them one at a time) to `path`
 * atomically and returns what was written.
 */
export const writeFile = (
  path: string,
  table: Table.Table,
  batches: Iterable<Batch.Batch>,
  format: Format,
  options?: Options
): Effect.Effect<Written, SinkError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const w = yield* open(path, table, format, options)
      for (const batch of batches) yield* w.append(batch)
      return yield* w.commit
    })
  )

/**
 * Writes all `batches` to a temporary file next to `path` and seals it (see `Writer.seal`):
 * publish it with others, or discard it. On failure nothing is left behind.
 */
export const stageFile = (
  path: string,
  table: Table.Table,
  batches: Iterable<Batch.Batch>,
  format: Format,
  options?: Options
): Effect.Effect<Staged, SinkError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const w = yield* open(path, table, format, options)
      for (const batch of batches) yield* w.append(batch)
      return yield* w.seal
    })
  )

/**
 * Makes staged files durable and visible together: each is fsynced (several at once) and
 * renamed into place, then each directory that gained an entry is fsynced once. All or none: on
 * a failure the files are removed (published ones taken back) and the effect fails with a
 * `SinkError` naming the file or directory and the step. Once started it is not interruptible.
 */
export const publish = (files: ReadonlyArray<Staged>): Effect.Effect<ReadonlyArray<Written>, SinkError> =>
  Effect.suspend(() => {
    const pending = files.map((f) => pendingOf.get(f))
    if (pending.some((p) => p === undefined)) return Effect.dieMessage("Partition.publish: not a staged file")
    // Not interruptible: the renames would go on behind an interruption, after a caller's
    // clean-up; an interruption takes effect once the group is published (or has failed).
    return Effect.uninterruptible(
      Effect.tryPromise({
        try: () => PendingFile.publish(pending as ReadonlyArray<PendingFile>),
        catch: (e) =>
          e instanceof StepError
            ? fromCause(e.target ?? files[0]?.path ?? "", e.operation, e.cause)
            : fromCause(files[0]?.path ?? "", "fsync", e)
      })
    ).pipe(Effect.as(files.map(({ discard: _, ...w }) => w)))
  })
