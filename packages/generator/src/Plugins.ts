/**
 * The one place where the fact-table plugins of a run are assembled from the configuration:
 * the built-in plugin families (what `@retail-datagen/customers` exports), then the modules
 * named in `config.plugins`, then defaults for services nobody provides (the `"stock"` plugin:
 * `Stock.unlimited` of the customers package when a plugin depends on `"stock"` and none is
 * registered).
 *
 * A plugin module is any ES module whose `plugins` export, or else its `default` export, is an
 * array of `Plugin.FactPlugin`s. Relative specifiers (`./x.mjs`, `../lib/p.js`) and absolute
 * paths are resolved against `cwd`; bare specifiers (`@acme/retail-plugins`) are resolved as
 * this package would import them, then from `cwd`.
 *
 * @example
 * import { Effect } from "effect"
 * import { Config } from "@retail-datagen/config"
 * import { Plugins } from "@retail-datagen/generator"
 * const plugins = await Effect.runPromise(Plugins.fromConfig({ ...Config.defaults, plugins: ["./my-plugins.mjs"] }))
 */
import { createRequire } from "node:module"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import type { Config } from "@retail-datagen/config"
import * as Customers from "@retail-datagen/customers"
import type { Registry } from "@retail-datagen/engine"
import { Effect } from "effect"
import { PluginModuleError } from "./GeneratorError.js"

/** A fact plugin of any state, master and service types. */
export type AnyPlugin = Registry.AnyPlugin

/** The name of the plugin that provides stock to sales. */
export const STOCK = "stock"

/**
 * The knobs of the configuration the built-in plugin families read (their `plugins(options)`
 * factories take what they need from this object).
 */
export const familyOptions = (config: Config.Config) => ({
  seed: config.seed,
  customersPerDay: config.volume.customers_per_day,
  itemsPerTicketMean: config.volume.items_per_ticket_mean,
  onlineOrdersPerDay: config.volume.online_orders_per_day,
  marketingImpressionsPerDay: config.volume.marketing_impressions_per_day,
  truckCapacityUnits: config.volume.truck_capacity_units,
  patterns: config.patterns
})

const isPluginList = (u: unknown): u is ReadonlyArray<AnyPlugin> =>
  Array.isArray(u) &&
  u.every(
    (p) =>
      typeof p === "object" &&
      p !== null &&
      typeof (p as AnyPlugin).name === "string" &&
      Array.isArray((p as AnyPlugin).tables) &&
      typeof (p as AnyPlugin).init === "function" &&
      typeof (p as AnyPlugin).step === "function"
  )

/** The package of the built-in plugin families. */
export const BUILT_IN = "@retail-datagen/customers"

/**
 * The built-in plugin families: whatever `@retail-datagen/customers` provides through its
 * `plugins(options)` factory (none while that package exports no factory). A factory that
 * rejects the options fails with a `PluginModuleError` naming the package.
 */
export const builtIn = (
  config: Config.Config
): Effect.Effect<ReadonlyArray<AnyPlugin>, PluginModuleError> => {
  const module: Record<string, unknown> = Customers
  const factory = module.plugins
  if (typeof factory !== "function") return Effect.succeed([])
  return Effect.try({
    try: () => factory(familyOptions(config)) as unknown,
    catch: (e) => new PluginModuleError({ specifier: BUILT_IN, reason: reasonOf(e) })
  }).pipe(
    Effect.flatMap((list) =>
      isPluginList(list)
        ? Effect.succeed(list)
        : Effect.fail(
            new PluginModuleError({
              specifier: BUILT_IN,
              reason: "plugins(options) did not return fact plugins"
            })
          )
    )
  )
}

/** `Stock.unlimited` of the customers package, when it exports one. */
const unlimitedStock = (): AnyPlugin | undefined => {
  const module: Record<string, unknown> = Customers
  const stock = module.Stock as { readonly unlimited?: unknown } | undefined
  const unlimited = stock?.unlimited
  return isPluginList([unlimited]) ? (unlimited as AnyPlugin) : undefined
}

const isPath = (specifier: string): boolean =>
  specifier.startsWith("./") ||
  specifier.startsWith("../") ||
  specifier === "." ||
  path.isAbsolute(specifier) ||
  specifier.startsWith("file:")

const reasonOf = (e: unknown): string => {
  const code = (e as { code?: unknown } | null)?.code
  if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") return "module not found"
  return e instanceof Error ? e.message.split("\n")[0]! : String(e)
}

const importModule = async (specifier: string, cwd: string): Promise<Record<string, unknown>> => {
  if (isPath(specifier)) {
    const url = specifier.startsWith("file:") ? specifier : pathToFileURL(path.resolve(cwd, specifier)).href
    return (await import(url)) as Record<string, unknown>
  }
  try {
    return (await import(specifier)) as Record<string, unknown>
  } catch (first) {
    const code = (first as { code?: unknown } | null)?.code
    if (code !== "ERR_MODULE_NOT_FOUND") throw first
    let resolved: string
    try {
      resolved = createRequire(path.join(cwd, "package.json")).resolve(specifier)
    } catch {
      throw first
    }
    return (await import(pathToFileURL(resolved).href)) as Record<string, unknown>
  }
}

/** Loads the plugins of one module specifier. */
export const load = (
  specifier: string,
  cwd: string = process.cwd()
): Effect.Effect<ReadonlyArray<AnyPlugin>, PluginModuleError> =>
  Effect.tryPromise({
    try: () => importModule(specifier, cwd),
    catch: (e) => new PluginModuleError({ specifier, reason: reasonOf(e) })
  }).pipe(
    Effect.flatMap((module) => {
      const list = module.plugins ?? module.default
      if (list === undefined) {
        return Effect.fail(
          new PluginModuleError({
            specifier,
            reason: 'the module exports neither "plugins" nor a default export'
          })
        )
      }
      return isPluginList(list)
        ? Effect.succeed(list)
        : Effect.fail(
            new PluginModuleError({
              specifier,
              reason: "its export is not an array of fact plugins (objects with name, tables, init and step)"
            })
          )
    })
  )

/**
 * Completes a plugin list with the defaults for missing providers: `Stock.unlimited` as the
 * `"stock"` plugin when some plugin depends on `"stock"` and none is named so.
 */
export const withDefaults = (plugins: ReadonlyArray<AnyPlugin>): ReadonlyArray<AnyPlugin> => {
  const needsStock = plugins.some((p) => p.dependsOn.includes(STOCK))
  const hasStock = plugins.some((p) => p.name === STOCK)
  const stock = needsStock && !hasStock ? unlimitedStock() : undefined
  return stock === undefined ? plugins : [stock, ...plugins]
}

/** Options of `fromConfig`. */
export interface Options {
  /** Base directory of relative module specifiers (default: the working directory). */
  readonly cwd?: string | undefined
  /** Include the built-in plugin families (default true); false: only `config.plugins`. */
  readonly builtIn?: boolean | undefined
}

/**
 * Every fact plugin of a run: the built-in families, then each module of `config.plugins` in
 * order, completed by `withDefaults`. Fails with a `PluginModuleError` naming the first module
 * that cannot be loaded.
 */
export const fromConfig = (
  config: Config.Config,
  options: Options = {}
): Effect.Effect<ReadonlyArray<AnyPlugin>, PluginModuleError> =>
  Effect.gen(function* () {
    const list: Array<AnyPlugin> = options.builtIn === false ? [] : [...(yield* builtIn(config))]
    for (const specifier of config.plugins) list.push(...(yield* load(specifier, options.cwd)))
    return withDefaults(list)
  })
