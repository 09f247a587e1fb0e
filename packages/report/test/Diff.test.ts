/**
 * `Diff` over two real datasets of one small world: a baseline and its twin with store 1 closed for
 * two days. The closed store's region loses receipts, units, revenue and visits; the other region
 * is unchanged to the unit (common random numbers); the intervention is listed with its dates.
 * Without the ground truth the diff says in one line that lost sales are not compared; with it
 * (`output.truth`), lost units, lost visits and redirected visits per day and region are those of
 * the truth files.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Diff } from "../src/index.js"
import { factFiles, generate } from "./dataset.js"

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
    // no ground truth: one line says so, and no lost-sales figure is made up
    expect(diff.truth).toStrictEqual({ base: false, scenario: false })
    expect(diff.cells.filter((c) => Diff.TRUTH_METRICS.includes(c.metric))).toStrictEqual([])
    const note = Diff.summary(diff)
      .split("\n")
      .filter((l) => l.startsWith("lost"))
    expect(note).toStrictEqual([
      "lost sales: not compared — the baseline and scenario have no ground truth (make both with generate --truth)"
    ])
    expect(html).toContain("lost sales: not compared")
  })

  it("shows lost units, lost visits and redirected visits per day and region from the ground truth", async () => {
    const scenario = {
      interventions: [CLOSED, { type: "dc_closed", dc: 1, start: "2024-12-10", end: "2024-12-12" }]
    }
    const base = await generate("diff-truth-base", { dates: DATES, output: { truth: true } })
    const twin = await generate("diff-truth-twin", { dates: DATES, output: { truth: true }, scenario })
    const diff = await Effect.runPromise(Diff.make(base, twin))
    expect(diff.truth).toStrictEqual({ base: true, scenario: true })

    // the expected figures, summed straight from the CSV files: (metric, day, DCID) → value
    const [head, ...rows] = fs
      .readFileSync(path.join(base, "master", "stores.csv"), "utf8")
      .trimEnd()
      .split("\n")
    const cols = head!.split(",")
    const dcOf = new Map(
      rows.map((r) => r.split(",")).map((r) => [r[cols.indexOf("ID")], Number(r[cols.indexOf("DCID")])])
    )
    const sums = (dir: string) => {
      const out = new Map<string, number>()
      const add = (table: string, column: string, metric: string) => {
        for (const file of factFiles(dir, `_truth/${table}`)) {
          const [h, ...lines] = fs.readFileSync(file, "utf8").trimEnd().split("\n")
          const c = h!.split(",")
          for (const line of lines) {
            const v = line.split(",")
            const k = `${metric}|${v[c.indexOf("Date")]}|${dcOf.get(v[c.indexOf("StoreID")])}`
            out.set(k, (out.get(k) ?? 0) + Number(v[c.indexOf(column)]))
          }
        }
      }
      add("lost_sales", "LostUnits", "lost_units")
      add("store_day", "LostVisits", "lost_visits")
      add("store_day", "RedirectedVisits", "redirected_visits")
      return out
    }
    const a = sums(base)
    const b = sums(twin)
    const cells = diff.cells.filter((c) => Diff.TRUTH_METRICS.includes(c.metric))
    for (const c of cells) {
      const k = `${c.metric}|${c.day}|${c.dc}`
      expect([c.base, c.scenario], k).toStrictEqual([a.get(k) ?? 0, b.get(k) ?? 0])
    }
    // every non-zero figure of the files is in the diff
    const inDiff = new Set(cells.map((c) => `${c.metric}|${c.day}|${c.dc}`))
    for (const [k, v] of [...a, ...b]) if (v !== 0) expect(inDiff.has(k), k).toBe(true)

    const total = (metric: string) =>
      diff.totals.filter((t) => t.metric === metric).reduce((s, t) => s + t.scenario - t.base, 0)
    // the closed DC's stores run short: more units lost; the closed store's shoppers go elsewhere
    expect(total("lost_units")).toBeGreaterThan(0)
    expect(total("redirected_visits")).toBeGreaterThan(0)
    const summary = Diff.summary(diff)
    expect(summary).toMatch(/^lost_units: \d+ → \d+ /m)
    expect(summary).toMatch(/^lost_units by region: DC 1 \d+ → \d+ .*, DC 2 \d+ → \d+ /m)
    expect(summary).toMatch(/^ {2}lost_units 2024-12-1\d DC 1: \d+ → \d+ \(\+\d+\)$/m)
    expect(summary).not.toContain("not compared")
    const html = Diff.html(diff)
    expect(html).toContain("Lost sales per day and region")
    expect(JSON.parse(Diff.json(diff)).truth).toStrictEqual({ base: true, scenario: true })
  })
})
