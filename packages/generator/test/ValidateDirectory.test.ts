/**
 * `validateDirectory` trusts nothing: on a small generated dataset, each mutation — rows
 * deleted, a value changed at the same length, a file deleted, a stray file added — is caught by
 * a finding of the `files` check (M) that names the file; a directory that is not a dataset is
 * an error; a dataset being written is refused unless `allowLocked`; an unmerged sharded run
 * still validates.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Report } from "@retail-datagen/validation"
import { Effect } from "effect"
import { Generator, Lock } from "../src/index.js"
import { cleanup, freshDir, smallConfig } from "./helpers.js"

afterAll(cleanup)

const config = (dir: string) =>
  smallConfig(dir, {
    volume: { stores: 3, dcs: 1, customers: 200, products: 120, geographies: 10, customers_per_day: 60 },
    dates: { start: "2024-02-01", end: "2024-02-02" },
    plugins: []
  })

let base: string | undefined
/** A copy of one generated dataset (built-in plugins, two days). */
const dataset = (): Effect.Effect<string> =>
  Effect.gen(function* () {
    if (base === undefined) {
      const dir = freshDir()
      yield* Effect.orDie(Generator.generate(config(dir), { workers: 1 }))
      base = dir
    }
    const copy = freshDir()
    fs.cpSync(base, copy, { recursive: true })
    return copy
  })

const validate = (dir: string, options: Generator.ValidateOptions = {}) =>
  Effect.orDie(Generator.validateDirectory(dir, config(dir), options))

const files = (report: Report.Report) => Report.get(report, "M")!

/** The first fact file of `table` (relative to the dataset root). */
const factFile = (dir: string, table: string): string => {
  const day = fs.readdirSync(path.join(dir, "facts", table)).sort()[0]!
  const name = fs.readdirSync(path.join(dir, "facts", table, day))[0]!
  return `facts/${table}/${day}/${name}`
}

describe("validateDirectory trusts nothing", () => {
  it.effect("a generated dataset passes, files included, with no notes about the generator's own files", () =>
    Effect.gen(function* () {
      const dir = yield* dataset()
      const progress: Array<number> = []
      const report = yield* validate(dir, { onProgress: (p) => progress.push(p.files) })
      expect(Report.ok(report), Report.text(report)).toBe(true)
      expect(files(report).status).toBe("pass")
      expect(files(report).rows).toBe(report.rows)
      const notes = report.checks.flatMap((c) => c.notes).join("\n")
      expect(notes).not.toMatch(/_manifest|_config|_state|_lock/)
      // one progress call per file read, in order
      expect(progress).toStrictEqual(progress.map((_, i) => i + 1))
      expect(progress.length).toBe(report.sources)
    })
  )

  it.effect("rows deleted from a file", () =>
    Effect.gen(function* () {
      const dir = yield* dataset()
      const rel = factFile(dir, "ble_pings")
      const lines = fs.readFileSync(path.join(dir, rel), "utf8").split("\n")
      fs.writeFileSync(path.join(dir, rel), [...lines.slice(0, -4), ""].join("\n"))
      const report = yield* validate(dir)
      const hit = files(report).examples.find((e) => e.file === rel)
      expect(hit?.reason, Report.text(report)).toMatch(/^changed: \d+ rows, facts\/_manifest.json says \d+; /)
    })
  )

  it.effect("a value changed at the same length (a CustomerID digit); --fast does not see it", () =>
    Effect.gen(function* () {
      const dir = yield* dataset()
      const rel = factFile(dir, "receipts")
      const text = fs.readFileSync(path.join(dir, rel), "utf8")
      const lines = text.split("\n")
      const cells = lines[1]!.split(",")
      const id = cells[3]!
      cells[3] = `${id.slice(0, -1)}${id.endsWith("1") ? "2" : "1"}`
      lines[1] = cells.join(",")
      fs.writeFileSync(path.join(dir, rel), lines.join("\n"))
      expect(fs.statSync(path.join(dir, rel)).size).toBe(Buffer.byteLength(text))
      const report = yield* validate(dir)
      const hit = files(report).examples.find((e) => e.file === rel)
      expect(hit?.reason, Report.text(report)).toMatch(/^changed: content differs from facts\/_manifest.json/)
      const fast = yield* validate(dir, { fast: true })
      expect(files(fast).examples.find((e) => e.file === rel)).toBeUndefined()
    })
  )

  it.effect("a file deleted is named as missing first, without a cascade of side effects", () =>
    Effect.gen(function* () {
      const dir = yield* dataset()
      const rel = factFile(dir, "truck_moves")
      fs.rmSync(path.join(dir, rel))
      const report = yield* validate(dir)
      expect(Report.ok(report)).toBe(false)
      expect(files(report).examples[0]).toMatchObject({
        file: rel,
        reason: expect.stringMatching(
          /^missing: listed in facts\/_manifest.json \([\d,]+ rows\), not on disk$/
        )
      })
      expect(Report.failed(report), Report.text(report)).toStrictEqual(["M"])
    })
  )

  it.effect("a stray file is named; a master table deleted is missing", () =>
    Effect.gen(function* () {
      const dir = yield* dataset()
      const stray = `${path.dirname(factFile(dir, "receipts"))}/receipts_copy.csv`
      fs.writeFileSync(path.join(dir, stray), "x\n")
      fs.writeFileSync(path.join(dir, "master", "notes.txt"), "hello\n")
      fs.rmSync(path.join(dir, "master", "trucks.csv"))
      const report = yield* validate(dir)
      const m = files(report)
      expect(m.examples.map((e) => [e.file, e.reason.split(":")[0]]).sort()).toStrictEqual(
        [
          [stray, "stray file"],
          ["master/notes.txt", "stray file"],
          ["master/trucks.csv", "missing"]
        ].sort()
      )
    })
  )

  it.effect("a directory that is not a dataset is an error", () =>
    Effect.gen(function* () {
      const empty = freshDir()
      const e1 = yield* Effect.flip(Generator.validateDirectory(empty))
      expect(e1.message).toBe(`dataset ${empty}: not a dataset: no master/ or facts/ directory in it`)
      const dir = yield* dataset()
      const e2 = yield* Effect.flip(Generator.validateDirectory(path.join(dir, "facts")))
      expect(e2.message).toContain(`it looks like the facts directory of ${dir}: validate that`)
      const bare = freshDir()
      fs.mkdirSync(path.join(bare, "facts"))
      const e3 = yield* Effect.flip(Generator.validateDirectory(bare))
      expect(e3.message).toContain("no master/_manifest.json or facts/_manifest.json")
    })
  )

  it.effect("a dataset being written is refused unless allowLocked", () =>
    Effect.gen(function* () {
      const dir = yield* dataset()
      yield* Effect.scoped(
        Effect.gen(function* () {
          yield* Lock.acquire(path.join(dir, "facts"), { command: "generate" })
          const e = yield* Effect.flip(Generator.validateDirectory(dir, config(dir)))
          expect(e._tag).toBe("DatasetLocked")
          expect(e.message).toContain(`is being written by pid ${process.pid}`)
          const report = yield* validate(dir, { allowLocked: true })
          expect(Report.ok(report), Report.text(report)).toBe(true)
        })
      )
    })
  )

  it.effect("an unmerged sharded run validates, its part files checked against the part manifests", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const c = smallConfig(dir, {
        volume: { stores: 4, dcs: 2, customers: 200, products: 120, geographies: 10, customers_per_day: 60 },
        dates: { start: "2024-02-01", end: "2024-02-01" },
        plugins: []
      })
      for (const index of [0, 1])
        yield* Effect.orDie(Generator.generate(c, { workers: 1, shard: { index, count: 2 } }))
      const report = yield* Effect.orDie(Generator.validateDirectory(dir, c))
      expect(Report.ok(report), Report.text(report)).toBe(true)
      expect(files(report).rows).toBeGreaterThan(0)
      const part = factFile(dir, "receipts").replace(/part-\d-of-2/, "part-2-of-2")
      fs.rmSync(path.join(dir, part))
      const broken = yield* Effect.orDie(Generator.validateDirectory(dir, c))
      expect(files(broken).examples[0]).toMatchObject({
        file: part,
        reason: expect.stringContaining("listed in facts/_manifest.part-2-of-2.json")
      })
    })
  )
})
