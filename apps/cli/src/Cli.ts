/**
 * The `retail-datagen` command tree (@effect/cli): flags and help text, wired to the handlers in
 * `Commands/`. `run(argv)` never fails: it prints errors through `Failure` and returns the exit code.
 */
import { Args, Command, HelpDoc, Options, Span, ValidationError } from "@effect/cli"
import type { Generator } from "@retail-datagen/generator"
import { Console, Effect, Either, Option } from "effect"
import { facts } from "./Commands/Facts.js"
import { type Context, generate } from "./Commands/Generate.js"
import { init } from "./Commands/Init.js"
import { master } from "./Commands/Master.js"
import { merge } from "./Commands/Merge.js"
import { report } from "./Commands/Report.js"
import { validate } from "./Commands/Validate.js"
import * as Failure from "./Failure.js"
import { version } from "./internal/version.js"
import * as Output from "./Output.js"
import * as Plan from "./Plan.js"
import * as Summary from "./Summary.js"

/** The program name, as installed by the package's `bin`. */
export const NAME = "retail-datagen"

/** The package version. */
export const VERSION = version

// ---------------------------------------------------------------------------------------------
// Flags
// ---------------------------------------------------------------------------------------------

/**
 * Flag values are parsed here rather than by @effect/cli's typed options, so that a bad value is
 * reported with the flag's name (@effect/cli prints the returned text itself and exits with 2).
 */
const badFlag = (flag: string, problem: string) =>
  ValidationError.invalidValue(HelpDoc.p(`error: --${flag}: ${problem}`))

const valueFlag = (name: string, pseudoName: string, description: string, alias?: string) => {
  const flag = Options.text(name).pipe(
    Options.withPseudoName(pseudoName),
    Options.withDescription(description)
  )
  return alias === undefined ? flag : flag.pipe(Options.withAlias(alias))
}

const integerFlag = (name: string, description: string) =>
  valueFlag(name, "N", description).pipe(
    Options.mapEffect((text) => {
      const n = Number(text)
      return /^\s*[+-]?\d+\s*$/.test(text) && Number.isSafeInteger(n)
        ? Effect.succeed(n)
        : Effect.fail(badFlag(name, `expected an integer, got "${text}"`))
    }),
    Options.optional
  )

const FORMATS = ["csv", "parquet"] as const

const workersFlag = valueFlag(
  "workers",
  "N",
  "Worker threads (default: the machine's cores but one — the main thread encodes and writes — at least 1; at most one per DC region; 1 runs in process). The files do not depend on it."
).pipe(
  Options.mapEffect((text) => {
    const n = Number(text)
    return /^\s*\d+\s*$/.test(text) && Number.isSafeInteger(n) && n >= 1
      ? Effect.succeed(n)
      : Effect.fail(badFlag("workers", `expected an integer ≥ 1, got "${text}"`))
  }),
  Options.optional
)

const shardFlag = valueFlag(
  "shard",
  "k/N",
  "Generate part k of N (DC regions k, k+N, …) as part files in the facts directory; only shard 1 writes the master files. Join the parts with `merge`."
).pipe(
  Options.mapEffect((text) =>
    Either.match(Plan.parseShard(text), {
      onLeft: (problem) => Effect.fail(badFlag("shard", problem)),
      onRight: Effect.succeed
    })
  ),
  Options.optional
)

const config = valueFlag(
  "config",
  "FILE",
  `Config file (JSON). Default: ./${Plan.DEFAULT_CONFIG_FILE} if it exists, else built-in defaults.`,
  "c"
).pipe(Options.optional)
const out = valueFlag(
  "out",
  "DIR",
  "Output directory: master data goes to DIR/master, facts to DIR/facts.",
  "o"
).pipe(Options.optional)
const start = valueFlag("start", "YYYY-MM-DD", "First day to generate (dates.start).").pipe(Options.optional)
const end = valueFlag("end", "YYYY-MM-DD", "Last day to generate, inclusive (dates.end).").pipe(
  Options.optional
)
const days = integerFlag("days", "Number of days from the start day, instead of --end.")
const format = valueFlag("format", "csv|parquet", "Output file format (output.format).").pipe(
  Options.mapEffect((text) => {
    const found = FORMATS.find((f) => f === text)
    return found === undefined
      ? Effect.fail(badFlag("format", `expected "csv" or "parquet", got "${text}"`))
      : Effect.succeed(found)
  }),
  Options.optional
)
const seed = integerFlag("seed", "Random seed (seed).")
const stores = integerFlag("stores", "Number of stores (volume.stores).")
const quiet = Options.boolean("quiet").pipe(
  Options.withAlias("q"),
  Options.withDescription("Print nothing but errors.")
)
const json = Options.boolean("json").pipe(Options.withDescription("Print the plan and summary as JSON."))
const force = Options.boolean("force").pipe(
  Options.withDescription(
    "Discard an existing dataset in the facts directory that this run cannot continue (other configuration, start day), and start over."
  )
)
const validateFlag = Options.boolean("validate").pipe(
  Options.withDescription("Check every day written against the data contract; violations fail the command.")
)
const onlyConfigPlugins = Options.boolean("only-config-plugins").pipe(
  Options.withDescription(
    "Register only the plugin modules of config.plugins, not the built-in plugin families."
  )
)

/** Flags that take a value (used to report a missing value by name). */
const VALUE_FLAGS = new Set([
  "--config",
  "-c",
  "--out",
  "-o",
  "--start",
  "--end",
  "--days",
  "--format",
  "--seed",
  "--stores",
  "--workers",
  "--shard"
])

/** A value flag at the end of the line or followed by another long flag is missing its value. */
const missingValue = (args: ReadonlyArray<string>): string | undefined => {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!VALUE_FLAGS.has(arg)) continue
    const next = args[i + 1]
    if (next === undefined || next.startsWith("--")) return arg
  }
  return undefined
}

const get = Option.getOrUndefined

// ---------------------------------------------------------------------------------------------
// Shared handler for the generation commands
// ---------------------------------------------------------------------------------------------

type Kind = "generate" | "master" | "facts"

interface Printing {
  readonly quiet: boolean
  readonly json: boolean
}

interface RunFlags {
  readonly force: boolean
  readonly validate: boolean
  readonly onlyConfigPlugins: boolean
}

const NO_RUN_FLAGS: RunFlags = { force: false, validate: false, onlyConfigPlugins: false }

/**
 * Resolves flags to a plan, prints it, runs `work` with progress output, prints the summary
 * (or, with `--json`, one JSON document). A failed validation prints its report first.
 */
const runPlanned = (
  kind: Kind,
  flags: Plan.Flags,
  output: Printing,
  run: RunFlags,
  work: (plan: Plan.Plan, context: Context) => Effect.Effect<Summary.Summary, Generator.GenerateError>
) =>
  Effect.gen(function* () {
    const plan = Plan.make(yield* Plan.resolve(flags))
    const parts = { master: kind !== "facts", facts: kind !== "master" }
    if (!output.quiet && !output.json) yield* Console.log(Plan.describe(plan, parts).join("\n"))
    const progress = Output.reporter(Output.mode(output))
    const context: Context = { ...run, startGiven: flags.start !== undefined, onEvent: progress.onEvent }
    const summary = yield* work(plan, context).pipe(
      Effect.ensuring(progress.finish),
      Effect.tapError((e) =>
        e._tag !== "ValidationFailed"
          ? Effect.void
          : output.json
            ? Console.log(
                JSON.stringify(
                  { command: kind, plan: Plan.toJson(plan), ok: false, validation: e.report },
                  null,
                  2
                )
              )
            : Console.error(e.report)
      )
    )
    if (output.json) {
      yield* Console.log(
        JSON.stringify({ command: kind, plan: Plan.toJson(plan), ...Summary.toJson(summary) }, null, 2)
      )
    } else if (!output.quiet) {
      yield* Console.log(Summary.describe(summary).join("\n"))
    }
  })

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

const initCommand = Command.make(
  "init",
  {
    out: valueFlag("out", "FILE", "File to write.", "o").pipe(Options.withDefault(Plan.DEFAULT_CONFIG_FILE)),
    force: Options.boolean("force").pipe(
      Options.withAlias("f"),
      Options.withDescription("Overwrite an existing file.")
    )
  },
  (flags) =>
    init(flags).pipe(Effect.flatMap((path) => Console.log(`wrote the default configuration to ${path}`)))
).pipe(Command.withDescription("Write the default configuration (every field) as JSON."))

const generateCommand = Command.make(
  "generate",
  {
    config,
    out,
    start,
    end,
    days,
    format,
    seed,
    stores,
    workers: workersFlag,
    shard: shardFlag,
    force,
    validate: validateFlag,
    onlyConfigPlugins,
    quiet,
    json
  },
  (f) =>
    runPlanned(
      "generate",
      {
        config: get(f.config),
        out: get(f.out),
        start: get(f.start),
        end: get(f.end),
        days: get(f.days),
        format: get(f.format),
        seed: get(f.seed),
        stores: get(f.stores),
        workers: get(f.workers),
        shard: get(f.shard)
      },
      f,
      f,
      generate
    )
).pipe(Command.withDescription("Generate master data and fact tables for the configured period."))

const masterCommand = Command.make("master", { config, out, start, format, seed, quiet, json }, (f) =>
  runPlanned(
    "master",
    { config: get(f.config), out: get(f.out), start: get(f.start), format: get(f.format), seed: get(f.seed) },
    f,
    NO_RUN_FLAGS,
    master
  )
).pipe(Command.withDescription("Generate master data only (stores, DCs, trucks, customers, products, …)."))

const factsCommand = Command.make(
  "facts",
  {
    config,
    out,
    start,
    end,
    days,
    format,
    workers: workersFlag,
    shard: shardFlag,
    force,
    validate: validateFlag,
    onlyConfigPlugins,
    quiet,
    json
  },
  (f) =>
    runPlanned(
      "facts",
      {
        config: get(f.config),
        out: get(f.out),
        start: get(f.start),
        end: get(f.end),
        days: get(f.days),
        format: get(f.format),
        workers: get(f.workers),
        shard: get(f.shard)
      },
      f,
      f,
      facts
    )
).pipe(Command.withDescription("Generate fact tables for a period, reading existing master data."))

const validateCommand = Command.make(
  "validate",
  {
    dir: Args.directory({ name: "DIR", exists: "either" }).pipe(
      Args.withDescription("Dataset root: DIR/master and DIR/facts (e.g. data).")
    ),
    config,
    json: Options.boolean("json").pipe(Options.withDescription("Print the report as JSON."))
  },
  (f) => Effect.asVoid(validate({ dir: f.dir, json: f.json, config: get(f.config) }))
).pipe(
  Command.withDescription(
    "Check a dataset on disk against the data contract (format, invariants I1–I7); exit 1 on violations."
  )
)

const reportCommand = Command.make(
  "report",
  {
    dir: Args.directory({ name: "DIR", exists: "either" }).pipe(
      Args.withDescription("Dataset root: DIR/master and DIR/facts (CSV or Parquet), e.g. data.")
    ),
    out: valueFlag(
      "out",
      "FILE",
      "HTML file to write (default: DIR/report.html; with --json, only when given).",
      "o"
    ).pipe(Options.optional),
    json: Options.boolean("json").pipe(
      Options.withDescription("Print the figures and every target row as JSON on stdout.")
    ),
    strict: Options.boolean("strict").pipe(
      Options.withDescription("Exit 1 when a behavioural target fails (for CI).")
    )
  },
  (f) => Effect.asVoid(report({ dir: f.dir, out: get(f.out), json: f.json, strict: f.strict }))
).pipe(
  Command.withDescription(
    HelpDoc.blocks([
      HelpDoc.p(
        "Measure a dataset on disk: daily receipts with holidays marked, weekday and hourly curves against their targets, month × department, segments, basket sizes, store choice, conversion, stock-outs, truck lead times, marketing lift, tender and online fulfilment — and every behavioural target of the data contract as a row (measured, target, tolerance, pass/fail)."
      ),
      HelpDoc.p(
        "The HTML page is self-contained (inline SVG, no script, no network). Figures are computed with DuckDB in bounded memory."
      ),
      HelpDoc.p(Span.code(`${NAME} report data                       # writes data/report.html`)),
      HelpDoc.p(Span.code(`${NAME} report data --json > report.json  # the same figures for machines`))
    ])
  )
)

const mergeCommand = Command.make(
  "merge",
  {
    dir: Args.directory({ name: "DIR", exists: "either" }).pipe(
      Args.withDescription(
        "Dataset root whose DIR/facts holds the shards' part files (default: the config's paths.facts)."
      ),
      Args.optional
    ),
    config,
    force: Options.boolean("force").pipe(
      Options.withDescription(
        "Replace a _manifest.json in the facts directory that is not an earlier merge of these shards (e.g. a single run's)."
      )
    ),
    keepParts: Options.boolean("keep-parts").pipe(
      Options.withDescription(
        "Keep the part files, part manifests and shard states (to continue the shards later and merge again)."
      )
    ),
    quiet,
    json: Options.boolean("json").pipe(Options.withDescription("Print the summary as JSON."))
  },
  (f) =>
    Effect.asVoid(
      merge(
        {
          dir: get(f.dir),
          config: get(f.config),
          force: f.force,
          keepParts: f.keepParts,
          json: f.json,
          quiet: f.quiet
        },
        Output.mode(f)
      )
    )
).pipe(
  Command.withDescription(
    HelpDoc.blocks([
      HelpDoc.p(
        "Join the part files of a sharded run (generate/facts --shard k/N, every shard done, all writing into one DIR) into the files of a single run, byte for byte; then remove the parts."
      ),
      HelpDoc.p(
        "Example — three shards (e.g. three machines sharing DIR, or a Kubernetes Indexed Job), then the merge:"
      ),
      HelpDoc.p(Span.code(`${NAME} generate --config c.json --out data --shard 1/3`)),
      HelpDoc.p(Span.code(`${NAME} generate --config c.json --out data --shard 2/3`)),
      HelpDoc.p(Span.code(`${NAME} generate --config c.json --out data --shard 3/3`)),
      HelpDoc.p(Span.code(`${NAME} merge data`)),
      HelpDoc.p(
        "Only shard 1 writes the master files. A merged dataset cannot be continued: continue every shard (merge with --keep-parts), then merge again."
      )
    ])
  )
)

/** The root command with its subcommands. */
const command = Command.make(NAME).pipe(
  Command.withDescription(
    HelpDoc.blocks([
      HelpDoc.p("Deterministic, fast synthetic retail data: master data and daily fact tables."),
      HelpDoc.descriptionList([
        [Span.code("init"), HelpDoc.p("write the default configuration (every field) as JSON")],
        [Span.code("generate"), HelpDoc.p("generate master data and fact tables for the configured period")],
        [Span.code("master"), HelpDoc.p("generate master data only")],
        [Span.code("facts"), HelpDoc.p("generate fact tables for a period over existing master data")],
        [Span.code("validate"), HelpDoc.p("check a dataset on disk against the data contract")],
        [Span.code("merge"), HelpDoc.p("join the part files of a sharded run into a single run's files")],
        [
          Span.code("report"),
          HelpDoc.p("measure a dataset: HTML/JSON realism report with every behavioural target")
        ]
      ]),
      HelpDoc.p(`Run '${NAME} <command> --help' for the flags of a command.`)
    ])
  ),
  Command.withSubcommands([
    initCommand,
    generateCommand,
    masterCommand,
    factsCommand,
    validateCommand,
    mergeCommand,
    reportCommand
  ])
)

const footer = HelpDoc.blocks([
  HelpDoc.h1("EXAMPLES"),
  HelpDoc.p(Span.code(`${NAME} init`)),
  HelpDoc.p(Span.code(`${NAME} generate --stores 20 --start 2024-11-01 --days 30 --out out`)),
  HelpDoc.p(Span.code(`${NAME} facts --config my.json --start 2024-12-01 --end 2024-12-31 --format parquet`)),
  HelpDoc.p(Span.code(`${NAME} validate data`)),
  HelpDoc.p(
    Span.code(
      `${NAME} generate --out data --shard 2/3 --workers 2   # then, every shard done: ${NAME} merge data`
    )
  )
])

const cli = Command.run(command, {
  name: NAME,
  version: VERSION,
  summary: Span.text("synthetic retail data generator"),
  footer
})

/**
 * Runs the command line `argv` (as `process.argv`: runtime and script first). Succeeds with the
 * exit code; errors are printed to stderr as `error: …` lines, never with a stack trace.
 */
export const run = (argv: ReadonlyArray<string>) => {
  const args = argv.length <= 2 ? [...argv, "--help"] : argv
  const missing = missingValue(args.slice(2))
  const program =
    missing === undefined
      ? cli(args)
      : Effect.fail(new Failure.UsageError({ flag: missing, problem: "missing value" }))
  return program.pipe(
    Effect.as(Failure.ExitCode.ok as number),
    Effect.catchAllCause((cause) => {
      const report = Failure.report(cause)
      return (report.lines.length > 0 ? Console.error(Failure.render(report)) : Effect.void).pipe(
        Effect.as(report.exitCode)
      )
    })
  )
}
