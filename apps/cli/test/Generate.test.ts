/**
 * End to end over the built executable (`node dist/bin.js`), with the test plugins of
 * the generator's test fixture `plugins.mjs` (`--only-config-plugins`, so the built-in plugin families are not
 * involved): layout, incremental runs, SIGKILL at random moments then resume, errors, `--json`,
 * progress lines on a non-TTY and `validate`.
 */
import { spawn } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { afterAll, beforeAll } from "vitest"
import { BIN, plain, PLUGINS_FIXTURE, requireBuild, spawnCli, tempDir } from "./helpers.js"

const tmp = tempDir()
beforeAll(requireBuild)
afterAll(tmp.cleanup)

const BAD = fileURLToPath(
  new URL("../../../packages/generator/test/fixtures/bad-receipts.mjs", import.meta.url)
)

/** A small world over 40 days: long enough (~2 s) for kills to land in every phase. */
const CONFIG = tmp.file(
  "small.json",
  JSON.stringify({
    seed: 11,
    volume: { stores: 20, dcs: 3, customers: 2000, products: 400, geographies: 30 },
    dates: { start: "2024-03-01", end: "2024-04-09" },
    plugins: [PLUGINS_FIXTURE]
  })
)

const generateArgs = (out: string, ...extra: ReadonlyArray<string>) => [
  "generate",
  "--config",
  CONFIG,
  "--only-config-plugins",
  "--out",
  out,
  ...extra
]

/** Every file under `dir` (hidden ones included), relative path → bytes. */
const tree = (dir: string): Map<string, Buffer> => {
  const out = new Map<string, Buffer>()
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.set(relative(dir, p), readFileSync(p))
    }
  }
  if (existsSync(dir)) walk(dir)
  return out
}

const expectSameTree = (expected: Map<string, Buffer>, dir: string) => {
  const actual = tree(dir)
  expect([...actual.keys()].sort()).toStrictEqual([...expected.keys()].sort())
  for (const [k, v] of expected) expect(v.equals(actual.get(k)!), `${k} differs`).toBe(true)
}

interface Finished {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs the CLI as a child process; sends it `signal` (default SIGKILL) after `afterMs`, or as
 * soon as its stdout has `atLine` lines, if given.
 */
const run = (
  args: ReadonlyArray<string>,
  kill: { readonly afterMs?: number; readonly atLine?: number; readonly signal?: NodeJS.Signals } = {}
): Promise<Finished> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: tmp.dir,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    const signal = kill.signal ?? "SIGKILL"
    const timer = kill.afterMs === undefined ? undefined : setTimeout(() => child.kill(signal), kill.afterMs)
    let sent = false
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString()
      if (kill.atLine !== undefined && !sent && stdout.split("\n").length > kill.atLine) {
        sent = true
        child.kill(signal)
      }
    })
    child.stderr.on("data", (d: Buffer) => void (stderr += d.toString()))
    child.on("error", reject)
    child.on("close", (code, signal) => {
      if (timer !== undefined) clearTimeout(timer)
      resolve({ code, signal, stdout: plain(stdout), stderr: plain(stderr) })
    })
  })

/** A pseudo-random sequence for the kill moments (seeded: a failure can be replayed). */
const moments = (seed: number, n: number, min: number, max: number): Array<number> => {
  let x = seed >>> 0 || 1
  return Array.from({ length: n }, () => {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    return min + (x % (max - min + 1))
  })
}

/** The last day done according to the facts manifest under `out`, or "none". */
const lastDayOf = (out: string): string => {
  const manifest = join(out, "facts", "_manifest.json")
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, "utf8")).lastDay : "none"
}

let reference: Map<string, Buffer> | undefined
/** The files of one uninterrupted run of the 40 days. */
const uninterrupted = async (): Promise<Map<string, Buffer>> => {
  if (reference !== undefined) return reference
  const out = join(tmp.dir, "reference")
  const r = await run(generateArgs(out, "--quiet"))
  expect(r.stderr).toBe("")
  expect(r.code).toBe(0)
  reference = tree(out)
  return reference
}

describe("generate (built executable)", () => {
  it("writes master/<table>.csv and facts/<table>/dt=YYYY-MM-DD/<table>_YYYYMMDD.csv, one line per day on a non-TTY", async () => {
    const out = join(tmp.dir, "layout")
    const r = await run(generateArgs(out, "--end", "2024-03-03"))
    expect(r.stderr).toBe("")
    expect(r.code).toBe(0)
    const files = [...tree(out).keys()].sort()
    expect(files.filter((f) => f.startsWith("master/"))).toStrictEqual(
      [
        "_manifest.json",
        "customers.csv",
        "dc_inventory_snapshots.csv",
        "distribution_centers.csv",
        "geographies_master.csv",
        "products_master.csv",
        "store_inventory_snapshots.csv",
        "stores.csv",
        "trucks.csv"
      ].map((f) => `master/${f}`)
    )
    expect(files.filter((f) => f.startsWith("facts/"))).toStrictEqual([
      "facts/_config.json",
      "facts/_manifest.json",
      "facts/_state/20240303.json",
      "facts/daily_totals/dt=2024-03-01/daily_totals_20240301.csv",
      "facts/daily_totals/dt=2024-03-02/daily_totals_20240302.csv",
      "facts/daily_totals/dt=2024-03-03/daily_totals_20240303.csv",
      "facts/store_visits/dt=2024-03-01/store_visits_20240301.csv",
      "facts/store_visits/dt=2024-03-02/store_visits_20240302.csv",
      "facts/store_visits/dt=2024-03-03/store_visits_20240303.csv"
    ])
    const dayLines = r.stdout.split("\n").filter((l) => /^\d{4}-\d{2}-\d{2} done /.test(l))
    expect(dayLines).toHaveLength(3)
    dayLines.forEach((l, i) => {
      expect(l).toMatch(
        new RegExp(
          `^2024-03-0${i + 1} done \\(${i + 1}/3\\): [\\d,]+ rows, [\\d.]+ (B|KiB|MiB) in 2 files; [\\d,]+ rows/s`
        )
      )
    })
    // no carriage returns or escape codes when stdout is not a terminal
    expect(r.stdout.includes("\r") || r.stdout.includes(String.fromCharCode(27))).toBe(false)
  })

  it("--json prints only the summary document: rows and bytes per table, files, seconds, rows/s", async () => {
    const out = join(tmp.dir, "json")
    const r = await run(generateArgs(out, "--end", "2024-03-02", "--json"))
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(Object.keys(doc)).toEqual(
      expect.arrayContaining([
        "command",
        "plan",
        "tables",
        "totalRows",
        "totalBytes",
        "files",
        "seconds",
        "rowsPerSecond",
        "bytesPerSecond",
        "days",
        "master",
        "notes"
      ])
    )
    expect(doc.tables).toHaveLength(2)
    for (const t of doc.tables) {
      expect(Object.keys(t).sort()).toStrictEqual(["bytes", "rows", "table"])
      expect(t.rows).toBeGreaterThan(0)
      expect(t.bytes).toBeGreaterThan(0)
    }
    const manifest = JSON.parse(readFileSync(join(out, "facts", "_manifest.json"), "utf8"))
    for (const t of doc.tables) {
      const files = manifest.files.filter((f: { table: string }) => f.table === t.table)
      expect(t.rows).toBe(files.reduce((s: number, f: { rows: number }) => s + f.rows, 0))
      expect(t.bytes).toBe(files.reduce((s: number, f: { bytes: number }) => s + f.bytes, 0))
    }
    expect(doc.files).toBe(4)
    expect(doc.totalRows).toBe(doc.tables[0].rows + doc.tables[1].rows)
    expect(doc.seconds).toBeGreaterThan(0)
    expect(doc.rowsPerSecond).toBeGreaterThan(0)
  })

  it("days 1–3, then `facts` without --start continuing to day 6, equal one run of days 1–6 byte for byte", async () => {
    const whole = join(tmp.dir, "whole6")
    expect((await run(generateArgs(whole, "--end", "2024-03-06", "--quiet"))).code).toBe(0)
    const split = join(tmp.dir, "split6")
    expect((await run(generateArgs(split, "--end", "2024-03-03", "--quiet"))).code).toBe(0)
    const rest = await run([
      "facts",
      "--config",
      CONFIG,
      "--only-config-plugins",
      "--out",
      split,
      "--end",
      "2024-03-06"
    ])
    expect(rest.stderr).toBe("")
    expect(rest.code).toBe(0)
    expect(rest.stdout).toContain("continuing after 2024-03-03: 3 days to go")
    expectSameTree(tree(whole), split)
  })

  it("killed with SIGKILL at random moments, then rerun with the same command, ends byte-identical", async () => {
    const expected = await uninterrupted()
    // Random kill moments; CRASH_SEED=<n> replays a failing set.
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000_007)
    const trials: Array<{ readonly afterMs?: number; readonly atLine?: number }> = [
      ...moments(seed, 3, 50, 1500).map((afterMs) => ({ afterMs })),
      // also mid-run for sure: after the master line and a few (or many) day lines
      { atLine: 12 },
      { atLine: 30 }
    ]
    const outcomes: Array<string> = []
    for (const [i, kill] of trials.entries()) {
      const out = join(tmp.dir, `crash${i}`)
      const label = `CRASH_SEED=${seed} trial ${i} ${JSON.stringify(kill)}`
      const first = await run(generateArgs(out), kill)
      if (first.signal === "SIGKILL") outcomes.push(`killed, facts done through ${lastDayOf(out)}`)
      else {
        expect(first.code, label).toBe(0)
        outcomes.push("finished before the kill")
      }
      const again = await run(generateArgs(out))
      expect(again.stderr, label).toBe("")
      expect(again.code, label).toBe(0)
      expectSameTree(expected, out)
      expect(
        [...tree(out).keys()].filter((k) => k.includes(".tmp-")),
        label
      ).toStrictEqual([])
    }
    // the trials interrupted real work, some of them in the middle of the days
    expect(outcomes.filter((o) => o.startsWith("killed")).length, outcomes.join("; ")).toBeGreaterThanOrEqual(
      2
    )
    expect(
      outcomes.some((o) => /^killed, facts done through 2024-/.test(o)),
      outcomes.join("; ")
    ).toBe(true)
  }, 300_000)

  it("interrupted with SIGINT (Ctrl-C): exit 130, only whole days visible; the same command then completes it", async () => {
    const expected = await uninterrupted()
    for (const [i, atLine] of [10, 25].entries()) {
      const out = join(tmp.dir, `sigint${i}`)
      const first = await run(generateArgs(out), { atLine, signal: "SIGINT" })
      expect(first.code, `${first.signal} ${first.stderr} ${first.stdout}`).toBe(130)
      // every file the manifest lists exists, and no fact file outside it is visible
      const manifest = join(out, "facts", "_manifest.json")
      const listed = existsSync(manifest)
        ? JSON.parse(readFileSync(manifest, "utf8")).files.map((f: { path: string }) => `facts/${f.path}`)
        : []
      const visible = [...tree(out).keys()].filter((k) => k.startsWith("facts/") && k.endsWith(".csv"))
      expect(visible.sort()).toStrictEqual([...listed].sort())
      const again = await run(generateArgs(out, "--quiet"))
      expect(again.stderr).toBe("")
      expect(again.code).toBe(0)
      expectSameTree(expected, out)
    }
  }, 300_000)

  it("its output piped into a reader that stops early (`| head -2`): no crash, the dataset is still completed", async () => {
    const out = join(tmp.dir, "piped")
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...generateArgs(out)], {
        cwd: tmp.dir,
        stdio: ["ignore", "pipe", "pipe"]
      })
      // read the first chunk, then close the pipe like `head` does
      child.stdout.once("data", () => child.stdout.destroy())
      child.on("error", reject)
      child.on("close", resolve)
    })
    expect(code).toBe(0)
    const manifest = JSON.parse(readFileSync(join(out, "facts", "_manifest.json"), "utf8"))
    expect(manifest.lastDay).toBe("2024-04-09")
  })

  it("a configuration that differs from the manifest's: one error line naming it, exit 1; --force starts over", async () => {
    const out = join(tmp.dir, "mismatch")
    expect((await run(generateArgs(out, "--end", "2024-03-02", "--quiet"))).code).toBe(0)
    const before = tree(out)
    const r = await run(generateArgs(out, "--end", "2024-03-02", "--seed", "12"))
    expect(r.code).toBe(1)
    const errors = r.stderr.trim().split("\n")
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(
      new RegExp(
        `^error: the facts in ${join(out, "facts")} were generated with another configuration \\(config hash [0-9a-f]{12} in its manifest, [0-9a-f]{12} now\\); use --overwrite`
      )
    )
    expectSameTree(before, out)
    const forced = await run(generateArgs(out, "--end", "2024-03-02", "--seed", "12", "--force", "--quiet"))
    expect(forced.stderr).toBe("")
    expect(forced.code).toBe(0)
    const manifest = JSON.parse(readFileSync(join(out, "facts", "_manifest.json"), "utf8"))
    expect(manifest.seed).toBe(12)
  })

  it("an output directory that cannot be created: one error line naming the path and the cause, nothing partial", async () => {
    const blocker = tmp.file("blocker", "not a directory")
    const r = await run(generateArgs(join(blocker, "out"), "--end", "2024-03-02"))
    expect(r.code).toBe(1)
    expect(r.stderr.trim()).toMatch(
      new RegExp(
        `^error: cannot write ${join(blocker, "out", "master")}\\S*: a parent path is not a directory \\(ENOTDIR\\) while creating its directory$`
      )
    )
    // facts directory blocked, master fine
    const out = join(tmp.dir, "factsblocked")
    mkdirSync(out)
    writeFileSync(join(out, "facts"), "")
    const f = await run(generateArgs(out, "--end", "2024-03-02"))
    expect(f.code).toBe(1)
    expect(f.stderr.trim()).toBe(
      `error: cannot write ${join(out, "facts")}: a file of that name exists and is not a directory (EEXIST) while creating its directory`
    )
    expect([...tree(out).keys()].filter((k) => k.includes(".tmp-"))).toStrictEqual([])
  })

  it("facts without master data: names the directory and the command that creates it", () => {
    const out = join(tmp.dir, "nomaster")
    const r = spawnCli(["facts", "--config", CONFIG, "--only-config-plugins", "--out", out], tmp.dir)
    expect(r.code).toBe(1)
    const master = join(out, "master")
    expect(r.stderr).toBe(
      `error: no master data in ${master} (${join(master, "geographies_master.csv")} not found); create it with \`retail-datagen master\`, or run \`retail-datagen generate\`, which creates it before the facts\n`
    )
    expect(existsSync(join(out, "facts"))).toBe(false)
  })
})

describe("validate (built executable)", () => {
  it("passes on a generated dataset (text and --json), fails with exit 1 on violations", async () => {
    const out = join(tmp.dir, "valid")
    expect((await run(generateArgs(out, "--end", "2024-03-02", "--quiet"))).code).toBe(0)
    const text = spawnCli(["validate", out, "--config", CONFIG], tmp.dir)
    expect(text.stderr).toBe("")
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^I1 keys\s+pass/m)
    const json = spawnCli(["validate", out, "--json"], tmp.dir)
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout).ok).toBe(true)
    // break a key: a store served by a DC that does not exist
    const stores = join(out, "master", "stores.csv")
    const lines = readFileSync(stores, "utf8").split("\n")
    const cells = lines[1]!.split(",")
    const dc = lines[0]!.split(",").indexOf("DCID")
    cells[dc] = "999"
    lines[1] = cells.join(",")
    writeFileSync(stores, lines.join("\n"))
    const bad = spawnCli(["validate", out], tmp.dir)
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(/^I1 keys\s+FAIL/m)
    expect(bad.stderr).toMatch(/^error: .*: \d+ violations? of the data contract \(files, I1 keys\)\n$/)
  })

  it("a Black Friday dataset of the built-in plugins validates clean with the hours recorded in facts/_config.json", async () => {
    const config = tmp.file(
      "black-friday.json",
      JSON.stringify({
        seed: 5,
        volume: {
          stores: 6,
          dcs: 2,
          customers: 800,
          products: 150,
          geographies: 10,
          customers_per_day: 400,
          online_orders_per_day: 40,
          marketing_impressions_per_day: 300
        },
        dates: { start: "2024-11-28", end: "2024-11-30" }
      })
    )
    const out = join(tmp.dir, "black-friday")
    const gen = await run(["generate", "--config", config, "--out", out, "--json", "--quiet"])
    expect(gen.code).toBe(0)
    const summary = JSON.parse(gen.stdout)
    expect(summary.lostSales.requestedUnits).toBeGreaterThan(0)
    expect(summary.lostSales.share).toBeGreaterThanOrEqual(0)
    expect(summary.lostSales.share).toBeLessThan(1)
    expect(existsSync(join(out, "facts", "_config.json"))).toBe(true)
    const ok = spawnCli(["validate", out], tmp.dir)
    expect(ok.stdout).toMatch(/^I5 time\s+pass/m)
    expect(ok.code).toBe(0)
    expect(ok.stdout).not.toMatch(/^note: no facts/m)
    // without the recorded configuration: the regular hours, and a note saying where they came from
    rmSync(join(out, "facts", "_config.json"))
    const plain = spawnCli(["validate", out], tmp.dir)
    expect(plain.stdout).toMatch(
      /^note: no facts\/_config\.json in .*: store hours from the patterns of built-in defaults$/m
    )
  })

  it("generate --validate fails on contract violations and prints the report", async () => {
    const config = tmp.file(
      "bad.json",
      JSON.stringify({
        volume: { stores: 4, dcs: 1, customers: 100, products: 50, geographies: 10 },
        dates: { start: "2024-03-01", end: "2024-03-02" },
        plugins: [BAD]
      })
    )
    const out = join(tmp.dir, "badrun")
    const r = await run([
      "generate",
      "--config",
      config,
      "--only-config-plugins",
      "--out",
      out,
      "--validate",
      "--quiet"
    ])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/I3 receipts\s+FAIL/)
    expect(r.stderr).toMatch(/^error: validation failed: \d+ violations? \(.*I3 receipts.*\)/m)
  })
})
