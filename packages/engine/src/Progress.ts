/**
 * Progress events of a run: what a progress bar, a log line or an SSE stream shows.
 *
 * A completed run emits `RunStarted`, one `DayDone` per day, one `TableDone` per table (after the
 * last day) and `RunFinished`. An interrupted run emits `RunCancelled` instead of the tail. A
 * failed run emits nothing more; its effect fails with the error.
 *
 * @example
 * import { Effect } from "effect"
 * import { Progress } from "@retail-datagen/engine"
 * const onProgress = (event: Progress.ProgressEvent) => Effect.log(Progress.format(event))
 */
import { Calendar, type Plugin } from "@retail-datagen/core"
import { Data } from "effect"
import type { Summary } from "./Run.js"

export type ProgressEvent = Data.TaggedEnum<{
  /** Emitted once, after the plugins are initialised and before the first step. */
  RunStarted: {
    /** Plugin names in step order. */
    readonly plugins: ReadonlyArray<string>
    /** Table names in step order. */
    readonly tables: ReadonlyArray<string>
    /** Number of days this run generates. */
    readonly days: number
    readonly firstDay: Calendar.EpochDay
    readonly lastDay: Calendar.EpochDay
    readonly shard: Plugin.Shard
  }
  /** Emitted after every plugin has stepped on `day` and its batches were handed over. */
  DayDone: {
    readonly day: Calendar.EpochDay
    /** 0-based position of `day` in this run; `(index + 1) / days` is the fraction done. */
    readonly index: number
    readonly days: number
    /** Rows produced on `day`, per table. */
    readonly rows: Readonly<Record<string, number>>
    /** Rows produced so far in this run, per table. */
    readonly cumulative: Readonly<Record<string, number>>
  }
  /** Emitted per table, in step order, once the last day is done. */
  TableDone: {
    readonly table: string
    readonly rows: number
  }
  /** The last event of a completed run. */
  RunFinished: {
    readonly summary: Summary
  }
  /** The last event of an interrupted run; `daysDone` days were completely generated. */
  RunCancelled: {
    readonly daysDone: number
  }
}>

const ctors = Data.taggedEnum<ProgressEvent>()

/** Builds a `RunStarted` event. */
export const RunStarted = ctors.RunStarted
/** Builds a `DayDone` event. */
export const DayDone = ctors.DayDone
/** Builds a `TableDone` event. */
export const TableDone = ctors.TableDone
/** Builds a `RunFinished` event. */
export const RunFinished = ctors.RunFinished
/** Builds a `RunCancelled` event. */
export const RunCancelled = ctors.RunCancelled
/** A type guard per tag, e.g. `Progress.$is("DayDone")(event)`. */
export const $is = ctors.$is
/** Exhaustive match on the tag. */
export const $match = ctors.$match

const sum = (rows: Readonly<Record<string, number>>): number => {
  let n = 0
  for (const k in rows) n += rows[k]!
  return n
}

/**
 * One plain line describing an event, for logs and non-TTY output.
 *
 * @example
 * Progress.format(Progress.TableDone({ table: "visits", rows: 12 })) // "table visits done: 12 rows"
 */
export const format = (event: ProgressEvent): string =>
  $match(event, {
    RunStarted: (e) =>
      `run started: ${e.plugins.length} plugins, ${e.tables.length} tables, ${e.days} days ` +
      `(${Calendar.format(e.firstDay)} … ${Calendar.format(e.lastDay)}), shard ${e.shard.index + 1}/${e.shard.count}`,
    DayDone: (e) =>
      `day ${Calendar.format(e.day)} done (${e.index + 1}/${e.days}): ${sum(e.rows)} rows, ${sum(e.cumulative)} so far`,
    TableDone: (e) => `table ${e.table} done: ${e.rows} rows`,
    RunFinished: ({ summary: s }) =>
      `run finished: ${s.days} days, ${s.totalRows} rows in ${s.seconds.toFixed(1)} s (${Math.round(s.rowsPerSecond)} rows/s)`,
    RunCancelled: (e) => `run cancelled after ${e.daysDone} days`
  })
