/**
 * What a generation command prints while it works, from the run's events:
 *
 * - on a terminal (stdout is a TTY): one line rewritten in place at most every 100 ms —
 *   `facts 2024-01-05 · day 5/30 · tables 3/9 · 123,456 rows · 45,678 rows/s · ETA 12 s` —
 *   plus a plain line for milestones (master data written or reused, continuing a dataset);
 * - otherwise (a pipe, a file, CI logs): the milestones and one plain line per day committed;
 * - `--quiet` or `--json`: nothing (errors still go to stderr).
 */
import { Calendar } from "@retail-datagen/core"
import type { Generator } from "@retail-datagen/generator"
import { Lock, Progress } from "@retail-datagen/generator"
import { Console, Effect } from "effect"
import { size } from "./Summary.js"

/** How the command prints. */
export interface Mode {
  readonly quiet: boolean
  readonly json: boolean
  /** Whether stdout is a terminal (an updating progress line instead of one line per day). */
  readonly tty: boolean
}

/** Minimum milliseconds between two redraws of the terminal progress line. */
export const REDRAW_MS = 100

/** The current mode of this process's stdout. */
export const mode = (flags: { readonly quiet: boolean; readonly json: boolean }): Mode => ({
  ...flags,
  tty: process.stdout.isTTY === true
})

/** Receives a run's events; `finish` clears the progress line. */
export interface Reporter {
  readonly onEvent: (event: Generator.Event) => Effect.Effect<void>
  readonly finish: Effect.Effect<void>
}

const int = Progress.thousands

/** A milestone line for an event, if it is one. */
const milestone = (e: Generator.Event, masterRows: { rows: number; bytes: number }): string | undefined => {
  switch (e._tag) {
    case "MasterReused":
      return `master:  up to date in ${e.dir}`
    case "LockTakenOver":
      return `note:    ${Lock.describeTakeOver(e)}`
    case "MasterWritten": {
      masterRows.rows += e.rows
      masterRows.bytes += e.bytes
      return e.index + 1 === e.tables
        ? `master:  ${e.tables} tables, ${int(masterRows.rows)} rows, ${size(masterRows.bytes)} written`
        : undefined
    }
    case "PipelineStarted": {
      const parts: Array<string> = []
      if (e.removedTemps > 0) parts.push(`removed ${e.removedTemps} temporary files of an interrupted run`)
      if (e.resumedAfter !== undefined && e.days > 0) {
        parts.push(
          `continuing after ${Calendar.format(e.resumedAfter)}: ${e.days} day${e.days === 1 ? "" : "s"} to go`
        )
      }
      return parts.length === 0 ? undefined : parts.join("\n")
    }
    default:
      return undefined
  }
}

/** One plain line per committed day. */
const dayLine = (e: Generator.Event, s: Progress.Snapshot): string | undefined => {
  if (e._tag !== "DayCommitted") return undefined
  const eta = s.etaSeconds !== undefined && e.index + 1 < e.days ? `, ETA ${Math.ceil(s.etaSeconds)} s` : ""
  return `${Calendar.format(e.day)} done (${e.index + 1}/${e.days}): ${int(e.rows)} rows, ${size(e.bytes)} in ${e.files} files; ${int(s.rowsPerSecond)} rows/s${eta}`
}

/**
 * A reporter for `mode`. `write` puts raw text on the terminal (default: `process.stdout.write`);
 * lines go through `Console.log`.
 */
export const reporter = (
  mode: Mode,
  write: (text: string) => void = (text) => void process.stdout.write(text)
): Reporter => {
  if (mode.quiet || mode.json) return { onEvent: () => Effect.void, finish: Effect.void }
  const tracker = Progress.tracker()
  const master = { rows: 0, bytes: 0 }
  if (!mode.tty) {
    return {
      onEvent: (e) =>
        Effect.suspend(() => {
          const s = tracker.update(e, Date.now())
          const line = milestone(e, master) ?? dayLine(e, s)
          return line === undefined ? Effect.void : Console.log(line)
        }),
      finish: Effect.void
    }
  }
  let last = Number.NEGATIVE_INFINITY
  let shown = false
  const columns = () => {
    const c = process.stdout.columns
    return typeof c === "number" && c > 20 ? c - 1 : 119
  }
  const clear = () => {
    if (shown) write("\r\x1b[K")
    shown = false
  }
  return {
    onEvent: (e) =>
      Effect.sync(() => {
        const now = Date.now()
        const s = tracker.update(e, now)
        const line = milestone(e, master)
        if (line !== undefined) {
          clear()
          write(`${line}\n`)
        }
        if (e._tag === "Finished") return
        if (now - last >= REDRAW_MS) {
          last = now
          write(`\r\x1b[K${Progress.line(s).slice(0, columns())}`)
          shown = true
        }
      }),
    finish: Effect.sync(clear)
  }
}

/**
 * Follows what a run has made durable, for the message of an interrupted run: the last day
 * committed (or the last day done before the run, when it continued a dataset).
 */
export const keptTracker = () => {
  let before: Calendar.EpochDay | undefined
  let last: Calendar.EpochDay | undefined
  let masterDone = false
  return {
    onEvent: (e: Generator.Event): Effect.Effect<void> =>
      Effect.sync(() => {
        if (e._tag === "PipelineStarted") before = e.resumedAfter
        else if (e._tag === "DayCommitted") last = e.day
        else if (e._tag === "MasterReused" || (e._tag === "MasterWritten" && e.index + 1 === e.tables))
          masterDone = true
      }),
    /** `stopped after 2024-01-12 (…); rerun the same command to continue`, for `kind`. */
    stopped: (
      kind: "generate" | "master" | "facts",
      plan: { readonly masterDir: string; readonly factsDir: string }
    ): string => {
      if (
        kind === "master" ||
        (!masterDone && kind === "generate" && last === undefined && before === undefined)
      )
        return `stopped before the master data in ${plan.masterDir} was complete (its manifest is written last, so it is not used); rerun the same command to write it`
      const through = last ?? before
      if (through === undefined)
        return `stopped before the first day was complete; nothing of it was kept in ${plan.factsDir}; rerun the same command to start`
      return last === undefined
        ? `stopped before a new day was complete; ${plan.factsDir} holds the days through ${Calendar.format(through)}; rerun the same command to continue`
        : `stopped after ${Calendar.format(through)} (every day through it is complete in ${plan.factsDir}); rerun the same command to continue`
    }
  }
}
