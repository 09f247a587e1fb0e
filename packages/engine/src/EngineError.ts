/**
 * The errors of the engine, as data. Each carries the fields a user needs to fix the problem and
 * a one-line `message` that the CLI and the server print as is.
 *
 * @example
 * import { Effect } from "effect"
 * import { EngineError, Registry } from "@retail-datagen/engine"
 * const program = Registry.make([]).pipe(
 *   Effect.catchTag("MissingDependency", (e) => Effect.die(e.message))
 * )
 */
import { Calendar } from "@retail-datagen/core"
import { Schema } from "effect"

const list = (names: ReadonlyArray<string>): string => (names.length === 0 ? "none" : names.join(", "))

/** Two registered plugins share a name. */
export class DuplicatePlugin extends Schema.TaggedError<DuplicatePlugin>()("DuplicatePlugin", {
  plugin: Schema.String
}) {
  override get message(): string {
    return `plugin "${this.plugin}" is registered more than once`
  }
}

/** Two plugins (or one plugin twice) declare the same table. */
export class DuplicateTable extends Schema.TaggedError<DuplicateTable>()("DuplicateTable", {
  table: Schema.String,
  plugins: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return `table "${this.table}" is produced more than once (by ${this.plugins.map((p) => `"${p}"`).join(" and ")})`
  }
}

/** A plugin object does not have the shape of `Plugin.FactPlugin`. */
export class InvalidPlugin extends Schema.TaggedError<InvalidPlugin>()("InvalidPlugin", {
  plugin: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `plugin "${this.plugin}" is invalid: ${this.reason}`
  }
}

/** A plugin names, in `dependsOn`, a plugin that is not registered. */
export class MissingDependency extends Schema.TaggedError<MissingDependency>()("MissingDependency", {
  plugin: Schema.String,
  missing: Schema.String,
  registered: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return `plugin "${this.plugin}" depends on "${this.missing}", which is not registered (registered: ${list(this.registered)})`
  }
}

/** The `dependsOn` graph has a cycle; `cycle` lists it with its first plugin repeated at the end. */
export class DependencyCycle extends Schema.TaggedError<DependencyCycle>()("DependencyCycle", {
  cycle: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return `dependency cycle: ${this.cycle.join(" → ")}`
  }
}

/** A run option is out of range or inconsistent; `field` is its path in the options. */
export class InvalidRunOptions extends Schema.TaggedError<InvalidRunOptions>()("InvalidRunOptions", {
  field: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `invalid run option ${this.field}: ${this.reason}`
  }
}

/** Where in a plugin's life a failure happened. */
export const Phase = Schema.Literal("init", "restore", "service", "step", "save")
export type Phase = typeof Phase.Type

/**
 * A plugin threw, or returned batches that do not match its tables. `day` is absent for failures
 * outside the day loop (init, restore, service); `cause` holds what was thrown, if anything.
 */
export class PluginFailed extends Schema.TaggedError<PluginFailed>()("PluginFailed", {
  plugin: Schema.String,
  phase: Phase,
  day: Schema.optional(Schema.Number),
  reason: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {
  override get message(): string {
    const when = this.day === undefined ? "" : ` on ${Calendar.format(this.day)} (day ${this.day})`
    return `plugin "${this.plugin}" failed in ${this.phase}${when}: ${this.reason}`
  }
}

/** Errors found while building a registry. */
export type RegistryError =
  | DuplicatePlugin
  | DuplicateTable
  | InvalidPlugin
  | MissingDependency
  | DependencyCycle

/** Every error a run can fail with (besides those of the caller's own callbacks). */
export type EngineError = RegistryError | InvalidRunOptions | PluginFailed
