import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { afterAll, vi } from "vitest"
import { Cli, Help } from "../src/index.js"
import { plain, PLUGINS_FIXTURE, tempDir } from "./helpers.js"

const tmp = tempDir()
afterAll(tmp.cleanup)

/** Runs the CLI in-process and captures what it prints. */
const cli = (...args: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const out: Array<string> = []
    const err: Array<string> = []
    const log = vi
      .spyOn(console, "log")
      .mockImplementation((...xs: Array<unknown>) => void out.push(xs.join(" ")))
    const error = vi
      .spyOn(console, "error")
      .mockImplementation((...xs: Array<unknown>) => void err.push(xs.join(" ")))
    const code = yield* Cli.run(["node", "retail-datagen", ...args]).pipe(
      Effect.provide(NodeContext.layer),
      Effect.ensuring(
        Effect.sync(() => {
          log.mockRestore()
          error.mockRestore()
        })
      )
    )
    return { code, stdout: plain(out.join("\n")), stderr: plain(err.join("\n")) }
  })

describe("help and version", () => {
  it.effect("--help prints the help of Help.root: the commands with their summaries and examples", () =>
    Effect.gen(function* () {
      const r = yield* cli("--help")
      expect(r.code).toBe(0)
      expect(r.stdout).toBe(Help.root().trimEnd())
      for (const name of ["init", "generate", "master", "facts", "validate", "merge", "stream", "report", "serve"])
        expect(r.stdout).toMatch(new RegExp(`^  ${name} +[A-Z]`, "m"))
      expect(r.stdout).toContain("EXAMPLES")
    })
  )

  it.effect("no arguments shows the help", () =>
    Effect.gen(function* () {
      const r = yield* cli()
      expect(r.code).toBe(0)
      expect(r.stdout).toContain("USAGE")
    })
  )

  it.effect("--version prints the package version", () =>
    Effect.gen(function* () {
      const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
      const r = yield* cli("--version")
      expect(r.code).toBe(0)
      expect(r.stdout.trim()).toBe(pkg.version)
    })
  )

  it.effect("generate --help documents every flag", () =>
    Effect.gen(function* () {
      const r = yield* cli("generate", "--help")
      for (const flag of [
        "--config",
        "--out",
        "--start",
        "--end",
        "--days",
        "--format",
        "--seed",
        "--stores",
        "--workers",
        "--shard",
        "--quiet",
        "--json"
      ]) {
        expect(r.stdout).toContain(flag)
      }
    })
  )
})

describe("generation commands (in process)", () => {
  const fixture = PLUGINS_FIXTURE
  const config = tmp.file(
    "c.json",
    JSON.stringify({
      volume: { stores: 12, customers: 500, products: 300, geographies: 30 },
      plugins: [fixture]
    })
  )
  const out = join(tmp.dir, "o")

  it.effect("generate prints the plan, the master data, one line per day and the summary", () =>
    Effect.gen(function* () {
      const r = yield* cli(
        "generate",
        "--config",
        config,
        "--only-config-plugins",
        "--start",
        "2024-03-01",
        "--days",
        "3",
        "--out",
        out
      )
      expect(r.stderr).toBe("")
      expect(r.code).toBe(0)
      expect(r.stdout).toContain("stores:  12 in 2 DC regions")
      expect(r.stdout).toContain("dates:   2024-03-01 .. 2024-03-03 (3 days)")
      expect(r.stdout).toContain(`master:  ${join(out, "master")}`)
      expect(r.stdout).toContain(`facts:   ${join(out, "facts")}`)
      expect(r.stdout).toMatch(/^master: {2}8 tables, [\d,]+ rows, [\d.]+ (KiB|MiB) written$/m)
      const days = r.stdout.split("\n").filter((l) => / done \(\d\/3\): /.test(l))
      expect(days.map((l) => l.slice(0, 10))).toStrictEqual(["2024-03-01", "2024-03-02", "2024-03-03"])
      expect(r.stdout).toMatch(/^store_visits: [\d,]+ rows, [\d.]+ (B|KiB|MiB)$/m)
      expect(r.stdout).toMatch(/^total: [\d,]+ rows, .* in 6 files, [\d.]+ s/m)
    })
  )

  it.effect("generate --json prints one JSON document with the plan and the summary", () =>
    Effect.gen(function* () {
      const dir = join(tmp.dir, "json")
      const r = yield* cli(
        "generate",
        "--config",
        config,
        "--only-config-plugins",
        "--json",
        "--seed",
        "5",
        "--days",
        "2",
        "--out",
        dir
      )
      expect(r.code).toBe(0)
      const doc = JSON.parse(r.stdout)
      expect(doc.command).toBe("generate")
      expect(doc.plan).toMatchObject({
        seed: 5,
        stores: 12,
        format: "csv",
        start: "2024-01-01",
        end: "2024-01-02"
      })
      expect(doc.tables.map((t: { table: string }) => t.table)).toStrictEqual([
        "store_visits",
        "daily_totals"
      ])
      expect(doc.files).toBe(4)
      expect(doc.days).toBe(2)
      expect(doc.master.written).toBe(true)
      expect(doc.notes).toStrictEqual([])
    })
  )

  it.effect(
    "a complete dataset: a rerun leaves it; --overwrite (or --force) makes it again, same bytes",
    () =>
      Effect.gen(function* () {
        const dir = join(tmp.dir, "over")
        const args = ["generate", "--config", config, "--only-config-plugins", "--days", "2", "--out", dir]
        expect((yield* cli(...args, "--quiet")).code).toBe(0)
        const file = join(dir, "facts", "daily_totals", "dt=2024-01-01", "daily_totals_20240101.csv")
        const bytes = readFileSync(file)
        const rerun = JSON.parse((yield* cli(...args, "--json")).stdout)
        expect(rerun.days).toBe(0)
        expect(rerun.notes[0]).toContain("rerun with --overwrite")
        for (const flag of ["--overwrite", "--force"]) {
          writeFileSync(file, "changed")
          const again = yield* cli(...args, flag, "--json")
          expect(again.code).toBe(0)
          expect(JSON.parse(again.stdout).days).toBe(2)
          expect(readFileSync(file).equals(bytes)).toBe(true)
        }
      })
  )

  it.effect("master --start after the configuration's end (master data has no period)", () =>
    Effect.gen(function* () {
      const r = yield* cli(
        "master",
        "--config",
        config,
        "--start",
        "2024-11-29",
        "--out",
        join(tmp.dir, "bf")
      )
      expect(r.stderr).toBe("")
      expect(r.code).toBe(0)
    })
  )

  it.effect("--quiet prints nothing", () =>
    Effect.gen(function* () {
      const r = yield* cli(
        "generate",
        "--config",
        config,
        "--only-config-plugins",
        "--quiet",
        "--days",
        "1",
        "--out",
        join(tmp.dir, "q")
      )
      expect(r).toStrictEqual({ code: 0, stdout: "", stderr: "" })
    })
  )

  it.effect("master writes the dimensions only; facts plans only the facts and runs over them", () =>
    Effect.gen(function* () {
      const dir = join(tmp.dir, "mf")
      const m = yield* cli("master", "--config", config, "--out", dir)
      expect(m.code).toBe(0)
      expect(m.stdout).toContain("seed:    42")
      expect(m.stdout).not.toContain("dates:")
      expect(m.stdout).toMatch(/^customers: 500 rows, /m)
      const f = yield* cli(
        "facts",
        "--config",
        config,
        "--only-config-plugins",
        "--out",
        dir,
        "--start",
        "2024-01-01",
        "--end",
        "2024-01-02"
      )
      expect(f.stderr).toBe("")
      expect(f.code).toBe(0)
      expect(f.stdout).toContain("dates:   2024-01-01 .. 2024-01-02 (2 days)")
      expect(f.stdout).toContain("master:  up to date in")
    })
  )
})

describe("errors: one message naming the key path or flag, no stack trace", () => {
  it.effect("a bad value in the config file exits 1", () =>
    Effect.gen(function* () {
      const bad = tmp.file("bad.json", '{ "volume": { "stores": -3 } }')
      const r = yield* cli("generate", "--config", bad)
      expect(r.code).toBe(1)
      expect(r.stdout).toBe("")
      expect(r.stderr).toBe(`error: ${bad}: volume.stores: expected an integer from 1 to 99,999, got -3`)
    })
  )

  it.effect("a bad flag value names the flag", () =>
    Effect.gen(function* () {
      const r = yield* cli("generate", "--stores", "0", "--config", tmp.file("empty.json", "{}"))
      expect(r.code).toBe(1)
      expect(r.stderr).toBe("error: --stores (volume.stores): expected an integer from 1 to 99,999, got 0")
    })
  )

  it.effect("malformed flag values and missing values are usage errors (exit 2) naming the flag", () =>
    Effect.gen(function* () {
      const seed = yield* cli("generate", "--seed", "abc")
      expect(seed.code).toBe(2)
      expect(seed.stderr.trim()).toBe('error: --seed: expected an integer, got "abc"')
      const format = yield* cli("facts", "--format", "xml")
      expect(format.code).toBe(2)
      expect(format.stderr.trim()).toBe('error: --format: expected "csv" or "parquet", got "xml"')
      const missing = yield* cli("generate", "--days")
      expect(missing.code).toBe(2)
      expect(missing.stderr.trim()).toBe("error: --days: missing value")
      const both = yield* cli("generate", "--end", "2024-01-02", "--days", "2")
      expect(both.code).toBe(2)
      expect(both.stderr.trim()).toBe("error: --days: cannot be used together with --end")
    })
  )

  it.effect("--shard and --workers: malformed or out-of-range values are usage errors naming the flag", () =>
    Effect.gen(function* () {
      for (const [command, value] of [
        ["generate", "4/3"],
        ["facts", "0/3"],
        ["generate", "2"],
        ["generate", "a/b"],
        ["facts", "1/0"]
      ] as const) {
        const r = yield* cli(command, "--shard", value)
        expect(r.code, value).toBe(2)
        expect(r.stderr.trim()).toBe(`error: --shard: expected k/N with 1 ≤ k ≤ N, got ${value}`)
      }
      for (const value of ["0", "-1", "1.5", "two"]) {
        const r = yield* cli("generate", "--workers", value)
        expect(r.code, value).toBe(2)
        expect(r.stderr.trim()).toBe(`error: --workers: expected an integer ≥ 1, got "${value}"`)
      }
      const missing = yield* cli("facts", "--shard")
      expect(missing.code).toBe(2)
      expect(missing.stderr.trim()).toBe("error: --shard: missing value")
    })
  )

  it.effect("an unknown command or flag is a usage error", () =>
    Effect.gen(function* () {
      const cmd = yield* cli("frobnicate")
      expect(cmd.code).toBe(2)
      expect(cmd.stderr).toContain("init")
      const flag = yield* cli("generate", "--bogus")
      expect(flag.code).toBe(2)
      expect(flag.stderr).toContain("--bogus")
    })
  )
})
