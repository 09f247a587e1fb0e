/**
 * From command-line flags to a validated configuration and the plan of a run: which config file
 * (explicit `--config`, else `./retail-datagen.json` if present, else built-in defaults), which flag
 * overrides, which days and output directories.
 *
 * @example
 * import { Plan } from "retail-datagen"
 * import { Effect, Either } from "effect"
 *
 * const plan = Effect.runPromise(
 *   Plan.resolve({ stores: 20, days: 7, out: "out" }).pipe(Effect.map(Plan.make))
 * )
 */
import { existsSync } from "node:fs"
import { dirname, join, resolve as resolvePath } from "node:path"
import { Config } from "@retail-datagen/config"
import { Calendar, type Plugin } from "@retail-datagen/core"
import { Generator } from "@retail-datagen/generator"
import { Effect, type Either } from "effect"
import { UsageError } from "./Failure.js"
import * as Names from "./internal/names.js"
import * as Shard from "./internal/shard.js"

/** The config file picked up from the working directory when `--config` is not given. */
export const DEFAULT_CONFIG_FILE = Names.DEFAULT_CONFIG_FILE

/** Flags that override the configuration; absent (`undefined`) flags keep the configured value. */
export interface Flags {
  readonly config?: string | undefined
  readonly out?: string | undefined
  readonly start?: string | undefined
  readonly end?: string | undefined
  readonly days?: number | undefined
  readonly format?: "csv" | "parquet" | undefined
  readonly seed?: number | undefined
  readonly stores?: number | undefined
  /** `--workers N`: worker threads (default: the machine's cores but one). */
  readonly workers?: number | undefined
  /** `--shard k/N`, as `{ index: k - 1, count: N }`. */
  readonly shard?: Plugin.Shard | undefined
  /** `--truth`: also write the ground truth (`true`; absent keeps `output.truth`). */
  readonly truth?: true | undefined
  /** `--scenario FILE`: what-if interventions (sets `scenario`; one without interventions changes nothing). */
  readonly scenario?: string | undefined
}

/**
 * Parses the text of `--shard`: `k/N` with `1 ≤ k ≤ N` (k is 1-based on the command line) →
 * `{ index: k - 1, count: N }`, or the problem as a sentence.
 *
 * @example
 * Plan.parseShard("2/3") // { _tag: "Right", right: { index: 1, count: 3 } }
 */
export const parseShard: (text: string) => Either.Either<Plugin.Shard, string> = Shard.parseShard

/** A validated configuration and where it came from. */
export interface Resolved {
  /** The config file read, or `built-in defaults`. */
  readonly source: string
  /** Base directory of relative plugin modules: the config file's directory (else the working directory). */
  readonly pluginBase: string
  readonly config: Config.Config
  /** `--workers`, when given. */
  readonly workers?: number | undefined
  /** `--shard`, when given. */
  readonly shard?: Plugin.Shard | undefined
}

/** Reads the configuration named by `--config` (or the default file, or the defaults). */
export const loadConfig = (
  file: string | undefined,
  cwd: string = process.cwd()
): Effect.Effect<Resolved, Config.ConfigError> => {
  if (file !== undefined) {
    return Config.load(resolvePath(cwd, file)).pipe(
      Effect.mapError((e) => relabel(e, new Map(), file)),
      Effect.map((config) => ({ source: file, pluginBase: dirname(resolvePath(cwd, file)), config }))
    )
  }
  const fallback = resolvePath(cwd, DEFAULT_CONFIG_FILE)
  if (existsSync(fallback)) {
    return Config.load(fallback).pipe(
      Effect.mapError((e) => relabel(e, new Map(), DEFAULT_CONFIG_FILE)),
      Effect.map((config) => ({ source: DEFAULT_CONFIG_FILE, pluginBase: dirname(fallback), config }))
    )
  }
  return Effect.succeed({
    source: "built-in defaults",
    pluginBase: resolvePath(cwd),
    config: Config.defaults
  })
}

/** Rewrites problem paths set by a flag as `--flag (key.path)` and shows the source as the user typed it. */
const relabel = (error: Config.ConfigError, flags: ReadonlyMap<string, string>, source?: string) =>
  new Config.ConfigError({
    ...(source === undefined ? {} : { source }),
    problems: error.problems.map((p) => {
      const flag = flags.get(p.path)
      return flag === undefined ? p : { path: `${flag} (${p.path})`, message: p.message }
    })
  })

/**
 * Loads the configuration and lays the flags over it, re-validating the result. Errors caused by
 * a flag name it: `--stores (volume.stores): expected an integer ≥ 1, got 0`.
 */
export const resolve = (
  flags: Flags,
  cwd: string = process.cwd()
): Effect.Effect<Resolved, Config.ConfigError | UsageError> =>
  Effect.gen(function* () {
    if (flags.end !== undefined && flags.days !== undefined) {
      return yield* new UsageError({ flag: "--days", problem: "cannot be used together with --end" })
    }
    if (flags.days !== undefined && flags.days < 1) {
      return yield* new UsageError({ flag: "--days", problem: `expected an integer ≥ 1, got ${flags.days}` })
    }
    if (flags.workers !== undefined && flags.workers < 1) {
      return yield* new UsageError({
        flag: "--workers",
        problem: `expected an integer ≥ 1, got ${flags.workers}`
      })
    }
    const run = { workers: flags.workers, shard: flags.shard }
    const loaded = yield* loadConfig(flags.config, cwd)
    const labels = new Map<string, string>()
    const set = <A>(flag: string, path: string, value: A | undefined): A | undefined => {
      if (value !== undefined) labels.set(path, flag)
      return value
    }
    const start = set("--start", "dates.start", flags.start)
    const effectiveStart = start ?? loaded.config.dates.start
    const end =
      flags.days !== undefined && Calendar.isValid(effectiveStart)
        ? set("--days", "dates.end", Calendar.format(Calendar.parse(effectiveStart) + flags.days - 1))
        : set("--end", "dates.end", flags.end)
    const overrides: Config.Overrides = {
      seed: set("--seed", "seed", flags.seed),
      volume: { stores: set("--stores", "volume.stores", flags.stores) },
      dates: { start, end },
      output: {
        format: set("--format", "output.format", flags.format),
        truth: set("--truth", "output.truth", flags.truth)
      },
      paths: {
        master: set("--out", "paths.master", flags.out === undefined ? undefined : join(flags.out, "master")),
        facts: set("--out", "paths.facts", flags.out === undefined ? undefined : join(flags.out, "facts"))
      }
    }
    const merged =
      labels.size === 0
        ? loaded.config
        : yield* Config.merge(loaded.config, overrides).pipe(Effect.mapError((e) => relabel(e, labels)))
    const config =
      flags.scenario === undefined
        ? merged
        : yield* Config.loadScenario(resolvePath(cwd, flags.scenario)).pipe(
            Effect.flatMap((scenario) => Config.withScenario(merged, scenario)),
            Effect.mapError((e) => relabel(e, new Map(), flags.scenario))
          )
    return { source: loaded.source, pluginBase: loaded.pluginBase, config, ...run }
  })

/** What a run will do, derived from a resolved configuration. */
export interface Plan {
  readonly source: string
  /** Base directory of relative plugin modules (the config file's directory). */
  readonly pluginBase: string
  readonly config: Config.Config
  readonly seed: number
  readonly start: string
  readonly end: string
  readonly days: number
  readonly stores: number
  readonly dcs: number
  readonly format: "csv" | "parquet"
  readonly masterDir: string
  readonly factsDir: string
  readonly plugins: ReadonlyArray<string>
  /** `--workers`, when given (the generator's default otherwise: the machine's cores but one, 1 for a small run). */
  readonly workersRequested: number | undefined
  /** Worker threads the run will use (`Generator.workersFor`). */
  readonly workers: number
  /** The part of the work (`{ index: 0, count: 1 }`: all of it). */
  readonly shard: Plugin.Shard
  /** The DC regions of the shard (0-based). */
  readonly regions: ReadonlyArray<number>
  /**
   * SHA-256 of what in the configuration determines the data (`Generator.configHash`: seed,
   * volume, output, patterns, plugins — not dates or paths): the hash the facts manifest records.
   */
  readonly configHash: string
}

/** The plan of a resolved configuration. */
export const make = ({ source, pluginBase, config, workers, shard = WHOLE }: Resolved): Plan => ({
  source,
  pluginBase,
  config,
  seed: config.seed,
  start: config.dates.start,
  end: config.dates.end,
  days: Calendar.parse(config.dates.end) - Calendar.parse(config.dates.start) + 1,
  stores: config.volume.stores,
  dcs: config.volume.dcs,
  format: config.output.format,
  masterDir: config.paths.master,
  factsDir: config.paths.facts,
  plugins: config.plugins.map(Config.pluginModule),
  workersRequested: workers,
  workers: Generator.workersFor({
    requested: workers,
    shard,
    dcs: config.volume.dcs,
    work: Generator.workOf(
      config.volume,
      Calendar.parse(config.dates.end) - Calendar.parse(config.dates.start) + 1,
      shard
    )
  }),
  shard,
  regions: Generator.regionsOf(shard, config.volume.dcs),
  configHash: Generator.configHash(config)
})

const WHOLE: Plugin.Shard = { index: 0, count: 1 }

/** `k/N` (1-based k) of a shard. */
export const shardText = (shard: Plugin.Shard): string => `${shard.index + 1}/${shard.count}`

/** `workers: 2 · shard 1/3 (regions 1, 4, 7, …)`: regions 1-based, the first three shown. */
export const workersLine = (plan: Plan): string => {
  const parts = [`${plan.workers}`]
  if (plan.shard.count > 1) {
    const shown = plan.regions.slice(0, 3).map((r) => r + 1)
    const regions =
      plan.regions.length === 0
        ? "no regions: empty files"
        : `region${plan.regions.length === 1 ? "" : "s"} ${shown.join(", ")}${plan.regions.length > 3 ? ", …" : ""}`
    parts.push(`shard ${shardText(plan.shard)} (${regions})`)
  }
  return `workers: ${parts.join(" · ")}`
}

/** Human-readable lines describing a plan. */
export const describe = (
  plan: Plan,
  parts: { readonly master: boolean; readonly facts: boolean }
): Array<string> => {
  const lines = [`config:  ${plan.source} (sha256 ${plan.configHash.slice(0, 12)})`, `seed:    ${plan.seed}`]
  lines.push(`stores:  ${plan.stores} in ${plan.dcs} DC regions`)
  if (parts.facts) lines.push(workersLine(plan))
  if (parts.facts)
    lines.push(`dates:   ${plan.start} .. ${plan.end} (${plan.days} day${plan.days === 1 ? "" : "s"})`)
  lines.push(`format:  ${plan.format}`)
  if (parts.master) lines.push(`master:  ${plan.masterDir}`)
  if (parts.facts) lines.push(`facts:   ${plan.factsDir}`)
  if (plan.plugins.length > 0) lines.push(`plugins: ${plan.plugins.join(", ")}`)
  const scenario = plan.config.scenario
  if (scenario !== undefined) {
    const n = scenario.interventions.length
    lines.push(`scenario: ${scenario.name ?? "unnamed"} (${n} intervention${n === 1 ? "" : "s"})`)
  }
  return lines
}

/** The plan as plain JSON (for `--json`): everything but the full config object. */
export const toJson = (plan: Plan): Record<string, unknown> => {
  const { config: _config, shard, workersRequested: _requested, ...rest } = plan
  return { ...rest, shard: shardText(shard) }
}
