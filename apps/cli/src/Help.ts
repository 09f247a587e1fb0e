/**
 * The command line's documentation as data — every command with its summary, text, flags and
 * examples — and the help text rendered from it. `Cli` builds its @effect/cli options from the same
 * flags, so a flag cannot be parsed without being documented.
 *
 * This module imports nothing heavy (no effect, no generator): `bin.js` answers `--help` and
 * `--version` from it alone, before loading anything else.
 *
 * @example
 * import { Help } from "retail-datagen"
 *
 * Help.answer(["generate", "--help"]) // the help of `generate`
 * Help.answer(["--version"])          // "0.1.0"
 * Help.answer(["generate"])           // undefined: not a help request
 */
import { DEFAULT_CONFIG_FILE, NAME } from "./internal/names.js"
import { version } from "./internal/version.js"

/** A flag of a command. */
export interface Flag {
  /** Long name without dashes (`out` for `--out`). */
  readonly name: string
  /** Other names: one letter (`o` for `-o`) or a word (`force` for `--force`). */
  readonly aliases?: ReadonlyArray<string>
  /** The placeholder of its value (`DIR`); absent for a switch. */
  readonly value?: string
  /** What it does, in a sentence or two. */
  readonly text: string
}

/** A command: what it does, its flags and examples. */
export interface Command {
  readonly name: string
  /** One line for the command list. */
  readonly summary: string
  /** Positional arguments as shown in the usage line (`DIR`, `[DIR]`). */
  readonly args?: string
  /** The argument's meaning, when there is one. */
  readonly argText?: string
  /** Paragraphs shown below the usage line. */
  readonly text: ReadonlyArray<string>
  readonly flags: ReadonlyArray<Flag>
  /** `[command line without the program name, comment]`. */
  readonly examples: ReadonlyArray<readonly [string, string]>
}

const flag = (name: string, text: string, value?: string, aliases?: ReadonlyArray<string>): Flag => ({
  name,
  text,
  ...(value === undefined ? {} : { value }),
  ...(aliases === undefined ? {} : { aliases })
})

/** The flags shared by the commands, by name. */
export const FLAGS = {
  config: flag(
    "config",
    `Configuration file (JSON; \`init\` writes one with every field). Default: ./${DEFAULT_CONFIG_FILE} when it exists, else the built-in defaults. The flags below override its values.`,
    "FILE",
    ["c"]
  ),
  out: flag(
    "out",
    "Output directory: master tables go to DIR/master, fact tables to DIR/facts (sets paths.master and paths.facts; default data/master and data/facts).",
    "DIR",
    ["o"]
  ),
  start: flag(
    "start",
    "First day of the facts (dates.start), e.g. 2024-11-01. Omitted: a dataset already in the output directory continues after its last day; a new one starts at dates.start.",
    "YYYY-MM-DD"
  ),
  masterStart: flag(
    "start",
    "The day the facts will start on (dates.start): the date of the inventory snapshots and the products launched by then.",
    "YYYY-MM-DD"
  ),
  end: flag(
    "end",
    "Last day of the facts, inclusive (dates.end), e.g. 2024-12-31. A later end than the dataset's continues it.",
    "YYYY-MM-DD"
  ),
  days: flag(
    "days",
    "Number of days from the start day, instead of --end (e.g. --days 7: the start day and the six after it).",
    "N"
  ),
  format: flag("format", "File format of every table (output.format; default csv).", "csv|parquet"),
  seed: flag(
    "seed",
    "Seed of every random stream (seed; default 42): the same configuration and seed give the same bytes.",
    "N"
  ),
  stores: flag(
    "stores",
    "Number of stores (volume.stores; default 10), e.g. --stores 250. Other volumes come from the configuration.",
    "N"
  ),
  workers: flag(
    "workers",
    "Worker threads for the facts (default: the machine's cores but one, at least 1, at most one per DC region, 1 for a small run; 1 runs in process). The files do not depend on it.",
    "N"
  ),
  shard: flag(
    "shard",
    "Generate part k of N (DC regions k, k+N, …) as part files in the facts directory, e.g. --shard 2/3; only shard 1 writes the master files. Join the parts with `merge` once every shard is done.",
    "k/N"
  ),
  scenario: flag(
    "scenario",
    "A what-if scenario (JSON: interventions with dates and targets, see docs/scenarios.md) applied inside the simulation. Shared random numbers make the dataset a twin of the run without it: compare the two with `diff`. The scenario is part of the dataset's identity (a dataset is continued only with the same scenario); one without interventions changes nothing.",
    "FILE"
  ),
  overwrite: flag(
    "overwrite",
    "Start over: discard the facts already in the output directory — complete or not, made with any configuration — and generate the period again. Without it an existing dataset is continued, and one this run cannot continue is an error. --force is the same flag (its former name).",
    undefined,
    ["force"]
  ),
  truth: flag(
    "truth",
    "Also write the ground truth under DIR/facts/_truth/ (output.truth): per store and day the demand multipliers applied and the expected and realised visits, lost sales per store, product and day, and the ad impression behind each visit that marketing caused (docs/ground-truth.md). The other files do not change."
  ),
  validate: flag(
    "validate",
    "Check every day as it is written against the data contract; violations print a report and make the command fail (exit 1)."
  ),
  onlyConfigPlugins: flag(
    "only-config-plugins",
    "Register only the plugin modules listed in the configuration's plugins, not the built-in fact tables."
  ),
  quiet: flag("quiet", "Print nothing but errors.", undefined, ["q"]),
  json: flag("json", "Print the plan and the summary as one JSON document, and nothing else.")
} as const satisfies Record<string, Flag>

const F = FLAGS

/** Every command, in the order of the help. */
export const COMMANDS: ReadonlyArray<Command> = [
  {
    name: "init",
    summary: "Write a configuration file with every field and its default.",
    text: [
      `Writes the default configuration as JSON, every field present, to FILE (default ./${DEFAULT_CONFIG_FILE}, the file the other commands read when --config is not given). Edit it, then run generate.`
    ],
    flags: [
      flag(
        "out",
        `File to write (default ${DEFAULT_CONFIG_FILE}). A relative path is resolved from the directory you run the command in.`,
        "FILE",
        ["o"]
      ),
      flag(
        "overwrite",
        "Replace the file when it exists (without it an existing file is never touched). --force and -f are the same flag.",
        undefined,
        ["f", "force"]
      )
    ],
    examples: [
      ["init", `./${DEFAULT_CONFIG_FILE}`],
      ["init --out configs/big.json --overwrite", "another file, replaced if present"]
    ]
  },
  {
    name: "generate",
    summary: "Master data (if missing) and the fact tables of a period.",
    text: [
      "Writes the master tables (when missing, or made from another configuration) and one file per fact table and day, each made visible only complete, with a manifest. Without --start an existing dataset continues after its last day; a run that was interrupted resumes when run again, with the same bytes as an uninterrupted run."
    ],
    flags: [
      F.config,
      F.out,
      F.start,
      F.end,
      F.days,
      F.format,
      F.seed,
      F.stores,
      F.workers,
      F.shard,
      F.scenario,
      F.overwrite,
      F.truth,
      F.validate,
      F.onlyConfigPlugins,
      F.quiet,
      F.json
    ],
    examples: [
      ["generate", "the configuration's period into ./data"],
      ["generate --days 90 --truth --out bench", "facts with their ground truth, for scoring a model"],
      ["generate --days 7 --out out", "7 days from dates.start into out/"],
      ["generate --stores 20 --start 2024-11-01 --days 30 --format parquet", ""],
      ["generate --end 2024-02-29", "continue the dataset to the end of February"],
      ["generate --seed 8 --overwrite", "another seed over an existing dataset: start over"],
      ["generate --out data --shard 2/3 --workers 2", "part 2 of 3; then, every part done: merge data"],
      ["generate --out twin --scenario dc-closed.json", "the same world with a DC closed; then: diff data twin"]
    ]
  },
  {
    name: "master",
    summary: "Master data only: stores, DCs, trucks, customers, products, inventory.",
    text: [
      "Writes the eight master tables into DIR/master (paths.master), always rewritten, with a manifest that facts checks."
    ],
    flags: [F.config, F.out, F.masterStart, F.format, F.seed, F.quiet, F.json],
    examples: [
      ["master --out out", "out/master"],
      ["master --format parquet --seed 7", ""]
    ]
  },
  {
    name: "facts",
    summary: "Fact tables of a period over master data already on disk.",
    text: [
      "Generates the fact tables over the master data in DIR/master (made by master or generate, checked against the configuration). Same continuation and resume rules as generate."
    ],
    flags: [
      F.config,
      F.out,
      F.start,
      F.end,
      F.days,
      F.format,
      F.workers,
      F.shard,
      F.scenario,
      F.overwrite,
      F.validate,
      F.onlyConfigPlugins,
      F.quiet,
      F.json
    ],
    examples: [
      ["facts --end 2024-02-29", "continue the dataset through February"],
      ["facts --config my.json --start 2024-11-29 --days 1 --format parquet", ""]
    ]
  },
  {
    name: "validate",
    summary: "Check a dataset on disk against the data contract.",
    args: "DIR",
    argText: "Dataset root: DIR/master and DIR/facts (e.g. data).",
    text: [
      "Checks the files under DIR against their manifests — every listed file there with its rows, bytes and sha256, nothing missing, nothing stray — and against the data contract: format and invariants I1–I7 (keys, uniqueness, receipt arithmetic, inventory, time, money, sensors), in bounded memory, and prints a report. Exit 1 when there are violations, 2 when DIR is not a dataset. Store hours come from the configuration recorded with the dataset (DIR/facts/_config.json) unless --config is given."
    ],
    flags: [
      flag(
        "config",
        "Configuration whose patterns give the holiday store hours (default: the one recorded with the dataset).",
        "FILE",
        ["c"]
      ),
      flag("json", "Print the report as JSON."),
      flag(
        "fast",
        "Skip the sha256 of every file: still check that each file the manifests list is there with its rows and bytes, and that no other file is."
      ),
      flag(
        "allow-locked",
        "Check a dataset that a running generate/facts/master/merge is writing (its lock file is held); the days being written may be incomplete."
      )
    ],
    examples: [
      ["validate data", ""],
      ["validate data --fast", "skip the sha256 of each file"],
      ["validate out --json", "the report as JSON"]
    ]
  },
  {
    name: "merge",
    summary: "Join the part files of a sharded run into the files of a single run.",
    args: "[DIR]",
    argText:
      "Dataset root whose DIR/facts holds the shards' part files (default: the configuration's paths.facts).",
    text: [
      "After every shard of `generate --shard k/N` (or `facts --shard k/N`) has written into one DIR, joins their part files into the files of a single run, byte for byte, then removes the parts. Only shard 1 writes the master files. A merged dataset cannot be continued: continue every shard (merge with --keep-parts), then merge again."
    ],
    flags: [
      flag(
        "config",
        `Configuration file whose paths.facts is the default DIR (default ./${DEFAULT_CONFIG_FILE} when it exists). The fact tables come from the configuration recorded with the dataset.`,
        "FILE",
        ["c"]
      ),
      flag(
        "overwrite",
        "Replace a facts/_manifest.json that is not an earlier merge of these shards (e.g. a single run's). --force is the same flag.",
        undefined,
        ["force"]
      ),
      flag(
        "keep-parts",
        "Keep the part files, part manifests and shard states (to continue the shards later and merge again)."
      ),
      F.quiet,
      flag("json", "Print the summary as JSON.")
    ],
    examples: [
      ["generate --out data --shard 1/3", "three shards (e.g. three machines sharing data/) …"],
      ["generate --out data --shard 2/3", ""],
      ["generate --out data --shard 3/3", ""],
      ["merge data", "… then the merge"]
    ]
  },
  {
    name: "stream",
    summary: "Send the days' rows as live events (stdout, files, SSE, NATS, Redis).",
    text: [
      "Sends the rows of the configured days as events — one JSON envelope each: event_id, event_type, offset, trace_id, payload = the row — in EventTS order, paced like the simulated clock or flat out. The events are the rows the batch run writes for the same days. Status lines go to stderr.",
      "Delivery is at least once: the offset of the last acknowledged event is checkpointed, a restarted stream resumes after it, and consumers deduplicate by event_id. An unavailable sink is retried with capped exponential backoff; events rejected for good go to the dead-letter file.",
      "Pacing: realtime.emit_interval_ms (least ms between sends) and realtime.burst (most events per send) of the configuration. Details and consumer examples: docs/streaming.md."
    ],
    flags: [
      F.config,
      flag("start", "First simulated day (default dates.start).", "YYYY-MM-DD"),
      flag("days", "Number of days; without it the stream runs on, day after day, until Ctrl-C.", "N"),
      flag(
        "continue",
        "Start the day after the last day of the batch dataset in DIR (DIR/facts), from its saved state.",
        "DIR"
      ),
      flag(
        "sink",
        "Where events go: stdout (NDJSON, the default), file (rolling NDJSON in --out), sse (Server-Sent Events on --listen), nats (JetStream, subjects <stream.hub>.<event_type>) or redis (the Redis stream <stream.hub>).",
        "stdout|file|sse|nats|redis"
      ),
      flag(
        "listen",
        "Address of --sink sse: GET / or /stream there is the event stream (id: = event_id; Last-Event-ID resumes within the last 10,000 events). Sends wait for the first client and go at the pace of the slowest one. The URL is printed on stderr. Host default 127.0.0.1; port 0: any free port.",
        "[HOST:]PORT"
      ),
      flag(
        "url",
        "Broker of --sink nats (default 127.0.0.1:4222) or redis (default redis://127.0.0.1:6379).",
        "URL"
      ),
      flag("out", "Directory of the file sink (default ./events); its cursor is DIR/_cursor.json.", "DIR", [
        "o"
      ]),
      flag(
        "speed",
        "Simulated seconds per wall second (1 = real time, 60 = a minute a second); max = as fast as the sink takes them. Default 1.",
        "N|max"
      ),
      flag("from", "now: start at the wall clock's time of day on the first day.", "now"),
      flag(
        "workers",
        "Worker threads that simulate the coming days while the main thread maps and sends the current one; pays off for long streams with a core to spare (a thread starts cold). Default 0: all in the main thread. The events are the same either way.",
        "N"
      ),
      flag(
        "max-retry-time",
        "Seconds an unavailable sink (also a broker not up yet when the stream starts) is retried before the stream stops (default 300).",
        "S"
      ),
      flag(
        "dead-letters",
        "File of the events a sink rejects for good (default dead-letters.ndjson; file sink: --out/_dead_letters.ndjson).",
        "FILE"
      ),
      flag(
        "checkpoint",
        "Cursor file of the last acknowledged event (default: the sink's own; stdout has none).",
        "FILE"
      ),
      F.quiet
    ],
    examples: [
      ["stream --start 2024-11-29 --days 1 --speed max | head", "Black Friday's first events, flat out"],
      ["stream --sink file --out events --speed 60", "a simulated minute per second, runs on"],
      ["stream --sink sse --listen 8090 --speed 60", "Server-Sent Events at http://127.0.0.1:8090/stream"],
      ["stream --continue data --from now", "live after a batch dataset"],
      ["stream --sink nats --url 127.0.0.1:4222 --speed max --days 7", "a week into NATS JetStream"],
      ["stream --sink redis --url redis://127.0.0.1:6379 --speed 60", "into a Redis stream"]
    ]
  },
  {
    name: "serve",
    summary: "Serve runs, their progress and files over HTTP (OpenAPI at /openapi.json).",
    text: [
      "POST /runs starts a run (queued, in a worker thread), GET /runs/<id> is its status, /runs/<id>/events streams its progress (Server-Sent Events), /runs/<id>/files/… downloads its files, /runs/<id>/report is its realism report; POST /streams starts a live event stream (GET /streams/<id> its status, /streams/<id>/pause, /resume, DELETE to stop, /streams/<id>/events its events as Server-Sent Events); the web console is at /, the OpenAPI document at /openapi.json and interactive docs at /docs.",
      "Ctrl-C or SIGTERM stops after the day in progress; a restarted server lists such runs as interrupted and continues them on POST /runs/<id>/continue. Every route: apps/server/README.md."
    ],
    flags: [
      flag("port", "Port to listen on (0: any free port). Default 8080.", "N"),
      flag("host", "Address to bind. Default 127.0.0.1: this machine only.", "ADDRESS"),
      flag("data-dir", "Directory of the runs' datasets, one directory per run. Default ./runs.", "DIR"),
      flag("max-runs", "Runs generating at once; the others wait in the queue. Default 1.", "N"),
      flag("max-queue", "Runs waiting in the queue; more are refused with 429. Default 16.", "N"),
      flag(
        "token",
        "Bearer token required by every mutating route and download (default: $RETAIL_DATAGEN_TOKEN; none: open).",
        "TOKEN"
      ),
      flag("cors", "Allow this origin (CORS); default: CORS off.", "ORIGIN")
    ],
    examples: [
      ["serve", "http://127.0.0.1:8080, datasets under ./runs"],
      ["serve --port 8080 --data-dir runs --token s3cret", "mutations and downloads need the token"]
    ]
  },
  {
    name: "report",
    summary: "Measure a dataset: the realism report, every behavioural target as a row.",
    args: "DIR",
    argText: "Dataset root: DIR/master and DIR/facts (CSV or Parquet), e.g. data.",
    text: [
      "Measures a dataset on disk: daily receipts with holidays marked, weekday and hourly curves against their targets, month × department, segments, basket sizes, store choice, conversion, stock-outs, truck lead times, marketing lift, tender and online fulfilment — and every behavioural target of the data contract as a row (measured, target, tolerance, pass/fail; n/a when the days do not cover it).",
      "The HTML page is self-contained (inline SVG, no script, nothing fetched when opened). Figures are computed with DuckDB in bounded memory."
    ],
    flags: [
      flag("out", "HTML file to write (default: DIR/report.html; with --json, only when given).", "FILE", [
        "o"
      ]),
      flag("json", "Print the figures and every target row as JSON on stdout."),
      flag("strict", "Exit 1 when a behavioural target fails (for CI).")
    ],
    examples: [
      ["report data", "writes data/report.html"],
      ["report data --json > report.json", "the same figures for machines"]
    ]
  },
  {
    name: "diff",
    summary: "The effect of a scenario: a dataset against its baseline, per day and region.",
    args: "BASE SCEN",
    argText:
      "Dataset roots: BASE made without a scenario, SCEN with `generate --scenario FILE` from the same configuration.",
    text: [
      "Compares two datasets per day and DC region: receipts, units, revenue, visits (entrances), online orders, deliveries and on-time deliveries, ad spend, and the rows of every table, with the interventions recorded with SCEN and their dates. Both runs share their random numbers, so the differences are the scenario's effect. Computed with DuckDB."
    ],
    flags: [
      flag("out", "HTML file to write (self-contained, with a chart per metric).", "FILE", ["o"]),
      flag("json", "Print every day, region and metric as JSON on stdout.")
    ],
    examples: [
      ["diff data twin", "one line per metric"],
      ["diff data twin --out diff.html", "the page with charts"]
    ]
  }
]

const WIDTH = 100

/** Words of `text` in lines of at most `width - indent` characters, each indented. */
const wrap = (text: string, indent: number, width = WIDTH): Array<string> => {
  const lines: Array<string> = []
  let line = ""
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (line.length > 0 && indent + line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line.length === 0 ? word : `${line} ${word}`
  }
  if (line.length > 0) lines.push(line)
  return lines.map((l) => " ".repeat(indent) + l)
}

/** `-o, --out DIR` */
const names = (f: Flag): string => {
  const all = [f.name, ...(f.aliases ?? [])]
  const shown = [...all.filter((n) => n.length === 1), f.name].map((n) =>
    n.length === 1 ? `-${n}` : `--${n}`
  )
  return `${shown.join(", ")}${f.value === undefined ? "" : ` ${f.value}`}`
}

/** Two-column rows: the left column padded, the right one wrapped beside it (or below when long). */
const table = (rows: ReadonlyArray<readonly [string, string]>): Array<string> => {
  const left = Math.min(Math.max(...rows.map(([l]) => l.length)) + 4, 32)
  return rows.flatMap(([l, r]) => {
    const body = wrap(r, left)
    if (l.length + 4 > left) return [`  ${l}`, ...body]
    return [`  ${l.padEnd(left - 2)}${(body[0] ?? "").trimStart()}`, ...body.slice(1)]
  })
}

/** Examples with their comments beside them, or above them when that would be too wide. */
const examples = (list: ReadonlyArray<readonly [string, string]>): Array<string> => {
  const lines = list.map(([c, comment]) => [`${NAME} ${c}`, comment] as const)
  const width = Math.max(...lines.map(([l]) => l.length))
  const comments = Math.max(...lines.map(([, c]) => c.length))
  if (2 + width + 5 + comments <= WIDTH)
    return lines.map(([l, c]) => (c === "" ? `  ${l}` : `  ${l.padEnd(width)}   # ${c}`))
  return lines.flatMap(([l, c]) => (c === "" ? [`  ${l}`] : [`  # ${c}`, `  ${l}`]))
}

/** The help of the program: what it is, its commands, where the configuration comes from, examples. */
export const root = (): string =>
  [
    `${NAME} ${version} — deterministic synthetic retail data: master data and daily fact tables`,
    "",
    "USAGE",
    `  ${NAME} <command> [flags]`,
    `  ${NAME} <command> --help      the flags and examples of a command`,
    `  ${NAME} --version`,
    "",
    "COMMANDS",
    ...table(COMMANDS.map((c) => [c.name, c.summary])),
    "",
    "CONFIGURATION",
    ...wrap(
      `One JSON file; every field has a default. \`${NAME} init\` writes ./${DEFAULT_CONFIG_FILE}, which the commands read when --config is not given; flags override it. Relative paths are resolved from the directory the command is run in (also under \`pnpm ${NAME}\`).`,
      2
    ),
    "",
    "EXAMPLES",
    ...examples([
      ["init", "write ./retail-datagen.json"],
      ["generate --days 7 --out out", "master data and 7 days of facts into out/"],
      ["facts --out out --end 2024-01-14", "continue that dataset by a week"],
      ["validate out", "check it against the data contract"]
    ]),
    ""
  ].join("\n")

/** The help of one command: usage, what it does, its flags and examples. */
export const command = (c: Command): string => {
  const args = c.args === undefined ? "" : ` ${c.args}`
  return [
    `${NAME} ${c.name} — ${c.summary}`,
    "",
    "USAGE",
    `  ${NAME} ${c.name}${args} [flags]`,
    "",
    ...c.text.flatMap((p) => [...wrap(p, 2), ""]),
    ...(c.args === undefined || c.argText === undefined
      ? []
      : ["ARGUMENTS", ...table([[c.args.replace(/[[\]]/g, ""), c.argText]]), ""]),
    "FLAGS",
    ...table([...c.flags.map((f) => [names(f), f.text] as const), ["-h, --help", "Show this help."]]),
    "",
    "EXAMPLES",
    ...examples(c.examples),
    ""
  ].join("\n")
}

/** The command named `name`, if there is one. */
export const find = (name: string): Command | undefined => COMMANDS.find((c) => c.name === name)

/**
 * The text to print for a request for help or the version, or `undefined` when `args` (the command
 * line without runtime and script) asks for something else. No arguments is a request for help.
 */
export const answer = (args: ReadonlyArray<string>): string | undefined => {
  const end = args.indexOf("--")
  const own = end === -1 ? args : args.slice(0, end)
  if (own.length === 0) return root()
  if (own.includes("--version")) return version
  if (!own.includes("--help") && !own.includes("-h")) return undefined
  const first = own[0]!
  if (first.startsWith("-")) return root()
  const found = find(first)
  return found === undefined ? undefined : command(found)
}
