/**
 * The set of fact-table plugins of a run, checked and put in step order.
 *
 * `make` validates the plugins (shape, unique plugin names, unique table names, every
 * `dependsOn` name registered, no cycles) and resolves a stable topological order: at each
 * position the earliest-registered plugin whose dependencies are all placed steps next. The same
 * plugins registered in the same order therefore always step in the same order.
 *
 * @example
 * import { Effect } from "effect"
 * import { Registry } from "@retail-datagen/engine"
 * import { visits, tills } from "./my-plugins.js"
 *
 * const registry = Effect.runSync(Registry.make([tills, visits]))
 * registry.plugins.map((p) => p.name) // ["visits", "tills"]
 */
import type { Plugin, Table } from "@retail-datagen/core"
import { Effect } from "effect"
import {
  DependencyCycle,
  DuplicatePlugin,
  DuplicateTable,
  InvalidPlugin,
  MissingDependency,
  type RegistryError
} from "./EngineError.js"
import { order } from "./internal/order.js"

/**
 * A plugin of any state and service type. `FactPlugin`'s methods are bivariant in their
 * parameters, so every `FactPlugin<S, Master, X>` is an `AnyPlugin<Master>`.
 */
export type AnyPlugin<Master = unknown> = Plugin.FactPlugin<unknown, Master, unknown>

/** Validated plugins in step order. Build it with `make`. */
export interface Registry<Master = unknown> {
  readonly _tag: "Registry"
  /** Plugins in registration order. */
  readonly registered: ReadonlyArray<AnyPlugin<Master>>
  /** Plugins in step order: every plugin comes after the plugins it depends on. */
  readonly plugins: ReadonlyArray<AnyPlugin<Master>>
  /** All tables, in step order (each plugin's tables in its own order). */
  readonly tables: ReadonlyArray<Table.Table>
}

/** Whether a value is a `Registry` (rather than a list of plugins). */
export const isRegistry = (u: unknown): u is Registry<unknown> =>
  typeof u === "object" && u !== null && (u as { _tag?: unknown })._tag === "Registry"

/**
 * Checks the plugins and orders them. Fails with `InvalidPlugin`, `DuplicatePlugin`,
 * `DuplicateTable`, `MissingDependency` (naming the plugin, the missing name and the registered
 * ones) or `DependencyCycle` (naming the cycle, e.g. `a → b → a` where `→` reads "depends on").
 */
export const make = <Master = unknown>(
  plugins: ReadonlyArray<AnyPlugin<Master>>
): Effect.Effect<Registry<Master>, RegistryError> =>
  Effect.suspend(() => {
    const error = validate(plugins)
    if (error !== undefined) return Effect.fail(error)
    const index = new Map(plugins.map((p, i) => [p.name, i]))
    const result = order(plugins.map((p) => p.dependsOn.map((d) => index.get(d)!)))
    if (result._tag === "Cycle") {
      const names = result.cycle.map((i) => plugins[i]!.name)
      return Effect.fail(new DependencyCycle({ cycle: [...names, names[0]!] }))
    }
    const sorted = result.order.map((i) => plugins[i]!)
    return Effect.succeed<Registry<Master>>({
      _tag: "Registry",
      registered: plugins.slice(),
      plugins: sorted,
      tables: sorted.flatMap((p) => p.tables)
    })
  })

/** The first problem of the plugin list, in registration order, or `undefined`. */
const validate = (plugins: ReadonlyArray<AnyPlugin<unknown>>): RegistryError | undefined => {
  for (const [i, p] of plugins.entries()) {
    const reason = shapeProblem(p)
    if (reason !== undefined) {
      const name = typeof p?.name === "string" && p.name !== "" ? p.name : `#${i}`
      return new InvalidPlugin({ plugin: name, reason })
    }
  }
  const names = new Set<string>()
  for (const p of plugins) {
    if (names.has(p.name)) return new DuplicatePlugin({ plugin: p.name })
    names.add(p.name)
  }
  const owner = new Map<string, string>()
  for (const p of plugins) {
    for (const t of p.tables) {
      const other = owner.get(t.name)
      if (other !== undefined) return new DuplicateTable({ table: t.name, plugins: [other, p.name] })
      owner.set(t.name, p.name)
    }
  }
  const registered = plugins.map((p) => p.name)
  for (const p of plugins) {
    const missing = p.dependsOn.find((d) => !names.has(d))
    if (missing !== undefined) return new MissingDependency({ plugin: p.name, missing, registered })
  }
  return undefined
}

const shapeProblem = (p: AnyPlugin<unknown> | undefined): string | undefined => {
  if (typeof p !== "object" || p === null) return "not an object"
  if (typeof p.name !== "string" || p.name === "") return "name must be a non-empty string"
  if (!Array.isArray(p.tables) || !p.tables.every((t) => typeof t?.name === "string")) {
    return "tables must be an array of tables"
  }
  if (!Array.isArray(p.dependsOn) || !p.dependsOn.every((d) => typeof d === "string")) {
    return "dependsOn must be an array of plugin names"
  }
  if (typeof p.init !== "function" || typeof p.step !== "function") return "init and step must be functions"
  if ((p.save === undefined) !== (p.restore === undefined)) return "save and restore must be defined together"
  return undefined
}
