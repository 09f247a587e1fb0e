/**
 * The run's patterns as a shared service: the `"patterns"` plugin builds them once per shard (from
 * the run's seed and first day and the config's `patterns` overrides) and every plugin that needs
 * demand patterns depends on it and reads them with `ctx.service(PatternsService.Key)`, instead of
 * each building its own copy from a `patterns` option. It writes no table and keeps no state to
 * save: the patterns are a pure function of (seed, overrides).
 *
 * @example
 * import { Plugin } from "@retail-datagen/core"
 * import { PatternsService } from "@retail-datagen/patterns"
 * // register PatternsService.plugin({ overrides }) with the plugins, then in one of them:
 * const visits = Plugin.make({
 *   name: "visits",
 *   tables: [],
 *   dependsOn: [PatternsService.Key.name],
 *   init: (ctx) => ({ patterns: ctx.service(PatternsService.Key) }),
 *   step: (state, ctx) => (state.patterns.dayMultiplier(ctx.day), [])
 * })
 */
import { Plugin } from "@retail-datagen/core"
import type * as Overrides from "./Overrides.js"
import * as Patterns from "./Patterns.js"

/** The name of the plugin that provides the patterns. */
export const NAME = "patterns"

/** The typed key of the patterns service: `ctx.service(Key)` is the shard's `Patterns`. */
export const Key: Plugin.Key<"patterns", Patterns.Patterns> = Plugin.key<Patterns.Patterns>()(NAME)

/** Options of `plugin`. */
export interface Options {
  /** The config's decoded `patterns` section (default: the built-in patterns). */
  readonly overrides?: Overrides.PatternOverrides | undefined
}

/** The `"patterns"` plugin: no tables; its service is the patterns of the run's seed, built at `init`. */
export const plugin = (
  options: Options = {}
): Plugin.FactPlugin<Patterns.Patterns, unknown, Patterns.Patterns, never> =>
  Plugin.make<Patterns.Patterns, unknown, Patterns.Patterns, never>({
    name: NAME,
    tables: [],
    dependsOn: [],
    init: (ctx) =>
      Patterns.make({
        seed: ctx.seed,
        start: ctx.start,
        ...(options.overrides === undefined ? {} : { overrides: options.overrides })
      }),
    step: () => [],
    service: (patterns) => patterns
  })
