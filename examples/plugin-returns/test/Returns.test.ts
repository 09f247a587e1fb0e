/**
 * The example plugin as its authors test it: the same bytes on 1, 2, 3 workers and 2, 3 shards
 * (`@retail-datagen/testkit`), every return refers to an earlier receipt of the same store for its
 * whole total, and bad options name the option.
 *
 * The runs load the built module (`dist/index.js`, as a user's config would): build first.
 */
import * as fs from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { Generator } from "@retail-datagen/generator"
import { Splits } from "@retail-datagen/testkit"
import { Report } from "@retail-datagen/validation"
import { Effect } from "effect"
import { afterAll } from "vitest"
import { plugins, Returns } from "../src/index.js"

const ROOT = fileURLToPath(new URL("..", import.meta.url))
const keep = fs.mkdtempSync(path.join(tmpdir(), "plugin-returns-"))
afterAll(() => fs.rmSync(keep, { recursive: true, force: true }))

/** Rows of every CSV file of a table under a facts directory, as objects. */
const csvRows = (facts: string, table: string): Array<Record<string, string>> => {
  const out: Array<Record<string, string>> = []
  const dir = path.join(facts, table)
  for (const day of fs.readdirSync(dir).sort()) {
    for (const file of fs.readdirSync(path.join(dir, day))) {
      const [header, ...lines] = fs
        .readFileSync(path.join(dir, day, file), "utf8")
        .trim()
        .split("\n")
      const names = header!.split(",")
      for (const line of lines) {
        const cells = line.split(",")
        out.push(Object.fromEntries(names.map((n, i) => [n, cells[i]!])))
      }
    }
  }
  return out
}

describe("returns", () => {
  it.effect(
    "same bytes however the work is split, and every return is an earlier receipt of its store",
    () =>
      Effect.gen(function* () {
        const result = yield* Splits.check({
          plugins: [{ module: "./dist/index.js", options: { rate: 0.2, maxLagDays: 2 } }],
          cwd: ROOT,
          builtIn: true,
          config: { dates: { start: "2024-03-01", end: "2024-03-03" } },
          // the kit's default is 1, 2, 3 workers and 2, 3 shards; a lighter mix keeps this test short
          workers: [1, 2],
          shards: [3],
          dir: keep
        })
        expect(result.runs).toStrictEqual(["workers 1", "workers 2", "shards 3 + merge"])
        expect(result.rows.returns).toBeGreaterThan(0)

        const facts = path.join(keep, "workers-1", "facts")
        const receipts = new Map(csvRows(facts, "receipts").map((r) => [r.ReceiptId, r]))
        const returns = csvRows(facts, "returns")
        expect(returns).toHaveLength(result.rows.returns!)
        for (const ret of returns) {
          const receipt = receipts.get(ret.ReceiptId!)
          expect(receipt, `${ret.ReceiptId} is a receipt`).toBeDefined()
          expect(ret.StoreID).toBe(receipt!.StoreID)
          expect(ret.Amount).toBe(receipt!.Total)
          expect(ret.EventTS!.slice(0, 10) > receipt!.EventTS!.slice(0, 10)).toBe(true)
          expect(Returns.REASONS).toContain(ret.Reason)
        }
      }),
    180_000
  )

  it.effect(
    "validate checks the returns files: columns, partitions and the plugin's own checks",
    () =>
      Effect.gen(function* () {
        // the datasets of the test above (its files, manifests and recorded plugin entries)
        const validate = (dir: string) =>
          Effect.flatMap(Generator.datasetConfig(dir), (config) =>
            Generator.validateDirectory(dir, config, { cwd: ROOT })
          )
        for (const run of ["workers-1", "shards-3"]) {
          const report = yield* validate(path.join(keep, run))
          expect(Report.ok(report), Report.text(report)).toBe(true)
          expect(Report.get(report, "P")?.rows).toBeGreaterThan(0)
        }
        const file = (day: string) => `facts/returns/${day}/returns_${day.slice(3).replaceAll("-", "")}.csv`
        const rowsOn = (day: string) =>
          fs
            .readFileSync(path.join(keep, "workers-1", file(day)), "utf8")
            .trimEnd()
            .split("\n").length - 1
        // the first day with returns first, then another day
        const days = fs
          .readdirSync(path.join(keep, "workers-1", "facts", "returns"))
          .sort()
          .sort((a, b) => Number(rowsOn(b) > 0) - Number(rowsOn(a) > 0))
        /** A copy of the dataset with one returns file's lines changed; the findings of `id`. */
        const mutated = (
          id: Report.CheckId,
          change: (lines: Array<string>, at: (day: string) => Array<string>) => void
        ) =>
          Effect.gen(function* () {
            const dir = fs.mkdtempSync(path.join(keep, "mutated-"))
            fs.cpSync(path.join(keep, "workers-1"), dir, { recursive: true })
            const files = new Map<string, Array<string>>()
            const at = (day: string) => {
              let lines = files.get(day)
              if (lines === undefined) {
                lines = fs
                  .readFileSync(path.join(dir, file(day)), "utf8")
                  .trimEnd()
                  .split("\n")
                files.set(day, lines)
              }
              return lines
            }
            change(at(days[0]!), at)
            for (const [day, lines] of files)
              fs.writeFileSync(path.join(dir, file(day)), `${lines.join("\n")}\n`)
            const report = yield* validate(dir)
            return Report.get(report, id)?.examples ?? []
          })
        const cells = (line: string) => line.split(",")
        // a value of the wrong kind: Amount (cents) "12.5x"
        const kind = yield* mutated("F", (lines) => {
          const c = cells(lines[1]!)
          c[3] = "12.5x"
          lines[1] = c.join(",")
        })
        expect(kind[0]).toMatchObject({ table: "returns", file: file(days[0]!), line: 2 })
        expect(kind[0]?.reason).toMatch(/Amount: bad amount/)
        // a row moved to the next day's partition
        const moved = yield* mutated("I5", (lines, at) => {
          at(days[1]!).push(lines.splice(1, 1)[0]!)
        })
        expect(moved[0]).toMatchObject({ table: "returns", file: file(days[1]!) })
        // a negative amount breaks the plugin's own check
        const negative = yield* mutated("P", (lines) => {
          const c = cells(lines[1]!)
          c[3] = "-1.00"
          lines[1] = c.join(",")
        })
        expect(negative).toEqual([
          {
            table: "returns",
            file: file(days[0]!),
            line: 2,
            reason: "positive amount: Amount -100 is not positive"
          }
        ])
      }),
    180_000
  )

  it("bad options name the option", async () => {
    const result = await plugins.options["~standard"].validate({ rate: 2 })
    expect(result.issues?.[0]?.path).toStrictEqual(["rate"])
    expect(result.issues?.[0]?.message).toMatch(/between 0 and 1/)
    expect(() => Returns.plugin({ maxLagDays: 0 })).toThrow(/maxLagDays/)
  })
})
