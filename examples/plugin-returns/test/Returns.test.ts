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
import { Splits } from "@retail-datagen/testkit"
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

  it("bad options name the option", async () => {
    const result = await plugins.options["~standard"].validate({ rate: 2 })
    expect(result.issues?.[0]?.path).toStrictEqual(["rate"])
    expect(result.issues?.[0]?.message).toMatch(/between 0 and 1/)
    expect(() => Returns.plugin({ maxLagDays: 0 })).toThrow(/maxLagDays/)
  })
})
