/**
 * `diff BASE SCEN`: the effect of a scenario — two datasets of the same configuration, the second
 * made with `--scenario` — per metric, day and DC region, as a self-contained HTML page (`--out`)
 * and, with `--json`, as JSON on stdout; otherwise one line per metric. The report package (and
 * DuckDB) is loaded only when the command runs.
 */
import type { Diff, Report, ReportError } from "@retail-datagen/report"
import { Console, Effect } from "effect"

export interface DiffOptions {
  readonly base: string
  readonly scenario: string
  /** HTML file to write. */
  readonly out?: string | undefined
  /** Print the whole diff as JSON on stdout. */
  readonly json: boolean
}

/** Computes the diff, writes the HTML when asked, prints a summary (or the JSON). */
export const diff = (
  options: DiffOptions
): Effect.Effect<Diff.Diff, ReportError.DatasetNotFound | ReportError.QueryFailed | Report.WriteFailed> =>
  Effect.gen(function* () {
    const { Diff, Report } = yield* Effect.promise(() => import("@retail-datagen/report"))
    const result = yield* Diff.make(options.base, options.scenario)
    if (options.out !== undefined) yield* Report.write(options.out, Diff.html(result))
    if (options.json) yield* Console.log(Diff.json(result))
    else {
      for (const i of result.interventions) yield* Console.log(`${i.type} ${i.start} … ${i.end}`)
      yield* Console.log(Diff.summary(result))
      if (options.out !== undefined) yield* Console.log(`wrote ${options.out}`)
    }
    return result
  })
