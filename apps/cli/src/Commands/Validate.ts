/**
 * `validate DIR`: checks a dataset on disk (`DIR/master`, `DIR/facts`) against the data contract
 * (format and invariants I1–I7) and prints the report; violations make the command fail. The
 * store hours (holiday rules) come from `--config` when given, else from the configuration
 * recorded with the dataset (`facts/_config.json`), else from `config.json` or the defaults (with
 * a note saying so).
 */

import type { Config } from "@retail-datagen/config"
import { Generator } from "@retail-datagen/generator"
import { Report, type Validate } from "@retail-datagen/validation"
import { Console, Effect } from "effect"
import { Violations } from "../Failure.js"
import * as Plan from "../Plan.js"

export interface ValidateOptions {
  readonly dir: string
  /** Print the report as JSON. */
  readonly json: boolean
  /**
   * Config file whose patterns give the holiday store hours (default: the dataset's
   * `facts/_config.json`, else as for the other commands).
   */
  readonly config?: string | undefined
}

/** Validates `dir`, prints the report, fails with `Violations` when there are any. */
export const validate = (
  options: ValidateOptions
): Effect.Effect<Report.Report, Config.ConfigError | Validate.DatasetNotFound | Violations> =>
  Effect.gen(function* () {
    const recorded = options.config === undefined ? yield* Generator.datasetConfig(options.dir) : undefined
    const { config, source } =
      recorded !== undefined ? { config: recorded, source: "" } : yield* Plan.loadConfig(options.config)
    const report = yield* Generator.validateDirectory(options.dir, config)
    yield* Console.log(options.json ? Report.json(report) : Report.text(report))
    if (recorded === undefined && options.config === undefined && !options.json) {
      yield* Console.log(
        `note: no facts/${Generator.CONFIG_FILE} in ${options.dir}: store hours from the patterns of ${source}`
      )
    }
    if (!Report.ok(report)) {
      const violations = report.checks.reduce((n, c) => n + c.violations, 0)
      return yield* new Violations({
        dir: options.dir,
        violations,
        failed: Report.failed(report).map((id) => Report.NAMES[id])
      })
    }
    return report
  })
