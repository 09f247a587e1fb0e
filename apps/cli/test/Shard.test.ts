/**
 * Sharded runs through the command line (run in this process; its worker threads need the
 * build): `--shard k/N` writes part files (master files from shard 1 only), `merge` joins them
 * into files byte-identical to a single run's, and the errors of an incomplete or repeated merge.
 * The generator's fixture plugins (`--only-config-plugins`) keep it fast; the built-in plugins'
 * byte identity is the generator's ScaleOut test.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join, relative } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { afterAll, beforeAll } from "vitest"
import { PLUGINS_FIXTURE, requireBuild, runCli, tempDir } from "./helpers.js"

const tmp = tempDir()
beforeAll(requireBuild)
afterAll(tmp.cleanup)

/** 12 stores in 4 DC regions, three days. */
const CONFIG = tmp.file(
  "sharded.json",
  JSON.stringify({
    seed: 3,
    volume: { stores: 12, dcs: 4, customers: 600, products: 150, geographies: 12 },
    dates: { start: "2024-03-01", end: "2024-03-03" },
    plugins: [PLUGINS_FIXTURE]
  })
)

const generate = (out: string, ...extra: ReadonlyArray<string>) =>
  runCli(["generate", "--config", CONFIG, "--only-config-plugins", "--out", out, ...extra])

/** Data files (master tables, fact partitions; not manifests, states or `_config.json`) → bytes. */
const dataFiles = (dir: string): Map<string, Buffer> => {
  const out = new Map<string, Buffer>()
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith("_")) continue
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.set(relative(dir, p), readFileSync(p))
    }
  }
  if (existsSync(dir)) walk(dir)
  return out
}

describe("--shard k/N and merge", () => {
  it("three shards (in any order) then merge equal a single run, byte for byte", async () => {
    const single = join(tmp.dir, "single")
    const one = await generate(single, "--workers", "1")
    expect(one.stderr).toBe("")
    expect(one.code).toBe(0)

    const sharded = join(tmp.dir, "sharded")
    // shard 2 first: it needs nothing of the others and writes no master files
    const second = await generate(sharded, "--shard", "2/3")
    expect(second.stderr).toBe("")
    expect(second.code).toBe(0)
    expect(second.stdout).toContain("workers: 1 · shard 2/3 (region 2)")
    expect(second.stdout).toContain("master data: left to shard 1/3")
    expect(second.stdout).toContain(`join them with \`retail-datagen merge ${sharded}\``)
    expect(existsSync(join(sharded, "master"))).toBe(false)
    const parts = [...dataFiles(sharded).keys()].sort()
    expect(parts).toHaveLength(2 * 3)
    expect(parts).toContain(
      join("facts", "store_visits", "dt=2024-03-01", "store_visits_20240301.part-2-of-3.csv")
    )
    expect(parts.every((f) => f.endsWith(".part-2-of-3.csv"))).toBe(true)

    const first = await generate(sharded, "--shard", "1/3", "--workers", "2")
    expect(first.code).toBe(0)
    expect(first.stdout).toContain("workers: 2 · shard 1/3 (regions 1, 4)")
    expect(existsSync(join(sharded, "master"))).toBe(true)
    expect((await generate(sharded, "--shard", "3/3", "--json")).code).toBe(0)

    const merged = await runCli(["merge", sharded])
    expect(merged.stderr).toBe("")
    expect(merged.code).toBe(0)
    expect(merged.stdout).toContain("merge:   3 shards, 6 files, 2024-03-01 .. 2024-03-03")
    // not a terminal: one line per day
    expect(merged.stdout.split("\n").filter((l) => / merged \(\d\/3\): /.test(l))).toHaveLength(3)
    expect(merged.stdout).toMatch(/^merged: {2}6 files, [\d,]+ rows, .* in [\d.]+ s/m)

    const expected = dataFiles(single)
    const actual = dataFiles(sharded)
    expect([...actual.keys()].sort()).toStrictEqual([...expected.keys()].sort())
    for (const [file, bytes] of expected)
      expect(bytes.equals(actual.get(file)!), `${file} differs`).toBe(true)
    // the part manifests are gone, the merged one is there
    const bookkeeping = readdirSync(join(sharded, "facts")).filter((f) => f.startsWith("_manifest"))
    expect(bookkeeping).toStrictEqual(["_manifest.json"])
    // merged again: nothing left to merge
    const again = await runCli(["merge", sharded])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain("already merged")
  })

  it("merge --json --keep-parts; an incomplete set of shards is an error naming the missing one", async () => {
    const dir = join(tmp.dir, "partial")
    expect((await generate(dir, "--shard", "1/2", "--days", "1", "--quiet")).code).toBe(0)
    const missing = await runCli(["merge", dir])
    expect(missing.code).toBe(1)
    expect(missing.stdout).toBe("")
    expect(missing.stderr).toMatch(/^error: cannot merge the shards in .*: shard 2 of 2 has no manifest/)
    expect((await generate(dir, "--shard", "2/2", "--days", "1", "--quiet")).code).toBe(0)
    const json = await runCli(["merge", dir, "--json", "--keep-parts"])
    expect(json.stderr).toBe("")
    expect(json.code).toBe(0)
    const doc = JSON.parse(json.stdout)
    expect(doc).toMatchObject({ command: "merge", shards: 2, files: 2, removed: 0, start: "2024-03-01" })
    expect(doc.totalRows).toBeGreaterThan(0)
    // the parts are kept next to the merged files
    const day = readdirSync(join(dir, "facts", "store_visits", "dt=2024-03-01")).sort()
    expect(day).toStrictEqual([
      "store_visits_20240301.csv",
      "store_visits_20240301.part-1-of-2.csv",
      "store_visits_20240301.part-2-of-2.csv"
    ])
  })

  it("merge --help teaches the sharded run", async () => {
    const help = await runCli(["merge", "--help"])
    expect(help.code).toBe(0)
    for (const text of [
      "--shard 1/3",
      "--shard 3/3",
      "retail-datagen merge data",
      "--keep-parts",
      "--overwrite",
      "--json"
    ])
      expect(help.stdout).toContain(text)
  })
})
