/**
 * The run configuration of retail-datagen: one JSON document (DATA-CONTRACT §2 plus further
 * knobs) described by an effect `Schema`. Every field has a default, so `{}` is a valid
 * configuration; unknown keys and bad values are rejected with one line per problem naming the
 * key path, the expected type/range and the value found.
 *
 * @example
 * import { Config } from "@retail-datagen/config"
 * import { Effect } from "effect"
 *
 * const config = Effect.runSync(Config.decode({ volume: { stores: 50 } }))
 * config.volume.stores // 50
 * config.volume.dcs // 2 (default)
 */
import { createHash } from "node:crypto"
import { readFile } from "node:fs/promises"
import { Calendar } from "@retail-datagen/core"
import * as ShopperOptions from "@retail-datagen/customers/ShopperOptions"
import * as MarketingOptions from "@retail-datagen/marketing/MarketingOptions"
import * as MasterSpec from "@retail-datagen/master/MasterSpec"
import { Overrides as PatternOverrides } from "@retail-datagen/patterns"
import { Scenario } from "@retail-datagen/scenario"
import { Effect, type ParseResult, Schema, SchemaAST } from "effect"
import { annotation, leaves } from "./internal/ast.js"
import { expectedMessage, fromParseError } from "./internal/issues.js"
import { canonical, parse as parseJson } from "./internal/json.js"
import { deepMerge } from "./internal/merge.js"

// ---------------------------------------------------------------------------------------------
// Field helpers
// ---------------------------------------------------------------------------------------------

/** Annotation holding the human "expected …" text of a leaf (also the type column of the docs). */
const ExpectedId: unique symbol = Symbol.for("@retail-datagen/config/Expected")

interface LeafSpec<A> {
  /** What a valid value is, completing "expected …", e.g. "an integer ≥ 1". */
  readonly expected: string
  readonly description: string
  readonly default: A
  /** false for containers, so that errors inside (e.g. one array element) keep their own message. */
  readonly override?: boolean
}

const leaf = <A, I>(schema: Schema.Schema<A, I>, spec: LeafSpec<NoInfer<A>>) =>
  Schema.optionalWith(
    schema.annotations({
      [ExpectedId]: spec.expected,
      description: spec.description,
      default: spec.default,
      message: (issue: ParseResult.ParseIssue) => ({
        message: expectedMessage(spec.expected, issue.actual),
        override: spec.override ?? true
      })
    }),
    { exact: true, default: () => spec.default }
  )

/** Sections report "expected an object" only when the value is not one; otherwise the inner issues speak. */
const objectMessage = (issue: ParseResult.ParseIssue) => ({
  message: expectedMessage("an object", issue.actual),
  override: typeof issue.actual !== "object" || issue.actual === null || Array.isArray(issue.actual)
})

const int = (min: number) => Schema.Int.pipe(Schema.greaterThanOrEqualTo(min))

const SPEC = MasterSpec.RULES
const SHOPPERS = ShopperOptions.RULES
const MARKETING = MarketingOptions.RULES

/** An inclusive range. */
export interface Range {
  readonly min: number
  readonly max: number
}

const range = (r: Range): Range => ({ min: r.min, max: r.max })

/**
 * The numeric limits of the generator, all checked here so that a value out of range is
 * reported with its file and key path before any work starts. Each comes from the package that
 * owns the behaviour (master data: `MasterSpec.RULES`; shoppers: `ShopperOptions.RULES`;
 * marketing: `MarketingOptions.RULES`), so the two checks cannot disagree. Inclusive.
 */
export const LIMITS = {
  stores: range(SPEC.stores),
  dcs: range(SPEC.dcs),
  customers: range(SPEC.customers),
  products: range(SPEC.products),
  /** The city dictionary of the master data has this many entries. */
  geographies: range(SPEC.geographies),
  trucks_per_dc: range(SPEC.trucksPerDc),
  truck_capacity_units: range(SPEC.truckCapacityUnits),
  /** `volume.stores × volume.products` (the store inventory snapshot grows with it). */
  storeProductPairs: { max: MasterSpec.MAX_STORE_PRODUCT_PAIRS },
  /** Years of `dates.start` (the master data's launch and snapshot dates are relative to it). */
  startYear: { min: Calendar.year(SPEC.startDate.min), max: Calendar.year(SPEC.startDate.max) },
  customers_per_day: range(SHOPPERS.customersPerDay),
  items_per_ticket_mean: range(SHOPPERS.itemsPerTicketMean),
  online_orders_per_day: range(SHOPPERS.onlineOrdersPerDay),
  marketing_impressions_per_day: range(MARKETING.impressionsPerDay),
  lift: range(MARKETING.lift),
  lookback_days: range(MARKETING.lookbackDays)
} as const

const thousands = (n: number): string => `${n}`.replace(/\B(?=(\d{3})+(?!\d))/g, ",")

/** An integer from `min` to `max`, with the expected text saying so. */
const bounded = (limit: { readonly min: number; readonly max: number }) => ({
  schema: Schema.Int.pipe(Schema.between(limit.min, limit.max)),
  expected: `an integer from ${thousands(limit.min)} to ${thousands(limit.max)}`
})

const nonEmpty = Schema.String.pipe(Schema.minLength(1))

const DateText = Schema.String.pipe(Schema.filter((s) => Calendar.isValid(s))).annotations({
  arbitrary: () => (fc) =>
    fc
      .integer({ min: Calendar.fromYmd(1990, 1, 1), max: Calendar.fromYmd(2099, 12, 31) })
      .map(Calendar.format)
})

const StartText = DateText.pipe(
  Schema.filter((s) => {
    const year = Number(s.slice(0, 4))
    return year >= LIMITS.startYear.min && year <= LIMITS.startYear.max
  })
)

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

const VolumeFields = Schema.Struct({
  stores: leaf(bounded(LIMITS.stores).schema, {
    expected: bounded(LIMITS.stores).expected,
    default: 10,
    description: "Number of stores."
  }),
  dcs: leaf(bounded(LIMITS.dcs).schema, {
    expected: bounded(LIMITS.dcs).expected,
    default: 2,
    description: "Number of distribution centers; at most `volume.stores` (every DC serves stores)."
  }),
  customers_per_day: leaf(int(LIMITS.customers_per_day.min), {
    expected: `an integer ≥ ${LIMITS.customers_per_day.min}`,
    default: 1000,
    description:
      "Chain-wide baseline in-store receipts per average day (before seasonal/holiday multipliers)."
  }),
  items_per_ticket_mean: leaf(
    Schema.Finite.pipe(
      Schema.greaterThanOrEqualTo(LIMITS.items_per_ticket_mean.min),
      Schema.lessThanOrEqualTo(LIMITS.items_per_ticket_mean.max)
    ),
    {
      expected: `a number ≥ ${LIMITS.items_per_ticket_mean.min} and ≤ ${LIMITS.items_per_ticket_mean.max}`,
      default: 4.2,
      description: "Mean number of lines per receipt."
    }
  ),
  online_orders_per_day: leaf(int(LIMITS.online_orders_per_day.min), {
    expected: `an integer ≥ ${LIMITS.online_orders_per_day.min}`,
    default: 100,
    description: "Chain-wide baseline online orders per average day."
  }),
  customers: leaf(bounded(LIMITS.customers).schema, {
    expected: bounded(LIMITS.customers).expected,
    default: 100_000,
    description: "Number of customers."
  }),
  products: leaf(bounded(LIMITS.products).schema, {
    expected: bounded(LIMITS.products).expected,
    default: 10_000,
    description: `Number of products; volume.stores × volume.products at most ${thousands(LIMITS.storeProductPairs.max)}.`
  }),
  geographies: leaf(bounded(LIMITS.geographies).schema, {
    expected: bounded(LIMITS.geographies).expected,
    default: 100,
    description: "Number of geographies (city/ZIP areas) stores, DCs and customers are placed in."
  }),
  trucks_per_dc: leaf(bounded(LIMITS.trucks_per_dc).schema, {
    expected: bounded(LIMITS.trucks_per_dc).expected,
    default: 8,
    description: "Trucks based at each DC."
  }),
  truck_capacity_units: leaf(bounded(LIMITS.truck_capacity_units).schema, {
    expected: bounded(LIMITS.truck_capacity_units).expected,
    default: 2400,
    description: "Units one truck carries per shipment."
  }),
  marketing_impressions_per_day: leaf(bounded(LIMITS.marketing_impressions_per_day).schema, {
    expected: bounded(LIMITS.marketing_impressions_per_day).expected,
    default: 5000,
    description: "Baseline ad impressions per average day."
  })
}).annotations({ message: objectMessage })

/** Sizes of the generated world and its daily baseline volumes. */
export const Volume = VolumeFields.pipe(
  Schema.filter((v) =>
    v.dcs > v.stores
      ? { path: ["dcs"], message: `expected at most volume.stores (${v.stores}), got ${v.dcs}` }
      : v.stores * v.products > LIMITS.storeProductPairs.max
        ? {
            path: ["products"],
            message: `expected at most ${thousands(Math.floor(LIMITS.storeProductPairs.max / v.stores))} with ${thousands(v.stores)} stores (volume.stores × volume.products at most ${thousands(LIMITS.storeProductPairs.max)}), got ${v.products}`
          }
        : undefined
  )
).annotations({ identifier: "Volume", description: "Sizes of the generated world and its daily volumes." })

/** @category models */
export interface Volume extends Schema.Schema.Type<typeof Volume> {}

const DatesFields = Schema.Struct({
  start: leaf(StartText, {
    expected: `a date YYYY-MM-DD from ${LIMITS.startYear.min}-01-01 to ${LIMITS.startYear.max}-12-31`,
    default: "2024-01-01",
    description: "First day of fact generation (inclusive)."
  }),
  end: leaf(DateText, {
    expected: "a date YYYY-MM-DD",
    default: "2024-01-30",
    description: "Last day of fact generation (inclusive); on or after `dates.start`."
  })
}).annotations({ message: objectMessage })

/** The generated period, both ends inclusive. */
export const Dates = DatesFields.pipe(
  Schema.filter((d) =>
    Calendar.parse(d.end) >= Calendar.parse(d.start)
      ? undefined
      : { path: ["end"], message: `expected a date on or after dates.start (${d.start}), got "${d.end}"` }
  )
).annotations({ identifier: "Dates", description: "The generated period, both ends inclusive." })

/** @category models */
export interface Dates extends Schema.Schema.Type<typeof Dates> {}

/** File output settings. */
export const Output = Schema.Struct({
  format: leaf(Schema.Literal("csv", "parquet"), {
    expected: `"csv" or "parquet"`,
    default: "csv",
    description: "File format of master and fact tables."
  }),
  truth: leaf(Schema.Boolean, {
    expected: "true or false",
    default: false,
    description:
      "Also write the ground truth under facts/_truth/ (applied multipliers, expected visits, lost sales, marketing attribution; docs/ground-truth.md)."
  })
}).annotations({ identifier: "Output", description: "File output settings.", message: objectMessage })

/** @category models */
export interface Output extends Schema.Schema.Type<typeof Output> {}

/** Real-time streaming cadence. */
export const Realtime = Schema.Struct({
  emit_interval_ms: leaf(int(1), {
    expected: "an integer ≥ 1",
    default: 500,
    description: "Milliseconds between two emitted bursts when streaming."
  }),
  burst: leaf(int(1), { expected: "an integer ≥ 1", default: 100, description: "Events per emitted burst." })
}).annotations({
  identifier: "Realtime",
  description: "Real-time streaming cadence.",
  message: objectMessage
})

/** @category models */
export interface Realtime extends Schema.Schema.Type<typeof Realtime> {}

/** Where data is read from and written to. */
export const Paths = Schema.Struct({
  dict: leaf(nonEmpty, {
    expected: "a non-empty path",
    default: "data/dictionaries",
    description: "Directory of source dictionaries (names, geographies, products)."
  }),
  master: leaf(nonEmpty, {
    expected: "a non-empty path",
    default: "data/master",
    description: "Output directory of master (dimension) tables."
  }),
  facts: leaf(nonEmpty, {
    expected: "a non-empty path",
    default: "data/facts",
    description: "Output directory of fact tables (partitioned by day)."
  })
}).annotations({ identifier: "Paths", description: "Input and output directories.", message: objectMessage })

/** @category models */
export interface Paths extends Schema.Schema.Type<typeof Paths> {}

/** Event stream settings. */
export const Stream = Schema.Struct({
  hub: leaf(nonEmpty, {
    expected: "a non-empty name",
    default: "retail-events",
    description: "Name of the event hub / topic real-time events are sent to."
  })
}).annotations({ identifier: "Stream", description: "Event stream settings.", message: objectMessage })

/** @category models */
export interface Stream extends Schema.Schema.Type<typeof Stream> {}

/** How marketing exposure changes shopper behaviour. */
export const Marketing = Schema.Struct({
  lift: leaf(Schema.Finite.pipe(Schema.between(LIMITS.lift.min, LIMITS.lift.max)), {
    expected: `a number ≥ ${LIMITS.lift.min} and ≤ ${LIMITS.lift.max}`,
    default: 1.3,
    description: "Visit-probability multiplier of a customer who saw a campaign within the lookback window."
  }),
  lookback_days: leaf(bounded(LIMITS.lookback_days).schema, {
    expected: bounded(LIMITS.lookback_days).expected,
    default: 7,
    description: "Days an ad impression keeps lifting the customer's visits."
  })
}).annotations({ identifier: "Marketing", description: "Marketing effect settings.", message: objectMessage })

/** @category models */
export interface Marketing extends Schema.Schema.Type<typeof Marketing> {}

const section = <A, I>(schema: Schema.Schema<A, I>) =>
  Schema.optionalWith(schema, { exact: true, default: () => Schema.decodeUnknownSync(schema)({}) })

/** How unknown keys and multiple problems are handled: rejected, and all reported. */
const parseOptions: SchemaAST.ParseOptions = { errors: "all", onExcessProperty: "error" }

/** A `plugins` entry with options for the module's `Plugin.factory`. */
export const PluginWithOptions = Schema.Struct({
  module: nonEmpty.annotations({ message: pluginMessage }),
  options: Schema.optionalWith(
    Schema.Record({
      // `__proto__` would set the options object's prototype instead of a key: refused
      key: Schema.String.pipe(Schema.filter((k) => k !== "__proto__")),
      value: Schema.Unknown.annotations({
        arbitrary: () => (fc) => fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown)
      })
    }),
    { exact: true }
  )
}).annotations({ parseOptions })

/** One `plugins` entry: a module specifier, or `{ module, options }`. */
export const PluginEntry = Schema.Union(nonEmpty, PluginWithOptions).annotations({ message: entryMessage })
export type PluginEntry = typeof PluginEntry.Type

/** The module specifier of a `plugins` entry. */
export const pluginModule = (entry: PluginEntry): string => (typeof entry === "string" ? entry : entry.module)

/**
 * The configuration schema. Decoding fills in defaults and checks ranges and cross-field rules;
 * encoding gives the JSON document back.
 */
export const Config = Schema.Struct({
  seed: leaf(Schema.Int, {
    expected: "an integer",
    default: 42,
    description: "Seed of every random stream: same config + seed ⇒ same output."
  }),
  volume: section(Volume),
  dates: section(Dates),
  output: section(Output),
  realtime: section(Realtime),
  paths: section(Paths),
  stream: section(Stream),
  marketing: section(Marketing),
  patterns: section(PatternOverrides.PatternOverrides),
  /** Absent for a baseline run; `generate --scenario FILE` sets it (docs/scenarios.md). */
  scenario: Schema.optionalWith(Scenario.Scenario, { exact: true }),
  plugins: leaf(Schema.Array(PluginEntry), {
    expected: "an array of module specifiers",
    default: [],
    description:
      'Extra fact-table plugin modules to load: a specifier ("@acme/plugins", "./returns.mjs", relative to the config file) or { "module": specifier, "options": { … } } for a module exporting Plugin.factory.',
    override: false
  })
}).annotations({
  identifier: "Config",
  description: "retail-datagen run configuration.",
  message: objectMessage,
  parseOptions
})

function entryMessage(issue: ParseResult.ParseIssue) {
  const a = issue.actual
  const isObject = typeof a === "object" && a !== null && !Array.isArray(a)
  return {
    message: expectedMessage('a non-empty module specifier or { "module": …, "options": { … } }', a),
    override: !isObject
  }
}

function pluginMessage(issue: ParseResult.ParseIssue) {
  return { message: expectedMessage("a non-empty module specifier", issue.actual), override: true }
}

/**
 * A decoded configuration: every field present and valid.
 *
 * @category models
 */
export interface Config extends Schema.Schema.Type<typeof Config> {}

/**
 * The JSON form of a configuration: every field optional.
 *
 * @category models
 */
export type Encoded = Schema.Schema.Encoded<typeof Config>

type DeepPartial<A> =
  A extends ReadonlyArray<unknown>
    ? A
    : A extends object
      ? { readonly [K in keyof A]?: DeepPartial<A[K]> | undefined }
      : A

/**
 * Values to lay over a configuration (e.g. from command-line flags); `undefined` means "keep".
 *
 * @category models
 */
export type Overrides = DeepPartial<Encoded>

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * One problem: the key path (`volume.stores`, `plugins[1]`; empty for the whole document) and
 * what is wrong with it (`expected an integer ≥ 1, got -3`).
 *
 * @category errors
 */
export const Problem = Schema.Struct({ path: Schema.String, message: Schema.String })

/** @category errors */
export interface Problem extends Schema.Schema.Type<typeof Problem> {}

/**
 * A configuration that cannot be used: unreadable file, invalid JSON, bad values or unknown keys.
 * `source` names the file when there is one. The message has one line per problem:
 * `[<source>: ]<key path>: <what is wrong>`.
 *
 * @category errors
 */
export class ConfigError extends Schema.TaggedError<ConfigError>()("ConfigError", {
  source: Schema.optionalWith(Schema.String, { exact: true }),
  problems: Schema.Array(Problem)
}) {
  /** One line per problem. */
  get lines(): ReadonlyArray<string> {
    return this.problems.map((p) => {
      const where = [this.source ?? "", p.path].filter((s) => s !== "").join(": ")
      return where === "" ? p.message : `${where}: ${p.message}`
    })
  }

  override get message(): string {
    return this.lines.join("\n")
  }
}

const configError = (problems: ReadonlyArray<Problem>, source: string | undefined): ConfigError =>
  new ConfigError(source === undefined ? { problems } : { source, problems })

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

/**
 * The default configuration, every field populated (what `{}` decodes to).
 *
 * @category constructors
 */
export const defaults: Config = Schema.decodeUnknownSync(Config)({})

/** Options of {@link decode}. */
export interface DecodeOptions {
  /** Where the input came from (a file path), prefixed to every message line. */
  readonly source?: string | undefined
}

/**
 * Decodes a JSON-like value into a configuration, filling in defaults. Fails with a
 * {@link ConfigError} listing every problem.
 *
 * @example
 * import { Config } from "@retail-datagen/config"
 * import { Effect } from "effect"
 *
 * Effect.runSyncExit(Config.decode({ volume: { stores: -3 } }))
 * // fails: "volume.stores: expected an integer ≥ 1, got -3"
 *
 * @category decoding
 */
export const decode = (input: unknown, options?: DecodeOptions): Effect.Effect<Config, ConfigError> =>
  Schema.decodeUnknown(Config)(input, parseOptions).pipe(
    Effect.mapError((error) => configError(fromParseError(error, Config.ast), options?.source))
  )

/**
 * Decodes the text of a JSON document. A syntax error is reported with its line and column.
 *
 * @category decoding
 */
export const parse = (text: string, options?: DecodeOptions): Effect.Effect<Config, ConfigError> => {
  const parsed = parseJson(text)
  return parsed.ok
    ? decode(parsed.value, options)
    : Effect.fail(configError([{ path: "", message: parsed.message }], options?.source))
}

const readProblem = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code
  switch (code) {
    case "ENOENT":
      return "config file not found"
    case "EISDIR":
      return "is a directory, not a config file"
    case "EACCES":
    case "EPERM":
      return "cannot read config file (permission denied)"
    default:
      return `cannot read config file (${error instanceof Error ? error.message : String(error)})`
  }
}

/**
 * Reads and decodes a JSON config file. A missing or unreadable file and invalid JSON are
 * {@link ConfigError}s too, with the path as `source`.
 *
 * @category decoding
 */
export const load = (path: string): Effect.Effect<Config, ConfigError> =>
  Effect.tryPromise({
    try: () => readFile(path, "utf8"),
    catch: (error) => configError([{ path: "", message: readProblem(error) }], path)
  }).pipe(Effect.flatMap((text) => parse(text, { source: path })))

/**
 * Reads and decodes a scenario file (docs/scenarios.md). A missing file, invalid JSON and bad
 * interventions are {@link ConfigError}s with the path as `source`, one line per problem:
 * `scenario.json: interventions[2].factor: expected a number > 0 and ≤ 100, got -1`.
 *
 * @category decoding
 */
export const loadScenario = (path: string): Effect.Effect<Scenario.Scenario, ConfigError> =>
  Effect.tryPromise({
    try: () => readFile(path, "utf8"),
    catch: (error) =>
      configError([{ path: "", message: readProblem(error).replace("config file", "scenario file") }], path)
  }).pipe(Effect.flatMap((text) => parseScenario(text, { source: path })))

/**
 * Decodes the text of a scenario document (see {@link loadScenario}).
 *
 * @category decoding
 */
export const parseScenario = (
  text: string,
  options?: DecodeOptions
): Effect.Effect<Scenario.Scenario, ConfigError> => {
  const parsed = parseJson(text)
  if (!parsed.ok) return Effect.fail(configError([{ path: "", message: parsed.message }], options?.source))
  return decodeScenario(parsed.value, options)
}

/**
 * Decodes a JSON-like value into a scenario (see {@link loadScenario}); the problems' paths start
 * at the scenario document (`interventions[0].factor`).
 *
 * @category decoding
 */
export const decodeScenario = (
  input: unknown,
  options?: DecodeOptions
): Effect.Effect<Scenario.Scenario, ConfigError> =>
  Schema.decodeUnknown(Scenario.Scenario)(input, parseOptions).pipe(
    Effect.mapError((error) => configError(fromParseError(error, Scenario.Scenario.ast), options?.source))
  )

/**
 * The configuration with `scenario` applied: an empty scenario (no interventions) is the
 * baseline and leaves the configuration as it was, so its dataset is byte-identical to a run
 * without one. Store and DC ids are checked against `volume` (`source` names the scenario file
 * in the messages).
 *
 * @category combinators
 */
export const withScenario = (
  config: Config,
  scenario: Scenario.Scenario,
  options?: DecodeOptions
): Effect.Effect<Config, ConfigError> => {
  const problems = Scenario.checkWorld(scenario, config.volume)
  if (problems.length > 0) return Effect.fail(configError(problems, options?.source))
  if (Scenario.isEmpty(scenario)) {
    const { scenario: _, ...rest } = config
    return Effect.succeed(rest)
  }
  return Effect.succeed({ ...config, scenario })
}

/**
 * The configuration's scenario against the master data: brands it names that the master products
 * do not have (`scenario.interventions[1].brand: expected a brand of the master products …`).
 * Brands are generated with the master data, so this runs once the master data exists.
 *
 * @category combinators
 */
export const checkScenarioMaster = (
  config: Config,
  master: { readonly brands: ReadonlyArray<string> }
): Effect.Effect<void, ConfigError> => {
  if (config.scenario === undefined) return Effect.void
  const problems = Scenario.checkMaster(config.scenario, master)
  return problems.length === 0
    ? Effect.void
    : Effect.fail(
        configError(
          problems.map((p) => ({ ...p, path: `scenario.${p.path}` })),
          undefined
        )
      )
}

/**
 * The JSON form of a configuration (every field present).
 *
 * @category encoding
 */
export const encode = (config: Config): Encoded => Schema.encodeSync(Config)(config)

/**
 * Lays `overrides` over `config` (objects merge key by key, arrays and scalars replace, `undefined`
 * keeps) and re-validates the result, cross-field rules included.
 *
 * @example
 * import { Config } from "@retail-datagen/config"
 * import { Effect } from "effect"
 *
 * const c = Effect.runSync(Config.merge(Config.defaults, { volume: { stores: 40 }, seed: 7 }))
 * c.volume.stores // 40
 *
 * @category combinators
 */
export const merge = (config: Config, overrides: Overrides): Effect.Effect<Config, ConfigError> =>
  decode(deepMerge(encode(config), overrides))

/**
 * Pretty JSON (2-space indent, trailing newline) of a configuration, every field present, keys in
 * schema order.
 *
 * @category encoding
 */
export const toJson = (config: Config): string => `${JSON.stringify(encode(config), null, 2)}\n`

/**
 * A stable SHA-256 (hex) of a configuration: computed over canonical JSON (sorted keys, no
 * whitespace), so it does not depend on key order or formatting of the source file.
 *
 * @category encoding
 */
export const hash = (config: Config): string =>
  createHash("sha256")
    .update(canonical(encode(config)))
    .digest("hex")

// ---------------------------------------------------------------------------------------------
// Reference documentation
// ---------------------------------------------------------------------------------------------

/**
 * One documented field: dotted key, type/range, default (as JSON) and description.
 *
 * @category documentation
 */
export interface ReferenceRow {
  readonly key: string
  readonly type: string
  readonly default: string
  readonly description: string
}

const withoutArticle = (s: string): string => s.replace(/^(an?) /, "")

/**
 * Every leaf field of the schema, read from its annotations, in declaration order.
 *
 * @category documentation
 */
const patternsRow: ReferenceRow = {
  key: "patterns",
  type: "object (pattern overrides)",
  default: "{}",
  description:
    "Overrides of weekly, hourly, seasonal, holiday, weather and event patterns; see the patterns package README."
}

export const reference: ReadonlyArray<ReferenceRow> = leaves(Config.ast).flatMap(({ key, ast }, i, all) => {
  // The pattern overrides are a document of their own (@retail-datagen/patterns): one row here.
  if (key.startsWith("patterns.")) return all[i - 1]?.key.startsWith("patterns.") ? [] : [patternsRow]
  // The scenario has no default and a document of its own (docs/scenarios.md): no row.
  if (key.startsWith("scenario.")) return []
  return [
    {
      key,
      type: withoutArticle(annotation<string>(ast, ExpectedId) ?? "?"),
      default: JSON.stringify(annotation<unknown>(ast, SchemaAST.DefaultAnnotationId)),
      description: annotation<string>(ast, SchemaAST.DescriptionAnnotationId) ?? ""
    }
  ]
})

/**
 * The reference as a Markdown table (`key | type | default | description`).
 *
 * @category documentation
 */
export const referenceTable = (): string => {
  const cell = (s: string) => s.replace(/\|/g, "\\|")
  const rows = reference.map(
    (r) => `| \`${r.key}\` | ${cell(r.type)} | \`${cell(r.default)}\` | ${cell(r.description)} |`
  )
  return ["| key | type | default | description |", "|---|---|---|---|", ...rows].join("\n")
}
