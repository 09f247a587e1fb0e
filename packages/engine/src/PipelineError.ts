/**
 * Why a pipeline run cannot continue an existing dataset, as data. Each message is one sentence
 * naming the directory, what was found and how to proceed (continue, or `force` — `--overwrite` on
 * the command line — to discard the dataset and start over). I/O failures are the sinks'
 * `SinkError`.
 *
 * @example
 * import { Effect } from "effect"
 * import { Pipeline } from "@retail-datagen/engine"
 * Pipeline.run(options).pipe(Effect.catchTag("ManifestMismatch", (e) => Effect.logError(e.message)))
 */
import { Schema } from "effect"

/** The manifest or the saved states it points at cannot be read or decoded. */
export class ManifestUnreadable extends Schema.TaggedError<ManifestUnreadable>()("ManifestUnreadable", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `cannot resume from ${this.path}: ${this.reason}; use --overwrite (option force) to discard the dataset and start over`
  }
}

/** The dataset under `root` was produced by another configuration (or version, seed, format, plugins, shard). */
export class ManifestMismatch extends Schema.TaggedError<ManifestMismatch>()("ManifestMismatch", {
  root: Schema.String,
  /** What differs: `configHash`, `seed`, `format`, `toolVersion`, `tables` or `shard`. */
  field: Schema.String,
  found: Schema.String,
  expected: Schema.String
}) {
  override get message(): string {
    const what =
      this.field === "configHash"
        ? `another configuration (config hash ${this.found.slice(0, 12)} in its manifest, ${this.expected.slice(0, 12)} now)`
        : `a different ${this.field} (${this.found} in its manifest, ${this.expected} now)`
    return `the facts in ${this.root} were generated with ${what}; use --overwrite (option force) to discard them and start over, or choose another output directory`
  }
}

/** A plugin loaded from a module has other code (or version) than the one that made the dataset. */
export class PluginChanged extends Schema.TaggedError<PluginChanged>()("PluginChanged", {
  root: Schema.String,
  plugin: Schema.String,
  module: Schema.String,
  /** `version code-hash` in the manifest, and now (`absent` when the plugin was not there). */
  found: Schema.String,
  expected: Schema.String
}) {
  override get message(): string {
    return `the facts in ${this.root} were generated with other code of plugin "${this.plugin}" (module "${this.module}": ${this.found} in its manifest, ${this.expected} now); restore that code to continue, or use --overwrite (option force) to discard the facts and start over, or choose another output directory`
  }
}

/** The requested first day does not continue the dataset under `root`. */
export class RangeConflict extends Schema.TaggedError<RangeConflict>()("RangeConflict", {
  root: Schema.String,
  /** The dataset's first and last day, `YYYY-MM-DD`. */
  start: Schema.String,
  lastDay: Schema.String,
  /** The requested first day. */
  requested: Schema.String,
  /** The day a continuation starts on. */
  next: Schema.String
}) {
  override get message(): string {
    return `the facts in ${this.root} cover ${this.start} … ${this.lastDay}; a run starting ${this.requested} cannot continue them (continue from ${this.next} by omitting the start day, or use --overwrite (option force) to discard them and start over)`
  }
}

/** A file listed in the manifest is missing or has another size. */
export class DatasetDamaged extends Schema.TaggedError<DatasetDamaged>()("DatasetDamaged", {
  root: Schema.String,
  file: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `the facts in ${this.root} are damaged: ${this.file} ${this.reason}; use --overwrite (option force) to discard them and start over`
  }
}

/** Every error of a pipeline run besides the engine's and the sinks'. */
export type PipelineError =
  | ManifestUnreadable
  | ManifestMismatch
  | PluginChanged
  | RangeConflict
  | DatasetDamaged
