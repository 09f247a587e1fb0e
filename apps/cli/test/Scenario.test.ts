/**
 * `generate --scenario` and `diff` as processes: a twin with DC 1 closed, made with two worker
 * threads and again with one worker in two steps (resume), has the same bytes; `diff --json`
 * against the baseline shows the effect in DC 1's region only, with the intervention listed.
 */
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { afterAll, beforeAll } from "vitest"
import { Splits } from "@retail-datagen/testkit"
import { BIN, requireBuild, tempDir } from "./helpers.js"

const tmp = tempDir()
afterAll(tmp.cleanup)
beforeAll(requireBuild)

const CONFIG = {
  seed: 11,
  volume: {
    stores: 4,
    dcs: 2,
    customers: 400,
    products: 150,
    geographies: 10,
    customers_per_day: 200,
    online_orders_per_day: 10,
    marketing_impressions_per_day: 100,
    trucks_per_dc: 2
  },
  dates: { start: "2024-12-09", end: "2024-12-13" }
}
const CLOSED = { type: "dc_closed", dc: 1, start: "2024-12-10", end: "2024-12-12" }

/** Runs the CLI without blocking the test worker (a long synchronous spawn starves vitest's RPC). */
const cli = (args: ReadonlyArray<string>) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: tmp.dir, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr })
    )
  })

const ok = async (args: ReadonlyArray<string>) => {
  const r = await cli(args)
  expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0)
  return r.stdout
}

describe("generate --scenario and diff (processes)", () => {
  it("the twin is the same under 2 workers and under resume, and diff shows the effect in its region", async () => {
    fs.writeFileSync(path.join(tmp.dir, "world.json"), JSON.stringify(CONFIG))
    fs.writeFileSync(
      path.join(tmp.dir, "dc.json"),
      JSON.stringify({ name: "DC 1 closed", interventions: [CLOSED] })
    )
    const gen = ["generate", "--config", "world.json", "-q"]
    await ok([...gen, "--out", "base", "--workers", "1"])
    await ok([...gen, "--out", "twin", "--scenario", "dc.json", "--workers", "2"])
    await ok([...gen, "--out", "resumed", "--scenario", "dc.json", "--workers", "1", "--end", "2024-12-10"])
    // a different scenario cannot continue the dataset
    const refused = await cli([...gen, "--out", "resumed", "--workers", "1"])
    expect(refused.code).not.toBe(0)
    await ok([...gen, "--out", "resumed", "--scenario", "dc.json", "--workers", "1"])

    const twin = Splits.dataFiles(path.join(tmp.dir, "twin"))
    const resumed = Splits.dataFiles(path.join(tmp.dir, "resumed"))
    expect([...resumed.keys()].sort()).toStrictEqual([...twin.keys()].sort())
    for (const [f, bytes] of twin) expect(bytes.equals(resumed.get(f)!), f).toBe(true)

    const diff = JSON.parse(await ok(["diff", "base", "twin", "--json", "--out", "diff.html"])) as {
      interventions: ReadonlyArray<unknown>
      totals: ReadonlyArray<{ metric: string; dc: number; base: number; delta: number }>
    }
    expect(diff.interventions).toStrictEqual([CLOSED])
    const total = (metric: string, dc: number) => diff.totals.find((t) => t.metric === metric && t.dc === dc)!
    expect(total("deliveries", 1).delta).toBeLessThan(0)
    for (const metric of ["receipts", "units", "revenue", "visits", "deliveries"]) {
      expect(total(metric, 2).base, metric).toBeGreaterThan(0)
      expect(total(metric, 2).delta, metric).toBe(0)
    }
    expect(fs.readFileSync(path.join(tmp.dir, "diff.html"), "utf8")).toContain("dc_closed")
  })
})
