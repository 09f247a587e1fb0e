/**
 * The `retail-datagen` command tree (@effect/cli): flags and help text, wired to the handlers in
 * `Commands/`. `run(argv)` never fails: it prints errors through `Failure` and returns the exit code.
 */
import {
  Args,
  CliConfig,
  Command,
  CommandDescriptor,
  HelpDoc,
  Options,
  Usage,
  ValidationError
} from "@effect/cli"
import type { Generator } from "@retail-datagen/generator"
import { Console, Effect, Either, Option } from "effect"
import type { Context } from "./Commands/Generate.js"
import * as Failure from "./Failure.js"
import * as Help from "./Help.js"
import { DEFAULT_CONFIG_FILE, NAME as PROGRAM } from "./internal/names.js"
import { parseShard } from "./internal/shard.js"
import { version } from "./internal/version.js"
import type * as Plan from "./Plan.js"
import type * as Summary from "./Summary.js"

/** The program name, as installed by the package's `bin`. */
export const NAME = PROGRAM

/** The package version. */
export const VERSION = version

// The work of each command is imported when the command runs: `--help` or `init` never load the
// generator, its worker threads or DuckDB.
const load = <A>(module: () => Promise<A>): Effect.Effect<A> => Effect.promise(module)

// ---------------------------------------------------------------------------------------------
// Flags (documented in Help.ts; built here from the same records)
// ---------------------------------------------------------------------------------------------

/**
 * Flag values are parsed here rather than by @effect/cli's typed options, so that a bad value is
 * reported with the flag's name (@effect/cli prints the returned text itself and exits with 2).
 */
const badFlag = (flag: string, problem: string) =>
  ValidationError.invalidValue(HelpDoc.p(`error: --${flag}: ${problem}`))

const withAliases = <A>(option: Options.Options<A>, flag: Help.Flag): Options.Options<A> =>
  (flag.aliases ?? []).reduce((o, alias) => o.pipe(Options.withAlias(alias)), option)

/** A flag that takes a value (text). */
const valueFlag = (flag: Help.Flag) =>
  withAliases(
    Options.text(flag.name).pipe(
      Options.withPseudoName(flag.value ?? "VALUE"),
      Options.withDescription(flag.text)
    ),
    flag
  )

/** A flag without a value. */
const switchFlag = (flag: Help.Flag) =>
  withAliases(Options.boolean(flag.name).pipe(Options.withDescription(flag.text)), flag)

const integerFlag = (flag: Help.Flag, min: number) =>
  valueFlag(flag).pipe(
    Options.mapEffect((text) => {
      const n = Number(text)
      return /^\s*[+-]?\d+\s*$/.test(text) && Number.isSafeInteger(n) && n >= min
        ? Effect.succeed(n)
        : Effect.fail(
            badFlag(
              flag.name,
              `expected an integer${min > Number.MIN_SAFE_INTEGER ? ` ≥ ${min}` : ""}, got "${text}"`
            )
          )
    }),
    Options.optional
  )

const FORMATS = ["csv", "parquet"] as const
const F = Help.FLAGS

const workersFlag = integerFlag(F.workers, 1)

const shardFlag = valueFlag(F.shard).pipe(
  Options.mapEffect((text) =>
    Either.match(parseShard(text), {
      onLeft: (problem) => Effect.fail(badFlag("shard", problem)),
      onRight: Effect.succeed
    })
  ),
  Options.optional
)

const config = valueFlag(F.config).pipe(Options.optional)
const scenario = valueFlag(F.scenario).pipe(Options.optional)
const out = valueFlag(F.out).pipe(Options.optional)
const start = valueFlag(F.start).pipe(Options.optional)
const masterStart = valueFlag(F.masterStart).pipe(Options.optional)
const end = valueFlag(F.end).pipe(Options.optional)
const days = integerFlag(F.days, Number.MIN_SAFE_INTEGER)
const format = valueFlag(F.format).pipe(
  Options.mapEffect((text) => {
    const found = FORMATS.find((f) => f === text)
    return found === undefined
      ? Effect.fail(badFlag("format", `expected "csv" or "parquet", got "${text}"`))
      : Effect.succeed(found)
  }),
  Options.optional
)
const seed = integerFlag(F.seed, Number.MIN_SAFE_INTEGER)
const stores = integerFlag(F.stores, Number.MIN_SAFE_INTEGER)
const quiet = switchFlag(F.quiet)
const json = switchFlag(F.json)
const overwrite = switchFlag(F.overwrite)
const validateFlag = switchFlag(F.validate)
const truth = switchFlag(F.truth)
const onlyConfigPlugins = switchFlag(F.onlyConfigPlugins)

/** The documented flag `name` of `command` (Help.ts). */
const flagOf = (command: string, name: string): Help.Flag => {
  const found = Help.find(command)?.flags.find((f) => f.name === name)
  if (found === undefined) throw new Error(`Help.ts documents no --${name} for ${command}`)
  return found
}

/** Flags that take a value, with their aliases (used to report a missing value by name). */
const VALUE_FLAGS = new Set(
  Help.COMMANDS.flatMap((c) => c.flags)
    .filter((f) => f.value !== undefined)
    .flatMap((f) => [f.name, ...(f.aliases ?? [])].map((n) => (n.length === 1 ? `-${n}` : `--${n}`)))
)

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
  /** `--overwrite` (`--force`): start over. */
  readonly overwrite: boolean
  readonly validate: boolean
  readonly onlyConfigPlugins: boolean
}

const NO_RUN_FLAGS: RunFlags = { overwrite: false, validate: false, onlyConfigPlugins: false }

type Work = (plan: Plan.Plan, context: Context) => Effect.Effect<Summary.Summary, Generator.GenerateError>

/**
 * Resolves flags to a plan, prints it, runs `work` with progress output, prints the summary
 * (or, with `--json`, one JSON document). A failed validation prints its report first.
 */
const runPlanned = (
  kind: Kind,
  flags: Plan.Flags,
  output: Printing,
  run: RunFlags,
  work: () => Promise<Work>
) =>
  Effect.gen(function* () {
    const [Plan, Output, Summary, handler] = yield* load(() =>
      Promise.all([import("./Plan.js"), import("./Output.js"), import("./Summary.js"), work()])
    )
    const plan = Plan.make(yield* Plan.resolve(flags))
    const parts = { master: kind !== "facts", facts: kind !== "master" }
    if (!output.quiet && !output.json) yield* Console.log(Plan.describe(plan, parts).join("\n"))
    const progress = Output.reporter(Output.mode(output))
    const kept = Output.keptTracker()
    const context: Context = {
      force: run.overwrite,
      validate: run.validate,
      onlyConfigPlugins: run.onlyConfigPlugins,
      startGiven: flags.start !== undefined,
      onEvent: (e) => Effect.zipRight(kept.onEvent(e), progress.onEvent(e))
    }
    const summary = yield* handler(plan, context).pipe(
      Effect.ensuring(progress.finish),
      // Ctrl-C / SIGTERM: say what the dataset holds and how to go on (exit 130)
      Effect.onInterrupt(() => Console.error(`interrupted: ${kept.stopped(kind, plan)}`)),
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

const describe = (name: string) => Command.withDescription(Help.find(name)?.summary ?? "")

const initCommand = Command.make(
  "init",
  {
    out: valueFlag(flagOf("init", "out")).pipe(Options.withDefault(DEFAULT_CONFIG_FILE)),
    overwrite: switchFlag(flagOf("init", "overwrite"))
  },
  (flags) =>
    load(() => import("./Commands/Init.js")).pipe(
      Effect.flatMap(({ init }) => init({ out: flags.out, force: flags.overwrite })),
      Effect.flatMap((path) => Console.log(`wrote the default configuration to ${path}`))
    )
).pipe(describe("init"))

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
    scenario,
    overwrite,
    truth,
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
        shard: get(f.shard),
        truth: f.truth ? true : undefined,
        scenario: get(f.scenario)
      },
      f,
      f,
      () => import("./Commands/Generate.js").then((m) => m.generate)
    )
).pipe(describe("generate"))

const masterCommand = Command.make(
  "master",
  { config, out, start: masterStart, format, seed, quiet, json },
  (f) =>
    runPlanned(
      "master",
      {
        config: get(f.config),
        out: get(f.out),
        start: get(f.start),
        // master data has no period: a start after the configuration's end is no conflict
        end: get(f.start),
        format: get(f.format),
        seed: get(f.seed)
      },
      f,
      NO_RUN_FLAGS,
      () => import("./Commands/Master.js").then((m) => m.master)
    )
).pipe(describe("master"))

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
    scenario,
    overwrite,
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
        shard: get(f.shard),
        scenario: get(f.scenario)
      },
      f,
      f,
      () => import("./Commands/Facts.js").then((m) => m.facts)
    )
).pipe(describe("facts"))

const validateCommand = Command.make(
  "validate",
  {
    dir: Args.directory({ name: "DIR", exists: "either" }).pipe(
      Args.withDescription(Help.find("validate")?.argText ?? "")
    ),
    config: valueFlag(flagOf("validate", "config")).pipe(Options.optional),
    json: switchFlag(flagOf("validate", "json")),
    fast: switchFlag(flagOf("validate", "fast")),
    allowLocked: switchFlag(flagOf("validate", "allow-locked"))
  },
  (f) =>
    load(() => import("./Commands/Validate.js")).pipe(
      Effect.flatMap(({ validate }) =>
        validate({
          dir: f.dir,
          json: f.json,
          config: get(f.config),
          fast: f.fast,
          allowLocked: f.allowLocked
        })
      ),
      Effect.asVoid
    )
).pipe(describe("validate"))

const mergeCommand = Command.make(
  "merge",
  {
    dir: Args.directory({ name: "DIR", exists: "either" }).pipe(
      Args.withDescription(Help.find("merge")?.argText ?? ""),
      Args.optional
    ),
    config: valueFlag(flagOf("merge", "config")).pipe(Options.optional),
    overwrite: switchFlag(flagOf("merge", "overwrite")),
    keepParts: switchFlag(flagOf("merge", "keep-parts")),
    quiet,
    json: switchFlag(flagOf("merge", "json"))
  },
  (f) =>
    load(() => Promise.all([import("./Commands/Merge.js"), import("./Output.js")])).pipe(
      Effect.flatMap(([{ merge }, Output]) =>
        merge(
          {
            dir: get(f.dir),
            config: get(f.config),
            force: f.overwrite,
            keepParts: f.keepParts,
            json: f.json,
            quiet: f.quiet
          },
          Output.mode(f)
        )
      ),
      Effect.asVoid
    )
).pipe(describe("merge"))

const reportCommand = Command.make(
  "report",
  {
    dir: Args.directory({ name: "DIR", exists: "either" }).pipe(
      Args.withDescription(Help.find("report")?.argText ?? "")
    ),
    out: valueFlag(flagOf("report", "out")).pipe(Options.optional),
    json: switchFlag(flagOf("report", "json")),
    strict: switchFlag(flagOf("report", "strict"))
  },
  (f) =>
    load(() => import("./Commands/Report.js")).pipe(
      Effect.flatMap(({ report }) => report({ dir: f.dir, out: get(f.out), json: f.json, strict: f.strict })),
      Effect.asVoid
    )
).pipe(describe("report"))

const diffCommand = Command.make(
  "diff",
  {
    base: Args.directory({ name: "BASE", exists: "yes" }).pipe(
      Args.withDescription(Help.find("diff")?.argText ?? "")
    ),
    scenario: Args.directory({ name: "SCEN", exists: "yes" }),
    out: valueFlag(flagOf("diff", "out")).pipe(Options.optional),
    json: switchFlag(flagOf("diff", "json"))
  },
  (f) =>
    load(() => import("./Commands/Diff.js")).pipe(
      Effect.flatMap(({ diff }) => diff({ base: f.base, scenario: f.scenario, out: get(f.out), json: f.json })),
      Effect.asVoid
    )
).pipe(describe("diff"))

const STREAM_SINKS = ["stdout", "file", "sse", "nats", "redis"] as const

/** `--speed`: a number > 0 or `max`. */
const parseSpeed = (text: string): number | "max" | undefined => {
  if (text === "max") return "max"
  const n = Number(text)
  return /^\s*\d+(\.\d+)?\s*$/.test(text) && n > 0 ? n : undefined
}

const streamCommand = Command.make(
  "stream",
  {
    config: valueFlag(flagOf("stream", "config")).pipe(Options.optional),
    start: valueFlag(flagOf("stream", "start")).pipe(Options.optional),
    days: integerFlag(flagOf("stream", "days"), 1),
    continueFrom: valueFlag(flagOf("stream", "continue")).pipe(Options.optional),
    sink: valueFlag(flagOf("stream", "sink")).pipe(
      Options.mapEffect((text) => {
        const found = STREAM_SINKS.find((s) => s === text)
        return found === undefined
          ? Effect.fail(badFlag("sink", `expected one of ${STREAM_SINKS.join(", ")}, got "${text}"`))
          : Effect.succeed(found)
      }),
      Options.withDefault("stdout" as const)
    ),
    url: valueFlag(flagOf("stream", "url")).pipe(Options.optional),
    listen: valueFlag(flagOf("stream", "listen")).pipe(
      Options.mapEffect((text) => {
        const m = /^(?:(.+):)?(\d{1,5})$/.exec(text)
        const port = m === null ? Number.NaN : Number(m[2])
        return m === null || port > 65535
          ? Effect.fail(badFlag("listen", `expected PORT or HOST:PORT, got "${text}"`))
          : Effect.succeed({ host: m[1]?.replace(/^\[(.*)\]$/, "$1"), port })
      }),
      Options.optional
    ),
    out: valueFlag(flagOf("stream", "out")).pipe(Options.optional),
    speed: valueFlag(flagOf("stream", "speed")).pipe(
      Options.mapEffect((text) => {
        const v = parseSpeed(text)
        return v === undefined
          ? Effect.fail(badFlag("speed", `expected a number > 0 or "max", got "${text}"`))
          : Effect.succeed(v)
      }),
      Options.withDefault(1 as number | "max")
    ),
    from: valueFlag(flagOf("stream", "from")).pipe(
      Options.mapEffect((text) =>
        text === "now"
          ? Effect.succeed("now" as const)
          : Effect.fail(badFlag("from", `expected "now", got "${text}"`))
      ),
      Options.optional
    ),
    workers: integerFlag(flagOf("stream", "workers"), 0),
    maxRetry: integerFlag(flagOf("stream", "max-retry-time"), 0),
    deadLetters: valueFlag(flagOf("stream", "dead-letters")).pipe(Options.optional),
    checkpoint: valueFlag(flagOf("stream", "checkpoint")).pipe(Options.optional),
    quiet
  },
  (f) =>
    load(() => import("./Commands/Stream.js")).pipe(
      Effect.flatMap(({ stream }) =>
        stream({
          config: get(f.config),
          start: get(f.start),
          days: get(f.days),
          continueFrom: get(f.continueFrom),
          sink: f.sink,
          out: get(f.out),
          url: get(f.url),
          listen: get(f.listen),
          speed: f.speed,
          from: get(f.from),
          workers: get(f.workers),
          maxRetrySeconds: get(f.maxRetry) ?? 300,
          deadLetters: get(f.deadLetters),
          checkpoint: get(f.checkpoint),
          quiet: f.quiet
        })
      ),
      Effect.asVoid
    )
).pipe(describe("stream"))

const serveCommand = Command.make(
  "serve",
  {
    port: integerFlag(flagOf("serve", "port"), 0),
    host: valueFlag(flagOf("serve", "host")).pipe(Options.withDefault("127.0.0.1")),
    dataDir: valueFlag(flagOf("serve", "data-dir")).pipe(Options.withDefault("runs")),
    maxRuns: integerFlag(flagOf("serve", "max-runs"), 1),
    maxQueue: integerFlag(flagOf("serve", "max-queue"), 0),
    token: valueFlag(flagOf("serve", "token")).pipe(Options.optional),
    cors: valueFlag(flagOf("serve", "cors")).pipe(Options.optional)
  },
  (f) =>
    load(() => import("./Commands/Serve.js")).pipe(
      Effect.flatMap(({ serve }) =>
        serve({
          port: get(f.port) ?? 8080,
          host: f.host,
          dataDir: f.dataDir,
          maxRuns: get(f.maxRuns) ?? 1,
          maxQueue: get(f.maxQueue) ?? 16,
          token: get(f.token),
          cors: get(f.cors)
        })
      ),
      Effect.asVoid
    )
).pipe(describe("serve"))

/** The @effect/cli command tree: the root command with its subcommands. */
const command = Command.make(NAME).pipe(
  Command.withDescription(Help.root()),
  Command.withSubcommands([
    initCommand,
    generateCommand,
    masterCommand,
    factsCommand,
    validateCommand,
    mergeCommand,
    reportCommand,
    diffCommand,
    streamCommand,
    serveCommand
  ])
)

/**
 * The usage line @effect/cli derives for each command from the options it parses (for tests: it
 * must list exactly the flags that `Help` documents).
 */
export const usages = (): Record<string, string> =>
  Object.fromEntries(
    Array.from(Command.getSubcommands(command), ([name, descriptor]) => [
      name,
      HelpDoc.toAnsiText(Usage.getHelp(CommandDescriptor.getUsage(descriptor)))
    ])
  )

const cli = Command.run(command, { name: NAME, version: VERSION })

// @effect/cli's own help (shown with some usage errors) without its built-in flags.
const cliConfig = CliConfig.layer({ showBuiltIns: false })

/**
 * Runs the command line `argv` (as `process.argv`: runtime and script first). Succeeds with the
 * exit code; errors are printed to stderr as `error: …` lines, never with a stack trace. Help and
 * version requests are answered from `Help`.
 */
export const run = (argv: ReadonlyArray<string>) => {
  const args = argv.slice(2)
  const answer = Help.answer(args)
  if (answer !== undefined)
    return Console.log(answer.trimEnd()).pipe(Effect.as(Failure.ExitCode.ok as number))
  const missing = missingValue(args)
  const program =
    missing !== undefined
      ? Effect.fail(new Failure.UsageError({ flag: missing, problem: "missing value" }))
      : args.includes("--wizard")
        ? // @effect/cli's interactive wizard does not know our flags' rules: not offered.
          Effect.fail(
            new Failure.UsageError({ flag: "--wizard", problem: `unknown flag; see ${NAME} --help` })
          )
        : cli(argv).pipe(Effect.provide(cliConfig))
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
