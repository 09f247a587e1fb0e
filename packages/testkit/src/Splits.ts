/**
 * The determinism test every plugin needs: run the plugin on a small world in-process, on 2 and 3
 * worker threads, and as 2 and 3 shards joined by `merge`, and check that every fact file has the
 * same bytes. A plugin that draws its randomness from anything but (seed, plugin, keys), keeps
 * state across regions, or writes rows its shard does not own fails here with the first file that
 * differs.
 *
 * Plugins go to worker threads by module, so `plugins` are `config.plugins` entries (a specifier
 * or `{ module, options }`), resolved against `cwd`.
 *
 * @example
 * import { Effect } from "effect"
 * import { Splits } from "@retail-datagen/testkit"
 * const result = await Effect.runPromise(
 *   Splits.check({ plugins: ["./dist/index.js"], cwd: process.cwd(), builtIn: true })
 * )
 * result.runs // ["workers 1", "workers 2", "workers 3", "shards 2 + merge", "shards 3 + merge"]
 */
import * as fs from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"
import { Config } from "@retail-datagen/config"
import { Generator } from "@retail-datagen/generator"
import { Effect, Schema } from "effect"

/**
 * A small world with 3 DC regions (so 3 workers or shards each own one): 6 stores, 300
 * customers, 200 products, 200 receipts and 20 online orders a day.
 */
export const SMALL_WORLD = {
  seed: 11,
  volume: {
    stores: 6,
    dcs: 3,
    customers: 300,
    products: 200,
    geographies: 20,
    customers_per_day: 200,
    online_orders_per_day: 20,
    marketing_impressions_per_day: 200
  },
  dates: { start: "2024-03-01", end: "2024-03-02" }
} as const

/** Options of `check`. */
export interface Options {
  /** The plugin modules under test (`config.plugins` entries). */
  readonly plugins: ReadonlyArray<Config.PluginEntry>
  /** Base directory of relative module specifiers (default: the working directory). */
  readonly cwd?: string | undefined
  /** Run the built-in plugin families too (needed when the plugin reads receipts etc.); default false. */
  readonly builtIn?: boolean | undefined
  /** Changes to `SMALL_WORLD` (seed, volume, dates, output, …). */
  readonly config?: Config.Overrides | undefined
  /** Worker counts to compare (default 1, 2, 3; the first is the reference). */
  readonly workers?: ReadonlyArray<number> | undefined
  /** Shard counts to run and merge (default 2, 3). */
  readonly shards?: ReadonlyArray<number> | undefined
  /** Keep the runs under this directory (default: a temporary directory, removed afterwards). */
  readonly dir?: string | undefined
}

/** What the runs produced (all equal). */
export interface Result {
  /** The runs compared, in order (`workers 1`, …, `shards 2 + merge`, …). */
  readonly runs: ReadonlyArray<string>
  /** Data files per run. */
  readonly files: number
  /** Rows per table of the reference run. */
  readonly rows: Readonly<Record<string, number>>
}

/** Two ways of splitting the work gave different files. */
export class SplitsDiffer extends Schema.TaggedError<SplitsDiffer>()("SplitsDiffer", {
  /** The run that differs from the reference (`workers 2`, `shards 3 + merge`). */
  run: Schema.String,
  reference: Schema.String,
  /** The file (relative to the facts directory). */
  file: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.run} differs from ${this.reference}: ${this.file} ${this.reason} — the plugin's output depends on how the work is split (random streams keyed by shard, state shared across regions, or rows of stores its shard does not own)`
  }
}

/** Every data file under a facts directory (bookkeeping files starting with `_` left out) → bytes. */
export const dataFiles = (facts: string): Map<string, Buffer> => {
  const out = new Map<string, Buffer>()
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith("_")) continue
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.set(path.relative(facts, p).split(path.sep).join("/"), fs.readFileSync(p))
    }
  }
  if (fs.existsSync(facts)) walk(facts)
  return out
}

const compare = (
  reference: string,
  a: Map<string, Buffer>,
  run: string,
  b: Map<string, Buffer>
): Effect.Effect<void, SplitsDiffer> => {
  for (const [file, bytes] of a) {
    const other = b.get(file)
    if (other === undefined)
      return Effect.fail(new SplitsDiffer({ run, reference, file, reason: "is missing" }))
    if (!bytes.equals(other)) {
      return Effect.fail(
        new SplitsDiffer({
          run,
          reference,
          file,
          reason: `has other bytes (${other.length} vs ${bytes.length})`
        })
      )
    }
  }
  for (const file of b.keys()) {
    if (!a.has(file)) return Effect.fail(new SplitsDiffer({ run, reference, file, reason: "is extra" }))
  }
  return Effect.void
}

/** The configuration of one run under `dir`. */
export const configOf = (
  dir: string,
  options: Pick<Options, "plugins" | "config">
): Effect.Effect<Config.Config, Config.ConfigError> =>
  Effect.flatMap(
    Config.decode({
      ...SMALL_WORLD,
      paths: { master: path.join(dir, "master"), facts: path.join(dir, "facts") },
      plugins: options.plugins
    }),
    (base) => Config.merge(base, options.config ?? {})
  )

/**
 * Runs the plugins every way and compares the fact files with the first worker count's. Fails
 * with `SplitsDiffer` naming the run and the first file that differs, or with the run's error.
 */
export const check = (
  options: Options
): Effect.Effect<
  Result,
  SplitsDiffer | Config.ConfigError | Generator.GenerateError | Generator.MergeError
> =>
  Effect.acquireUseRelease(
    Effect.sync(() =>
      options.dir === undefined
        ? { dir: fs.mkdtempSync(path.join(tmpdir(), "retail-datagen-testkit-")), temporary: true }
        : { dir: options.dir, temporary: false }
    ),
    ({ dir }) =>
      Effect.gen(function* () {
        const common = { cwd: options.cwd, builtIn: options.builtIn ?? false }
        const runs: Array<string> = []
        let reference: { run: string; files: Map<string, Buffer> } | undefined
        let rows: Readonly<Record<string, number>> = {}
        const record = (run: string, facts: string) => {
          runs.push(run)
          const files = dataFiles(facts)
          if (reference === undefined) {
            reference = { run, files }
            return Effect.void
          }
          return compare(reference.run, reference.files, run, files)
        }
        for (const workers of options.workers ?? [1, 2, 3]) {
          const config = yield* configOf(path.join(dir, `workers-${workers}`), options)
          const summary = yield* Generator.generate(config, { ...common, workers })
          if (reference === undefined) rows = summary.records
          yield* record(`workers ${workers}`, config.paths.facts)
        }
        for (const count of options.shards ?? [2, 3]) {
          const config = yield* configOf(path.join(dir, `shards-${count}`), options)
          for (let index = 0; index < count; index++) {
            yield* Generator.generate(config, { ...common, workers: 1, shard: { index, count } })
          }
          yield* Generator.merge(config, { cwd: options.cwd })
          yield* record(`shards ${count} + merge`, config.paths.facts)
        }
        return { runs, files: reference?.files.size ?? 0, rows }
      }),
    ({ dir, temporary }) =>
      Effect.sync(() => {
        if (temporary) fs.rmSync(dir, { recursive: true, force: true })
      })
  )
