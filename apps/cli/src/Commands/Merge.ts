/**
 * `merge [DIR]`: joins the part files that `generate`/`facts --shard k/N` wrote into `DIR/facts`
 * (default: the configuration's `paths.facts`) into the files of a single run, byte for byte,
 * then removes the parts (`--keep-parts` keeps them). The fact tables come from the configuration
 * recorded with the dataset (`facts/_config.json`).
 */
import { join } from "node:path"
import type { Config } from "@retail-datagen/config"
import { Calendar } from "@retail-datagen/core"
import type { Merge } from "@retail-datagen/engine"
import { Generator, Lock, Progress } from "@retail-datagen/generator"
import { Console, Effect } from "effect"
import type { UsageError } from "../Failure.js"
import type * as Output from "../Output.js"
import * as Plan from "../Plan.js"
import { size } from "../Summary.js"

export interface MergeOptions {
  /** Dataset root: the parts are in `DIR/facts`. Default: the configuration's `paths.facts`. */
  readonly dir?: string | undefined
  /** Config file (when `DIR` is omitted: where `paths.facts` comes from). */
  readonly config?: string | undefined
  readonly force: boolean
  readonly keepParts: boolean
  readonly json: boolean
  readonly quiet: boolean
}

const int = Progress.thousands

/**
 * Prints a merge's progress: on a terminal one line rewritten per file
 * (`merge 2024-03-01 · file 5/27 · 12,345 rows`), otherwise one line per day merged.
 */
export const reporter = (
  mode: Output.Mode,
  write: (text: string) => void = (text) => void process.stdout.write(text)
): { readonly onEvent: (e: Merge.Event) => Effect.Effect<void>; readonly finish: Effect.Effect<void> } => {
  if (mode.quiet || mode.json) return { onEvent: () => Effect.void, finish: Effect.void }
  let tables = 1
  let days = 0
  let rows = 0
  let day = { day: Number.NaN, files: 0, rows: 0, bytes: 0, index: 0 }
  let shown = false
  const clear = () => {
    if (shown) write("\r\x1b[K")
    shown = false
  }
  return {
    onEvent: (e) =>
      Effect.suspend(() => {
        switch (e._tag) {
          case "MergeStarted":
            tables = Math.max(1, e.tables.length)
            days = e.lastDay - e.start + 1
            return Console.log(
              e.files === 0
                ? `merge:   already merged; removing the parts`
                : `merge:   ${e.shards} shards, ${e.files} files, ${Calendar.format(e.start)} .. ${Calendar.format(e.lastDay)}`
            )
          case "FileMerged": {
            rows += e.rows
            if (e.day !== day.day) day = { day: e.day, files: 0, rows: 0, bytes: 0, index: day.index + 1 }
            day.files++
            day.rows += e.rows
            day.bytes += e.bytes
            if (mode.tty) {
              write(
                `\r\x1b[Kmerge ${Calendar.format(e.day)} · file ${e.index + 1}/${e.files} · ${int(rows)} rows`
              )
              shown = true
              return Effect.void
            }
            return day.files === tables
              ? Console.log(
                  `${Calendar.format(e.day)} merged (${day.index}/${days}): ${int(day.rows)} rows, ${size(day.bytes)} in ${day.files} files`
                )
              : Effect.void
          }
          case "MergeFinished":
            return Effect.sync(clear)
        }
      }),
    finish: Effect.sync(clear)
  }
}

/** The summary lines of a merge. */
export const describe = (s: Merge.Summary): Array<string> => {
  const rate = s.seconds > 0 ? ` (${int(s.rowsPerSecond)} rows/s)` : ""
  return [
    `merged:  ${s.files} files, ${int(s.totalRows)} rows, ${size(s.totalBytes)} in ${s.seconds.toFixed(1)} s${rate}`,
    `removed: ${s.removed} part files`,
    `facts:   ${s.root} (${s.shards} shards joined; a merged dataset cannot be continued: continue every shard, then merge again)`
  ]
}

/** The summary as the JSON document of `--json`. */
export const toJson = (s: Merge.Summary): Record<string, unknown> => ({
  command: "merge",
  root: s.root,
  format: s.format,
  shards: s.shards,
  tables: s.tables,
  start: Calendar.format(s.start),
  lastDay: Calendar.format(s.lastDay),
  files: s.files,
  totalRows: s.totalRows,
  totalBytes: s.totalBytes,
  removed: s.removed,
  seconds: s.seconds,
  rowsPerSecond: s.rowsPerSecond,
  manifest: s.manifest
})

/** Merges the parts under `DIR/facts` (or the configuration's facts directory) and prints the result. */
export const merge = (
  options: MergeOptions,
  mode: Output.Mode
): Effect.Effect<Merge.Summary, Generator.MergeError | Config.ConfigError | UsageError> =>
  Effect.gen(function* () {
    const { config, pluginBase } = yield* Plan.loadConfig(options.config)
    const root = options.dir === undefined ? config.paths.facts : join(options.dir, "facts")
    const progress = reporter(mode)
    const summary = yield* Generator.merge(config, {
      root,
      force: options.force,
      keepParts: options.keepParts,
      cwd: pluginBase,
      onEvent: progress.onEvent,
      onLockTakenOver: (t) => Console.error(`note: ${Lock.describeTakeOver(t)}`)
    }).pipe(Effect.ensuring(progress.finish))
    if (options.json) yield* Console.log(JSON.stringify(toJson(summary), null, 2))
    else if (!options.quiet) yield* Console.log(describe(summary).join("\n"))
    return summary
  })
