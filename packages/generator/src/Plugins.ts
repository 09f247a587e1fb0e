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
 * array of `Plugin.FactPlugin`s, or a `Plugin.factory` (options schema + `make`) that a
 * `{ "module": …, "options": { … } }` entry configures. Relative specifiers (`./x.mjs`,
 * `../lib/p.js`) are resolved against `cwd` — the CLI passes the config file's directory; bare
 * specifiers (`@acme/retail-plugins`) are looked up in the `node_modules` of `cwd` and its
 * parents (ESM `exports`: the `import`, `node` or `default` condition), then as this package
 * would import them (a global install next to the CLI). Every loaded module is identified by its
 * package version and a hash of its code (`Module`), which the dataset's manifest records.
 *
 * @example
 * import { Effect } from "effect"
 * import { Config } from "@retail-datagen/config"
 * import { Plugins } from "@retail-datagen/generator"
 * const plugins = await Effect.runPromise(Plugins.fromConfig({ ...Config.defaults, plugins: ["./my-plugins.mjs"] }))
 */
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { Config } from "@retail-datagen/config"
import { Plugin } from "@retail-datagen/core"
import { Sensors, Shoppers, Stock, Truth } from "@retail-datagen/customers"
import type { Registry } from "@retail-datagen/engine"
import * as Marketing from "@retail-datagen/marketing"
import { PatternsService } from "@retail-datagen/patterns"
import { SupplyChain } from "@retail-datagen/supply-chain"
import { Effect } from "effect"
import { PluginModuleError, PluginOptionsError } from "./GeneratorError.js"

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
  exposure,
  truth: config.output.truth,
  scenario: config.scenario
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

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message.split("\n")[0]! : String(e))

/** The options the built-in `marketing` plugin takes from the configuration. */
export const marketingOptions = (config: Config.Config) => ({
  impressionsPerDay: config.volume.marketing_impressions_per_day,
  lift: config.marketing.lift,
  lookbackDays: config.marketing.lookback_days,
  // the marketing plugin decodes its options: an absent scenario is left out, not undefined
  ...(config.scenario === undefined ? {} : { scenario: config.scenario })
})

const attempt = <A>(specifier: string, f: () => A): Effect.Effect<A, PluginModuleError> =>
  Effect.try({ try: f, catch: (e) => new PluginModuleError({ specifier, reason: reasonOf(e) }) })

/**
 * The built-in plugin families, in registration order: `patterns` (the shard's demand patterns,
 * `PatternsService`, read by the others), `stock` (supply chain), the shoppers
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
      // the supply chain decodes its options: an absent scenario is left out, not undefined
      SupplyChain.plugins(config.scenario === undefined ? {} : { scenario: config.scenario })
    )
    const marketing = exclude.has(MARKETING)
      ? []
      : yield* attempt(MARKETING_PACKAGE, () =>
          Marketing.plugins(marketingOptions(config), { attribution: config.output.truth })
        )
    const exposure = options.exposure ?? marketing.length > 0
    const shoppers = yield* attempt(BUILT_IN, () => [
      ...Shoppers.plugins(shopperOptions(config, exposure)),
      Sensors.plugin()
    ])
    const truth: ReadonlyArray<AnyPlugin> = config.output.truth ? [Truth.plugin as AnyPlugin] : []
    // the shard's demand patterns, built once and read by the plugins that depend on "patterns"
    const patterns = PatternsService.plugin({ overrides: config.patterns }) as AnyPlugin
    const all: ReadonlyArray<AnyPlugin> = [patterns, stock, ...shoppers, ...marketing, inventory, ...truth]
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

/** Conditions tried in a package's `exports`, in the package's own key order. */
const CONDITIONS = new Set(["import", "node", "default"])

const conditional = (target: unknown): string | undefined => {
  if (typeof target === "string") return target
  if (Array.isArray(target)) {
    for (const t of target) {
      const found = conditional(t)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (typeof target === "object" && target !== null) {
    for (const [key, value] of Object.entries(target)) {
      if (!CONDITIONS.has(key)) continue
      const found = conditional(value)
      if (found !== undefined) return found
    }
  }
  return undefined
}

/** The file a package's `exports` maps `subpath` (`.`, `./x`) to, for an ES module import. */
const exported = (exports: unknown, subpath: string): string | undefined => {
  if (typeof exports !== "object" || exports === null || Array.isArray(exports)) {
    return subpath === "." ? conditional(exports) : undefined
  }
  const map = exports as Record<string, unknown>
  const keys = Object.keys(map)
  if (keys.every((k) => !k.startsWith("."))) return subpath === "." ? conditional(map) : undefined
  if (Object.hasOwn(map, subpath)) return conditional(map[subpath])
  for (const key of keys) {
    const star = key.indexOf("*")
    if (star < 0) continue
    const [head, tail] = [key.slice(0, star), key.slice(star + 1)]
    if (subpath.startsWith(head) && subpath.endsWith(tail) && subpath.length >= key.length - 1) {
      return conditional(map[key])?.replace("*", subpath.slice(head.length, subpath.length - tail.length))
    }
  }
  return undefined
}

/** `@scope/name/sub` → `["@scope/name", "./sub"]`. */
const splitBare = (specifier: string): [string, string] => {
  const parts = specifier.split("/")
  const n = specifier.startsWith("@") ? 2 : 1
  const rest = parts.slice(n).join("/")
  return [parts.slice(0, n).join("/"), rest === "" ? "." : `./${rest}`]
}

/** A resolved module: its file and the package directory it belongs to, if any. */
interface Resolved {
  readonly file: string
  readonly packageDir: string | undefined
}

/** Finds a bare specifier in `node_modules` of `base` and its parents. */
const findInNodeModules = (specifier: string, base: string): Resolved | undefined => {
  const [name, subpath] = splitBare(specifier)
  for (let dir = path.resolve(base); ; dir = path.dirname(dir)) {
    const packageDir = path.join(dir, "node_modules", name)
    const manifest = path.join(packageDir, "package.json")
    if (fs.existsSync(manifest)) {
      const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as {
        exports?: unknown
        main?: unknown
      }
      let target: string | undefined
      if (pkg.exports !== undefined) {
        target = exported(pkg.exports, subpath)
        if (target === undefined) {
          throw new Error(
            `package ${name} (${packageDir}) exports no "${subpath}" for an ES module import (conditions import, node, default)`
          )
        }
      } else {
        target = subpath === "." ? (typeof pkg.main === "string" ? pkg.main : "index.js") : subpath
      }
      return { file: path.resolve(packageDir, target), packageDir }
    }
    if (path.dirname(dir) === dir) return undefined
  }
}

/** The package directory holding `file` (nearest `package.json` with a name), if any. */
const packageOf = (file: string): string | undefined => {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json")
    if (fs.existsSync(manifest)) {
      const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: unknown }
      return typeof pkg.name === "string" ? dir : undefined
    }
    if (path.dirname(dir) === dir) return undefined
  }
}

const resolveModule = (specifier: string, base: string): Resolved => {
  if (isPath(specifier)) {
    const file = specifier.startsWith("file:") ? fileURLToPath(specifier) : path.resolve(base, specifier)
    if (!fs.existsSync(file)) throw new Error(`module not found: ${file} does not exist`)
    return { file, packageDir: undefined }
  }
  const found = findInNodeModules(specifier, base)
  if (found !== undefined) return found
  let url: string
  try {
    url = import.meta.resolve(specifier)
  } catch {
    throw new Error(
      `module not found: no node_modules/${splitBare(specifier)[0]} in ${path.resolve(base)} or its parents, nor next to the generator`
    )
  }
  const file = fileURLToPath(url)
  return { file, packageDir: packageOf(file) }
}

const CODE = /\.(?:m?js|cjs|json|wasm|node)$/

/** Files of a package that make up its code (not `node_modules`, not dot directories), sorted. */
const codeFiles = (dir: string): Array<string> => {
  const out: Array<string> = []
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === "node_modules" || e.name.startsWith(".")) continue
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (CODE.test(e.name)) out.push(p)
    }
  }
  walk(dir)
  return out.sort()
}

/**
 * SHA-256 of a module's code: every code file of its package (relative path and bytes) when it
 * is a package, else the module file alone.
 */
const hashCode = (resolved: Resolved): string => {
  const h = createHash("sha256")
  const files = resolved.packageDir === undefined ? [resolved.file] : codeFiles(resolved.packageDir)
  const root = resolved.packageDir ?? path.dirname(resolved.file)
  for (const f of files) {
    h.update(path.relative(root, f).split(path.sep).join("/"))
    h.update("\0")
    h.update(fs.readFileSync(f))
    h.update("\0")
  }
  return h.digest("hex")
}

const versionOf = (packageDir: string | undefined): string => {
  if (packageDir === undefined) return ""
  const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
    version?: unknown
  }
  return typeof pkg.version === "string" ? pkg.version : ""
}

/** A loaded plugin module: where it came from, its identity, and its plugins. */
export interface Module {
  /** The specifier as the configuration wrote it. */
  readonly module: string
  /** Package version (`""` for a module outside a package). */
  readonly version: string
  /** SHA-256 of the module's code (its package's code files, or the module file). */
  readonly codeHash: string
  readonly plugins: ReadonlyArray<AnyPlugin>
}

const fail = (specifier: string, reason: string, entry?: number) =>
  new PluginModuleError({ specifier, reason, ...(entry === undefined ? {} : { entry }) })

const issuePath = (path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined): string => {
  let out = ""
  for (const seg of path ?? []) {
    const key = typeof seg === "object" ? seg.key : seg
    out += typeof key === "number" ? `[${key}]` : `.${String(key)}`
  }
  return out
}

/** Effect's "Expected …, actual x" in the configuration's words: "expected …, got x". */
const wording = (s: string): string =>
  (s.startsWith("Expected") ? `e${s.slice(1)}` : s).replace(/, actual (?=[^,]*$)/, ", got ")

/**
 * Loads one `plugins` entry (a specifier, or `{ module, options }`). `entry` is its index in
 * `config.plugins`, for error paths (`plugins[1].options.rate: expected …`).
 */
export const loadModule = (
  entry: Config.PluginEntry,
  cwd: string = process.cwd(),
  index?: number
): Effect.Effect<Module, PluginModuleError | PluginOptionsError> =>
  Effect.gen(function* () {
    const specifier = Config.pluginModule(entry)
    const options = typeof entry === "string" ? undefined : entry.options
    const resolved = yield* Effect.try({
      try: () => resolveModule(specifier, cwd),
      catch: (e) => fail(specifier, reasonOf(e), index)
    })
    const module = yield* Effect.tryPromise({
      try: () => import(pathToFileURL(resolved.file).href) as Promise<Record<string, unknown>>,
      catch: (e) => fail(specifier, `loading ${resolved.file} failed: ${reasonOf(e)}`, index)
    })
    const exported = module.plugins ?? module.default
    if (exported === undefined) {
      return yield* fail(specifier, 'the module exports neither "plugins" nor a default export', index)
    }
    const at = `plugins[${index ?? 0}].options`
    let plugins: unknown
    if (Plugin.isFactory(exported)) {
      const result = yield* Effect.promise(() =>
        Promise.resolve(exported.options["~standard"].validate(options ?? {}))
      )
      if (result.issues !== undefined) {
        const first = result.issues[0]
        return yield* new PluginOptionsError({
          path: `${at}${issuePath(first?.path)}`,
          module: specifier,
          reason: wording(first?.message ?? "invalid options")
        })
      }
      plugins = yield* Effect.try({
        try: () => exported.make(result.value),
        catch: (e) => fail(specifier, `its factory failed: ${reasonOf(e)}`, index)
      })
    } else {
      if (options !== undefined) {
        return yield* new PluginOptionsError({
          path: at,
          module: specifier,
          reason: "the module takes no options (it exports a plugin array, not a Plugin.factory)"
        })
      }
      plugins = exported
    }
    if (!isPluginList(plugins)) {
      return yield* fail(
        specifier,
        "its export is not an array of fact plugins (objects with name, tables, init and step) nor a Plugin.factory",
        index
      )
    }
    return {
      module: specifier,
      version: versionOf(resolved.packageDir),
      codeHash: hashCode(resolved),
      plugins
    }
  })

/** Loads the plugins of one module specifier (see `loadModule`). */
export const load = (
  specifier: Config.PluginEntry,
  cwd: string = process.cwd()
): Effect.Effect<ReadonlyArray<AnyPlugin>, PluginModuleError | PluginOptionsError> =>
  Effect.map(loadModule(specifier, cwd), (m) => m.plugins)

/**
 * Completes a plugin list with the defaults for missing providers: `Stock.unlimited` as the
 * `"stock"` plugin when some plugin depends on `"stock"` and none is named so, and the
 * `"patterns"` plugin (`PatternsService`, with `config`'s pattern overrides) likewise.
 */
export const withDefaults = (
  plugins: ReadonlyArray<AnyPlugin>,
  config?: Config.Config | undefined
): ReadonlyArray<AnyPlugin> => {
  const missing = (name: string) =>
    plugins.some((p) => p.dependsOn.includes(name)) && !plugins.some((p) => p.name === name)
  const stock = missing(STOCK) ? [unlimitedStock()] : []
  const patterns = missing(PatternsService.NAME)
    ? [PatternsService.plugin({ overrides: config?.patterns }) as AnyPlugin]
    : []
  return stock.length + patterns.length === 0 ? plugins : [...patterns, ...stock, ...plugins]
}

/** Options of `fromConfig`. */
export interface Options {
  /** Base directory of relative module specifiers (default: the working directory). */
  readonly cwd?: string | undefined
  /** Include the built-in plugin families (default true); false: only `config.plugins`. */
  readonly builtIn?: boolean | undefined
}

/** The plugins of a run and the modules they came from. */
export interface Assembled {
  readonly plugins: ReadonlyArray<AnyPlugin>
  /** The modules of `config.plugins`, in order. */
  readonly modules: ReadonlyArray<Module>
}

/**
 * Every fact plugin of a run with the modules they came from: the built-in families, then each
 * module of `config.plugins` in order, completed by `withDefaults`. Fails with a
 * `PluginModuleError` naming the first module that cannot be loaded (and why: not found, or the
 * error of its own import), or a `PluginOptionsError` naming the path of a bad option.
 */
export const assemble = (
  config: Config.Config,
  options: Options = {}
): Effect.Effect<Assembled, PluginModuleError | PluginOptionsError> =>
  Effect.gen(function* () {
    const modules: Array<Module> = []
    for (const [i, entry] of config.plugins.entries()) modules.push(yield* loadModule(entry, options.cwd, i))
    const loaded = modules.flatMap((m) => m.plugins)
    const names = loaded.map((p) => p.name)
    const exposure = names.includes(MARKETING) ? true : undefined
    const families = options.builtIn === false ? [] : yield* builtIn(config, { exclude: names, exposure })
    return { plugins: withDefaults([...families, ...loaded], config), modules }
  })

/** Every fact plugin of a run (see `assemble`). */
export const fromConfig = (
  config: Config.Config,
  options: Options = {}
): Effect.Effect<ReadonlyArray<AnyPlugin>, PluginModuleError | PluginOptionsError> =>
  Effect.map(assemble(config, options), (a) => a.plugins)
