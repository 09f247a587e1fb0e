/**
 * The realism report of a dataset: its figures, the target rows, and the two renderings — JSON
 * for machines and a self-contained HTML page for people.
 *
 * @example
 * import { Effect } from "effect"
 * import { Report } from "@retail-datagen/report"
 * const report = await Effect.runPromise(Report.make("data"))
 * await Effect.runPromise(Report.writeHtml(report, "report.html"))
 * console.log(Report.summary(report)) // "31 targets: 30 pass, 0 fail, 1 n/a"
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { Effect, Schema } from "effect"
import * as Figures from "./Figures.js"
import * as Html from "./Html.js"
import type { DatasetNotFound, QueryFailed } from "./ReportError.js"
import * as Targets from "./Targets.js"

/** A computed report. */
export interface Report {
  readonly figures: Figures.Figures
  readonly targets: ReadonlyArray<Targets.Row>
}

/**
 * Writing the report failed.
 *
 * @category errors
 */
export class WriteFailed extends Schema.TaggedError<WriteFailed>()("WriteFailed", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `cannot write ${this.path}: ${this.reason}`
  }
}

/** Computes the figures of `dir` and evaluates the targets. */
export const make = (
  dir: string,
  options: Figures.Options = {}
): Effect.Effect<Report, DatasetNotFound | QueryFailed> =>
  Effect.map(Figures.compute(dir, options), (figures) => ({ figures, targets: Targets.evaluate(figures) }))

/** The report as JSON (non-finite numbers become `null`). */
export const json = (report: Report): string =>
  JSON.stringify(report, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)

/** The report as a self-contained HTML page. */
export const html = (report: Report): string => Html.render(report.figures, report.targets)

/** One line: how many targets pass, fail and are not measurable. */
export const summary = (report: Report): string => {
  const count = (s: Targets.Status) => report.targets.filter((t) => t.status === s).length
  return `${report.targets.length} targets: ${count("pass")} pass, ${count("fail")} fail, ${count("n/a")} n/a`
}

/** Writes `text` to `file` atomically (a temporary name, then a rename). */
export const write = (file: string, text: string): Effect.Effect<void, WriteFailed> =>
  Effect.try({
    try: () => {
      const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`)
      try {
        fs.writeFileSync(tmp, text)
        fs.renameSync(tmp, file)
      } catch (e) {
        fs.rmSync(tmp, { force: true })
        throw e
      }
    },
    catch: (e) => new WriteFailed({ path: file, reason: e instanceof Error ? e.message : String(e) })
  })

/** Writes the HTML page to `file`. */
export const writeHtml = (report: Report, file: string): Effect.Effect<void, WriteFailed> =>
  write(file, html(report))
