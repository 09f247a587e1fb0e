/**
 * The day batches of a run without files: runs the plugins (`Run.run`, or `Workers.run` for a
 * run continued from worker-thread states) and hands over each day's output exactly as
 * `Pipeline.run` writes it — one owned batch per table, in table (step) order, rows in the
 * canonical order — with the states that continue after that day. For consumers that need the
 * rows themselves instead of files, such as a live event stream; it is the same simulation, so
 * the rows are the rows of the batch files of the same days.
 *
 * @example
 * import { Effect, Stream } from "effect"
 * import { Days } from "@retail-datagen/engine"
 * const rows = Days.stream({ plugins: [visits], seed: 42, start: 19723, end: 19729 }).pipe(
 *   Stream.map((d) => d.batches.reduce((n, b) => n + b.length, 0)),
 *   Stream.runCollect
 * )
 */
import type { Batch, Calendar, Plugin, Table } from "@retail-datagen/core"
import { Effect, Mailbox, Stream } from "effect"
import type { EngineError } from "./EngineError.js"
import { ownedSorted } from "./internal/rows.js"
import type * as Progress from "./Progress.js"
import * as Registry from "./Registry.js"
import * as Run from "./Run.js"
import * as Workers from "./Workers.js"

/** One day of output. */
export interface Day {
  readonly day: Calendar.EpochDay
  /** The tables in step order (the same as `Pipeline` writes). */
  readonly tables: ReadonlyArray<Table.Table>
  /** One owned batch per table, in `tables` order, rows in the canonical order. */
  readonly batches: ReadonlyArray<Batch.Batch>
  /**
   * The plugin states after this day: pass as `resume` to continue with the next day.
   * `undefined` for the days of `threads`: their states stay in the worker threads.
   */
  readonly resume: Run.Resume | undefined
}

export interface Options<Master = unknown> {
  readonly plugins: ReadonlyArray<Registry.AnyPlugin<Master>> | Registry.Registry<Master>
  readonly master?: Master | undefined
  readonly seed: number
  /** The first day of the simulation (with `resume`, still the dataset's first day). */
  readonly start: Calendar.EpochDay
  /** The last day (inclusive). */
  readonly end: Calendar.EpochDay
  readonly shard?: Plugin.Shard | undefined
  /** Continue after `resume.afterDay` from saved states (e.g. a batch dataset's). */
  readonly resume?: Run.Resume | undefined
  /**
   * Worker threads, used when `resume` holds the states of a worker-thread run
   * (`{ workers: [...] }`, as `Pipeline` saves them): the count is the recorded one.
   */
  readonly workers?: { readonly setup: Workers.Setup } | undefined
  /**
   * Simulate on this many worker threads (with `workers`) even without worker states: the days
   * ahead are simulated while the consumer handles the current one (the same rows, whatever the
   * count). Only for a run from its first day: a `resume` of worker states uses their recorded
   * count, a `resume` of in-process states stays in process.
   */
  readonly threads?: number | undefined
  /** Days produced ahead of the consumer (default 1): the stream's memory bound. */
  readonly buffer?: number | undefined
}

const workerStates = (resume: Run.Resume | undefined): ReadonlyArray<unknown> | undefined => {
  const list = resume?.states.workers
  return Array.isArray(list) ? list : undefined
}

/**
 * The days `start … end` (or after `resume.afterDay`) as a stream. The producer runs at most
 * `buffer` days ahead of the consumer and waits for it (backpressure); ending the stream early
 * interrupts the run.
 */
export const stream = <Master = unknown>(
  options: Options<Master>
): Stream.Stream<Day, EngineError | Workers.WorkerFailed> =>
  Stream.unwrapScoped(
    Effect.gen(function* () {
      const registry = Registry.isRegistry(options.plugins)
        ? (options.plugins as Registry.Registry<Master>)
        : yield* Registry.make(options.plugins as ReadonlyArray<Registry.AnyPlugin<Master>>)
      const mailbox = yield* Mailbox.make<Day, EngineError | Workers.WorkerFailed>({
        capacity: Math.max(1, options.buffer ?? 1)
      })
      const tables = registry.tables
      const byName = new Map(tables.map((t) => [t.name, t]))
      const pending = new Map<string, Array<Batch.Batch>>()
      const saved = workerStates(options.resume)
      const threads =
        saved !== undefined
          ? saved.length
          : options.threads !== undefined &&
              options.threads >= 1 &&
              options.workers !== undefined &&
              options.resume === undefined
            ? options.threads
            : undefined
      const onBatches = (_day: Calendar.EpochDay, _plugin: string, batches: ReadonlyArray<Batch.Batch>) =>
        Effect.sync(() => {
          for (const b of batches) {
            const table = byName.get(b.table.name) ?? b.table
            // Worker batches are owned and sorted already; in-process ones are views to copy.
            const owned =
              threads !== undefined
                ? { table, length: b.length, columns: b.columns }
                : ownedSorted(table, [b])
            const list = pending.get(table.name)
            if (list === undefined) pending.set(table.name, [owned])
            else list.push(owned)
          }
        })
      const offer = (day: Calendar.EpochDay, resume: Run.Resume | undefined) =>
        Effect.suspend(() => {
          const batches = tables.map((table) => {
            const parts = pending.get(table.name) ?? []
            return parts.length === 1 ? parts[0]! : ownedSorted(table, parts)
          })
          pending.clear()
          return mailbox.offer({ day, tables, batches, resume })
        })
      const onCheckpoint = (resume: Run.Resume) => offer(resume.afterDay, resume)
      const common = {
        seed: options.seed,
        start: options.start,
        end: options.end,
        shard: options.shard,
        resume: options.resume,
        onBatches
      }
      // threads of a fresh run keep their states (nothing is posted per day): days come as done
      const statesStay = threads !== undefined && saved === undefined
      const run: Effect.Effect<unknown, EngineError | Workers.WorkerFailed> =
        threads !== undefined && options.workers !== undefined
          ? Workers.run({
              ...common,
              count: threads,
              setup: options.workers.setup,
              master: Workers.share(options.master),
              ...(statesStay
                ? {
                    onProgress: (e: Progress.ProgressEvent) =>
                      e._tag === "DayDone" ? offer(e.day, undefined) : Effect.void
                  }
                : { onCheckpoint })
            })
          : Run.run({ ...common, onCheckpoint, plugins: registry, master: options.master })
      yield* run.pipe(Effect.asVoid, Mailbox.into(mailbox), Effect.forkScoped)
      return Mailbox.toStream(mailbox)
    })
  )
