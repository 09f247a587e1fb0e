/**
 * The one place where the fact-table plugins of a run are assembled from the configuration:
 * the built-in plugin families — the supply chain's `stock` (limits sales) and `inventory`
 * (store_inventory_txn, dc_inventory_txn, truck_moves) of `@retail-datagen/supply-chain`, the
 * shoppers and sensors of `@retail-datagen/customers` (receipts, receipt_lines, online_orders,
 * foot_traffic, ble_pings) and the `marketing` plugin of `@retail-datagen/marketing` — then the
 * modules named in `config.plugins`, then defaults for services nobody provides (the `"stock"`
 * plugin: `Stock.unlimited` when a plugin depends on `"stock"` and none is registered). A module
 * plugin named like a built-in one (`stock`, `inventory`, `marketing`) replaces it (a replaced
 * `stock` drops `inventory` too); the shoppers
 * use marketing exposure when a plugin named `"marketing"` is registered.
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
import { Sensors, Shoppers, Stock } from "@retail-datagen/customers"
import type { Registry } from "@retail-datagen/engine"
import * as Marketing from "@retail-datagen/marketing"
import { SupplyChain } from "@retail-datagen/supply-chain"
import { Effect } from "effect"
import { PluginModuleError } from "./GeneratorError.js"

/** A fact plugin of any state, master and service types. */
export type AnyPlugin = Registry.AnyPlugin

/** The name of the plugin that provides stock to sales. */
export const STOCK = "stock"

/** The package of the built-in shopper and sensor plugins. */
export const BUILT_IN = "@retail-datagen/customers"

/** The package of the built-in `stock` and `inventory` plugins. */
export const SUPPLY_CHAIN = "@retail-datagen/supply-chain"

/** The package of the built-in `marketing` plugin. */
export const MARKETING_PACKAGE = "@retail-datagen/marketing"

/** The name of the supply chain's plugin that writes the inventory ledgers and truck moves. */
export const INVENTORY = "inventory"

/** The name of the plugin that provides marketing exposure to the shoppers. */
export const MARKETING = "marketing"

/**
 * The options the built-in shopper plugins take from the configuration (`exposure` when a
 * `"marketing"` plugin is registered).
 */
export const shopperOptions = (config: Config.Config, exposure = false): Shoppers.Options => ({
  customersPerDay: config.volume.customers_per_day,
  itemsPerTicketMean: config.volume.items_per_ticket_mean,
  onlineOrdersPerDay: config.volume.online_orders_per_day,
  patterns: config.patterns,
  exposure
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

const reasonOf = (e: unknown): string => {
  const code = (e as { code?: unknown } | null)?.code
  if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") return "module not found"
  return e instanceof Error ? e.message.split("\n")[0]! : String(e)
}

/** The options the built-in `marketing` plugin takes from the configuration. */
export const marketingOptions = (config: Config.Config) => ({
  impressionsPerDay: config.volume.marketing_impressions_per_day,
  lift: config.marketing.lift,
  lookbackDays: config.marketing.lookback_days,
  patterns: config.patterns
})

const attempt = <A>(specifier: string, f: () => A): Effect.Effect<A, PluginModuleError> =>
  Effect.try({ try: f, catch: (e) => new PluginModuleError({ specifier, reason: reasonOf(e) }) })

/**
 * The built-in plugin families, in registration order: `stock` (supply chain), the shoppers
 * (`receipts` → receipts, receipt_lines; `online_orders`), the in-store `sensors` (foot_traffic,
 * ble_pings), `marketing` and `inventory` (store_inventory_txn, dc_inventory_txn, truck_moves);
 * the engine orders them by dependency. Truck count and capacity reach the supply chain through
 * the master data (`trucks_per_dc`, `truck_capacity_units`). `exclude` leaves out built-in
 * plugins by name (those a module replaces). Options a package rejects (e.g.
 * `items_per_ticket_mean` below 1) fail with a `PluginModuleError` naming the package and field.
 */
export const builtIn = (
  config: Config.Config,
  options: {
    readonly exclude?: ReadonlyArray<string> | undefined
    readonly exposure?: boolean | undefined
  } = {}
): Effect.Effect<ReadonlyArray<AnyPlugin>, PluginModuleError> =>
  Effect.gen(function* () {
    const exclude = new Set(options.exclude ?? [])
    // `inventory` runs on the supply chain's own stock model
    if (exclude.has(STOCK)) exclude.add(INVENTORY)
    const [stock, inventory] = yield* attempt(SUPPLY_CHAIN, () =>
      SupplyChain.plugins({ patterns: config.patterns })
    )
    const marketing = exclude.has(MARKETING)
      ? []
      : yield* attempt(MARKETING_PACKAGE, () => Marketing.plugins(marketingOptions(config)))
    const exposure = options.exposure ?? marketing.length > 0
    const shoppers = yield* attempt(BUILT_IN, () => [
      ...Shoppers.plugins(shopperOptions(config, exposure)),
      Sensors.plugin({ patterns: config.patterns })
    ])
    const all: ReadonlyArray<AnyPlugin> = [stock, ...shoppers, ...marketing, inventory]
    return all.filter((p) => !exclude.has(p.name))
  })

/** `Stock.unlimited`, the `"stock"` plugin that limits nothing. */
const unlimitedStock = (): AnyPlugin => Stock.unlimited

const isPath = (specifier: string): boolean =>
  specifier.startsWith("./") ||
  specifier.startsWith("../") ||
  specifier === "." ||
  path.isAbsolute(specifier) ||
  specifier.startsWith("file:")

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
  return needsStock && !hasStock ? [unlimitedStock(), ...plugins] : plugins
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
    const loaded: Array<AnyPlugin> = []
    for (const specifier of config.plugins) loaded.push(...(yield* load(specifier, options.cwd)))
    const names = loaded.map((p) => p.name)
    const exposure = names.includes(MARKETING) ? true : undefined
    const families = options.builtIn === false ? [] : yield* builtIn(config, { exclude: names, exposure })
    return withDefaults([...families, ...loaded])
  })
