/**
 * The commands end to end, with the test plugins of the generator's test fixture `plugins.mjs`
 * (`--only-config-plugins`, so the built-in plugin families are not involved): layout, incremental
 * runs, errors, `--json`, progress lines on a non-TTY and `validate`. They run the command line in
 * this process (`runCli`); the built executable is spawned where the process is the subject (its
 * output piped into a reader that stops early). Killed and interrupted runs: `Crash.test.ts`.
 */
import { spawn } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { afterAll, beforeAll } from "vitest"
import { BIN, expectSameTree, requireBuild, runCli, smallWorld, tempDir, tree } from "./helpers.js"

const tmp = tempDir()
beforeAll(requireBuild)
afterAll(tmp.cleanup)

const BAD = fileURLToPath(
  new URL("../../../packages/generator/test/fixtures/bad-receipts.mjs", import.meta.url)
)

const { config: CONFIG, generateArgs } = smallWorld(tmp)

describe("generate", () => {
  it("writes master/<table>.csv and facts/<table>/dt=YYYY-MM-DD/<table>_YYYYMMDD.csv, one line per day on a non-TTY", async () => {
    const out = join(tmp.dir, "layout")
    const r = await runCli(generateArgs(out, "--end", "2024-03-03"))
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
    const r = await runCli(generateArgs(out, "--end", "2024-03-02", "--json"))
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
    expect((await runCli(generateArgs(whole, "--end", "2024-03-06", "--quiet"))).code).toBe(0)
    const split = join(tmp.dir, "split6")
    expect((await runCli(generateArgs(split, "--end", "2024-03-03", "--quiet"))).code).toBe(0)
    const rest = await runCli([
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

  it("its output piped into a reader that stops early (`| head -2`): no crash, the dataset is still completed", async () => {
    const out = join(tmp.dir, "piped")
    // twelve days: the day lines keep coming after the pipe is closed
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...generateArgs(out, "--end", "2024-03-12")], {
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
    expect(manifest.lastDay).toBe("2024-03-12")
  })

  it("a configuration that differs from the manifest's: one error line naming it, exit 1; --force starts over", async () => {
    const out = join(tmp.dir, "mismatch")
    expect((await runCli(generateArgs(out, "--end", "2024-03-02", "--quiet"))).code).toBe(0)
    const before = tree(out)
    const r = await runCli(generateArgs(out, "--end", "2024-03-02", "--seed", "12"))
    expect(r.code).toBe(1)
    const errors = r.stderr.trim().split("\n")
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(
      new RegExp(
        `^error: the facts in ${join(out, "facts")} were generated with another configuration \\(config hash [0-9a-f]{12} in its manifest, [0-9a-f]{12} now\\); use --overwrite`
      )
    )
    expectSameTree(before, out)
    const forced = await runCli(
      generateArgs(out, "--end", "2024-03-02", "--seed", "12", "--force", "--quiet")
    )
    expect(forced.stderr).toBe("")
    expect(forced.code).toBe(0)
    const manifest = JSON.parse(readFileSync(join(out, "facts", "_manifest.json"), "utf8"))
    expect(manifest.seed).toBe(12)
  })

  it("an output directory that cannot be created: one error line naming the path and the cause, nothing partial", async () => {
    const blocker = tmp.file("blocker", "not a directory")
    const r = await runCli(generateArgs(join(blocker, "out"), "--end", "2024-03-02"))
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
    const f = await runCli(generateArgs(out, "--end", "2024-03-02"))
    expect(f.code).toBe(1)
    expect(f.stderr.trim()).toBe(
      `error: cannot write ${join(out, "facts")}: a file of that name exists and is not a directory (EEXIST) while creating its directory`
    )
    expect([...tree(out).keys()].filter((k) => k.includes(".tmp-"))).toStrictEqual([])
  })

  it("facts without master data: names the directory and the command that creates it", async () => {
    const out = join(tmp.dir, "nomaster")
    const r = await runCli(["facts", "--config", CONFIG, "--only-config-plugins", "--out", out])
    expect(r.code).toBe(1)
    const master = join(out, "master")
    expect(r.stderr).toBe(
      `error: no master data in ${master} (${join(master, "geographies_master.csv")} not found); create it with \`retail-datagen master\`, or run \`retail-datagen generate\`, which creates it before the facts\n`
    )
    expect(existsSync(join(out, "facts"))).toBe(false)
  })
})

describe("validate", () => {
  it("passes on a generated dataset (text and --json), fails with exit 1 on violations", async () => {
    const out = join(tmp.dir, "valid")
    expect((await runCli(generateArgs(out, "--end", "2024-03-02", "--quiet"))).code).toBe(0)
    const text = await runCli(["validate", out, "--config", CONFIG])
    expect(text.stderr).toBe("")
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^I1 keys\s+pass/m)
    const json = await runCli(["validate", out, "--json"])
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
    const bad = await runCli(["validate", out])
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
          stores: 4,
          dcs: 2,
          customers: 400,
          products: 100,
          geographies: 10,
          customers_per_day: 200,
          online_orders_per_day: 20,
          marketing_impressions_per_day: 150
        },
        dates: { start: "2024-11-28", end: "2024-11-30" }
      })
    )
    const out = join(tmp.dir, "black-friday")
    const gen = await runCli(["generate", "--config", config, "--out", out, "--json", "--quiet"])
    expect(gen.code).toBe(0)
    const summary = JSON.parse(gen.stdout)
    expect(summary.lostSales.requestedUnits).toBeGreaterThan(0)
    expect(summary.lostSales.share).toBeGreaterThanOrEqual(0)
    expect(summary.lostSales.share).toBeLessThan(1)
    expect(existsSync(join(out, "facts", "_config.json"))).toBe(true)
    const ok = await runCli(["validate", out])
    expect(ok.stdout).toMatch(/^I5 time\s+pass/m)
    expect(ok.code).toBe(0)
    expect(ok.stdout).not.toMatch(/^note: no facts/m)
    // without the recorded configuration: the regular hours, and a note saying where they came from
    rmSync(join(out, "facts", "_config.json"))
    const plain = await runCli(["validate", out])
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
    const r = await runCli([
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
