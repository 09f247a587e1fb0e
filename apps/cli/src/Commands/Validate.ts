/**
 * `validate DIR`: checks a dataset on disk (`DIR/master`, `DIR/facts`) against the data contract
 * (format and invariants I1–I7) and its own manifests (every listed file present with its rows,
 * bytes and sha256 — `--fast` skips the sha256 — and no stray file), then prints the report;
 * violations make the command fail. A directory that is not a dataset is a usage error (exit 2);
 * a dataset being written (a live writer lock) is refused unless `--allow-locked`. The store
 * hours (holiday rules) come from `--config` when given, else from the configuration recorded
 * with the dataset (`facts/_config.json`), else from `config.json` or the defaults (with a note
 * saying so). The plugin modules the dataset records (`facts/_config.json`) are loaded — relative
 * ones from the directory of `--config` when given, else from the working directory — and the
 * checks they ship run over their tables. On a terminal, progress goes to stderr (at most every
 * 100 ms).
 */

import type { Config } from "@retail-datagen/config"
import { Generator, type GeneratorError, type Lock } from "@retail-datagen/generator"
import { Report, type Validate } from "@retail-datagen/validation"
import { Console, Effect, Schema } from "effect"
import { Violations } from "../Failure.js"
import { REDRAW_MS } from "../Output.js"
import * as Plan from "../Plan.js"
import { size } from "../Summary.js"

export interface ValidateOptions {
  readonly dir: string
  /** Print the report as JSON. */
  readonly json: boolean
  /**
   * Config file whose patterns give the holiday store hours (default: the dataset's
   * `facts/_config.json`, else as for the other commands).
   */
  readonly config?: string | undefined
  /** Skip the sha256 of every file (rows and bytes are still compared with the manifests). */
  readonly fast?: boolean | undefined
  /** Validate a dataset that a writer holds (the days being written may be incomplete). */
  readonly allowLocked?: boolean | undefined
}

/**
 * The dataset is being written and `--allow-locked` was not given.
 *
 * @category errors
 */
export class DatasetBusy extends Schema.TaggedError<DatasetBusy>()("DatasetBusy", {
  /** The lock's own message (who writes, since when). */
  locked: Schema.String
}) {
  override get message(): string {
    return `${this.locked}; to check the files written so far anyway, add --allow-locked`
  }
}

/** A progress line on stderr when it is a terminal, redrawn at most every `REDRAW_MS`. */
const progressLine = (enabled: boolean) => {
  let last = Number.NEGATIVE_INFINITY
  let shown = false
  return {
    onProgress: (p: Validate.Progress): void => {
      if (!enabled) return
      const now = Date.now()
      if (now - last < REDRAW_MS && p.files < p.totalFiles) return
      last = now
      const columns = (process.stderr.columns ?? 120) - 1
      const line = `validating ${p.files}/${p.totalFiles} files · ${size(p.bytes)} of ${size(p.totalBytes)} · ${p.file}`
      process.stderr.write(`\r\x1b[K${line.slice(0, columns)}`)
      shown = true
    },
    clear: Effect.sync(() => {
      if (shown) process.stderr.write("\r\x1b[K")
      shown = false
    })
  }
}

/** Validates `dir`, prints the report, fails with `Violations` when there are any. */
export const validate = (
  options: ValidateOptions
): Effect.Effect<
  Report.Report,
  | Config.ConfigError
  | Validate.DatasetNotFound
  | DatasetBusy
  | Violations
  | GeneratorError.PluginModuleError
  | GeneratorError.PluginOptionsError
> =>
  Effect.gen(function* () {
    const recorded =
      options.config === undefined
        ? yield* Generator.datasetConfig(options.dir)
        : yield* Effect.orElseSucceed(Generator.datasetConfig(options.dir), () => undefined)
    const { config, source, pluginBase } =
      recorded !== undefined && options.config === undefined
        ? { config: recorded, source: "", pluginBase: process.cwd() }
        : yield* Plan.loadConfig(options.config)
    const progress = progressLine(process.stderr.isTTY === true && !options.json)
    const report = yield* Generator.validateDirectory(options.dir, config, {
      fast: options.fast,
      allowLocked: options.allowLocked,
      onProgress: progress.onProgress,
      plugins: (recorded ?? config).plugins,
      cwd: pluginBase
    }).pipe(
      Effect.ensuring(progress.clear),
      Effect.catchTag("DatasetLocked", (e: Lock.DatasetLocked) =>
        Effect.fail(new DatasetBusy({ locked: e.message }))
      )
    )
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
