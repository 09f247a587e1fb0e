/**
 * `report DIR`: the realism report of a dataset on disk — figures computed with DuckDB over its
 * CSV or Parquet files, every behavioural target of the data contract as a pass/fail row — as a
 * self-contained HTML page (`--out`, default `DIR/report.html`) and, with `--json`, as JSON on
 * stdout. The report package (and DuckDB) is loaded only when the command runs.
 */
import * as path from "node:path"
import type { Report, ReportError } from "@retail-datagen/report"
import { Console, Effect, Schema } from "effect"

export interface ReportOptions {
  readonly dir: string
  /** HTML file to write (default `DIR/report.html`; with `--json` only when given). */
  readonly out?: string | undefined
  /** Print the figures and targets as JSON on stdout. */
  readonly json: boolean
  /** Fail (exit 1) when a target fails. */
  readonly strict: boolean
}

/**
 * Targets failed and `--strict` was given (the report was written).
 *
 * @category errors
 */
export class TargetsFailed extends Schema.TaggedError<TargetsFailed>()("TargetsFailed", {
  dir: Schema.String,
  failed: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return `${this.dir}: ${this.failed.length} behavioural target${this.failed.length === 1 ? "" : "s"} failed (${this.failed.join(", ")})`
  }
}

/** Computes the report of `dir`, writes the HTML, prints a summary (or the JSON). */
export const report = (
  options: ReportOptions
): Effect.Effect<
  Report.Report,
  ReportError.DatasetNotFound | ReportError.QueryFailed | Report.WriteFailed | TargetsFailed
> =>
  Effect.gen(function* () {
    const { Report, Targets } = yield* Effect.promise(() => import("@retail-datagen/report"))
    const result = yield* Report.make(options.dir)
    const out = options.out ?? (options.json ? undefined : path.join(options.dir, "report.html"))
    if (out !== undefined) yield* Report.writeHtml(result, out)
    if (options.json) {
      yield* Console.log(Report.json(result))
    } else {
      yield* Console.log(`${Report.summary(result)}${out === undefined ? "" : ` — wrote ${out}`}`)
      for (const row of result.targets.filter((t) => t.status === "fail")) {
        yield* Console.log(
          `  FAIL ${row.id}: ${row.name}: ${Number.isFinite(row.measured) ? row.measured.toFixed(3) : "—"} (target ${row.target}, ${row.tolerance})`
        )
      }
    }
    const failed = Targets.failed(result.targets)
    if (options.strict && failed.length > 0)
      return yield* new TargetsFailed({ dir: options.dir, failed: [...failed] })
    return result
  })
