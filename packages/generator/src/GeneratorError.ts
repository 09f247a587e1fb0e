/**
 * The errors of the generator, as data; each `message` is one sentence that names the path or
 * module involved and what to do. Errors of the layers below pass through unchanged: the
 * config's `ConfigError`, the master's `MasterSpecError`, the engine's `EngineError` /
 * `PipelineError` and the sinks' `SinkError`.
 *
 * @example
 * import { Effect } from "effect"
 * import { Generator } from "@retail-datagen/generator"
 * Generator.facts(config).pipe(Effect.catchTag("MasterMissing", (e) => Effect.logError(e.message)))
 */
import { Schema } from "effect"

/** `facts` needs master data on disk and found none. */
export class MasterMissing extends Schema.TaggedError<MasterMissing>()("MasterMissing", {
  /** The master directory (`paths.master`). */
  dir: Schema.String,
  /** The first expected file that is missing. */
  file: Schema.String
}) {
  override get message(): string {
    return `no master data in ${this.dir} (${this.file} not found); create it with \`retail-datagen master\`, or run \`retail-datagen generate\`, which creates it before the facts`
  }
}

/** The master data on disk was generated from another configuration than the one of this run. */
export class MasterMismatch extends Schema.TaggedError<MasterMismatch>()("MasterMismatch", {
  dir: Schema.String,
  /** What differs, e.g. `stores: 20 on disk, 10 now`. */
  reason: Schema.String
}) {
  override get message(): string {
    return `the master data in ${this.dir} was generated from another configuration (${this.reason}); regenerate it with \`retail-datagen master\` (or \`retail-datagen generate\`), or point paths.master elsewhere`
  }
}

/** A module named in `config.plugins` cannot be loaded or does not export fact plugins. */
export class PluginModuleError extends Schema.TaggedError<PluginModuleError>()("PluginModuleError", {
  specifier: Schema.String,
  reason: Schema.String,
  /** Index of the entry in `config.plugins`. */
  entry: Schema.optional(Schema.Number)
}) {
  override get message(): string {
    const where = this.entry === undefined ? "config plugins" : `config plugins[${this.entry}]`
    return `cannot load fact plugins from "${this.specifier}" (${where}): ${this.reason}`
  }
}

/** The `options` of a `plugins` entry do not match the module's `Plugin.factory` schema. */
export class PluginOptionsError extends Schema.TaggedError<PluginOptionsError>()("PluginOptionsError", {
  /** Where in the configuration: `plugins[1].options.rate`. */
  path: Schema.String,
  module: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.path}: ${this.reason} (options of plugin module "${this.module}")`
  }
}

/** An option of `generate` is not valid (a malformed date, an end before the start). */
export class InvalidOption extends Schema.TaggedError<InvalidOption>()("InvalidOption", {
  option: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `invalid option ${this.option}: ${this.reason}`
  }
}

/** Validation (`validate: true`) found violations of the data contract in the data just written. */
export class ValidationFailed extends Schema.TaggedError<ValidationFailed>()("ValidationFailed", {
  violations: Schema.Number,
  /** The failing checks, e.g. `I3 receipts`. */
  failed: Schema.Array(Schema.String),
  /** The full report as text (`Report.text`). */
  report: Schema.String
}) {
  override get message(): string {
    return `validation failed: ${this.violations} violation${this.violations === 1 ? "" : "s"} (${this.failed.join(", ")}); the files are written, see the report for examples`
  }
}

/** Every error of the generator's own. */
export type GeneratorError =
  | MasterMissing
  | MasterMismatch
  | PluginModuleError
  | PluginOptionsError
  | InvalidOption
  | ValidationFailed
