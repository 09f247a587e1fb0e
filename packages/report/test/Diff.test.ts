/**
 * `Diff` over two real datasets of one small world: a baseline and its twin with store 1 closed for
 * two days. The closed store's region loses receipts, units, revenue and visits; the other region
 * is unchanged to the unit (common random numbers); the intervention is listed with its dates.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Diff } from "../src/index.js"
import { generate } from "./dataset.js"

const DATES = { start: "2024-12-09", end: "2024-12-12" }
const CLOSED = { type: "store_closed", stores: [1], start: "2024-12-10", end: "2024-12-11" }

describe("Diff", () => {
  it("shows the effect of a closed store in its region only, with the intervention and its dates", async () => {
    const base = await generate("diff-base", { dates: DATES })
    const twin = await generate("diff-twin", {
      dates: DATES,
      scenario: { name: "store 1 closed", interventions: [CLOSED] }
    })
    const diff = await Effect.runPromise(Diff.make(base, twin))
    const stores = fs.readFileSync(path.join(base, "master", "stores.csv"), "utf8").split("\n")
    const header = stores[0]!.split(",")
    const dcOfStore1 = Number(stores[1]!.split(",")[header.indexOf("DCID")])
    const total = (metric: string, dc: number) => diff.totals.find((t) => t.metric === metric && t.dc === dc)!

    expect(diff.name).toBe("store 1 closed")
    expect(diff.interventions).toStrictEqual([CLOSED])
    for (const metric of ["receipts", "units", "revenue", "visits"]) {
      expect(total(metric, dcOfStore1).delta, metric).toBeLessThan(0)
      const other = total(metric, 3 - dcOfStore1)
      expect(other.base, metric).toBeGreaterThan(0)
      expect(other.delta, metric).toBe(0)
    }
    // the effect is on the closed days: the day before is the same
    const day = (d: string) =>
      diff.cells.find((c) => c.metric === "receipts" && c.dc === dcOfStore1 && c.day === d)!
    expect(day("2024-12-09").scenario).toBe(day("2024-12-09").base)
    expect(day("2024-12-10").scenario).toBeLessThan(day("2024-12-10").base)
    // every table's rows per day are there; marketing is not touched by a store closure
    expect(diff.totals.find((t) => t.metric === "rows:marketing")!.delta).toBe(0)
    expect(diff.totals.find((t) => t.metric === "rows:receipts")!.delta).toBe(
      total("receipts", dcOfStore1).delta
    )

    const html = Diff.html(diff)
    expect(html).toContain("store_closed")
    expect(html).toContain("2024-12-10")
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(4)
    expect(JSON.parse(Diff.json(diff)).totals.length).toBe(diff.totals.length)
    expect(Diff.summary(diff)).toMatch(/^receipts: \d+ → \d+ \(-\d+\.\d %\)/)
  })
})
