/**
 * Crashes of the built executable (a heavy end-to-end file, run by `npm run test:heavy`): killed
 * with SIGKILL at random moments or interrupted with SIGINT over a 40-day run of the generator's
 * test plugins, then rerun with the same command, the dataset ends byte-identical to an
 * uninterrupted run's. Each case runs the CLI a dozen times, so it takes well over 10 s.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { afterAll, beforeAll } from "vitest"
import { expectSameTree, requireBuild, runProcess, smallWorld, tempDir, tree } from "./helpers.js"

const tmp = tempDir()
beforeAll(requireBuild)
afterAll(tmp.cleanup)

const { generateArgs } = smallWorld(tmp)

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
  const r = await runProcess(generateArgs(out, "--quiet"), tmp.dir)
  expect(r.stderr).toBe("")
  expect(r.code).toBe(0)
  reference = tree(out)
  return reference
}

describe("generate (built executable) killed and rerun", () => {
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
      const first = await runProcess(generateArgs(out), tmp.dir, kill)
      if (first.signal === "SIGKILL") outcomes.push(`killed, facts done through ${lastDayOf(out)}`)
      else {
        expect(first.code, label).toBe(0)
        outcomes.push("finished before the kill")
      }
      const again = await runProcess(generateArgs(out), tmp.dir)
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
      const first = await runProcess(generateArgs(out), tmp.dir, { atLine, signal: "SIGINT" })
      expect(first.code, `${first.signal} ${first.stderr} ${first.stdout}`).toBe(130)
      // every file the manifest lists exists, and no fact file outside it is visible
      const manifest = join(out, "facts", "_manifest.json")
      const listed = existsSync(manifest)
        ? JSON.parse(readFileSync(manifest, "utf8")).files.map((f: { path: string }) => `facts/${f.path}`)
        : []
      const visible = [...tree(out).keys()].filter((k) => k.startsWith("facts/") && k.endsWith(".csv"))
      expect(visible.sort()).toStrictEqual([...listed].sort())
      const again = await runProcess(generateArgs(out, "--quiet"), tmp.dir)
      expect(again.stderr).toBe("")
      expect(again.code).toBe(0)
      expectSameTree(expected, out)
    }
  }, 300_000)
})
