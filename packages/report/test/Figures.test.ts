import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Figures, Report, Targets } from "../src/index.js"
import { factFiles, generate, tempDir } from "./dataset.js"

let dir: string
let report: Report.Report
const dirs: Array<string> = []

beforeAll(async () => {
  dir = await generate("figures")
  dirs.push(dir)
  report = await Effect.runPromise(Report.make(dir))
}, 300_000)

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

const manifestRows = (table: string): number => {
  const m = JSON.parse(fs.readFileSync(path.join(dir, "facts", "_manifest.json"), "utf8")) as {
    files: ReadonlyArray<{ table: string; rows: number }>
  }
  return m.files.filter((f) => f.table === table).reduce((a, f) => a + f.rows, 0)
}

/** Rows of every file of a fact table, as objects (the test's own reading, independent of DuckDB). */
const rowsOf = (d: string, table: string): ReadonlyArray<Record<string, string>> =>
  factFiles(d, table).flatMap((file) => {
    const [head, ...rows] = fs.readFileSync(file, "utf8").trimEnd().split("\n")
    const cols = head!.split(",")
    return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [cols[i], v])))
  })

const row = (id: string) => report.targets.find((t) => t.id === id)!

describe("Figures", () => {
  it("counts every row of the dataset", () => {
    const f = report.figures
    expect(f.start).toBe("2024-11-04")
    expect(f.end).toBe("2024-12-01")
    expect(f.daily).toHaveLength(28)
    expect(f.totals.receipts).toBe(manifestRows("receipts"))
    expect(f.totals.lines).toBe(manifestRows("receipt_lines"))
    expect(f.totals.onlineOrders).toBe(manifestRows("online_orders"))
    expect(f.totals.impressions).toBe(manifestRows("marketing"))
    expect(f.daily.reduce((a, d) => a + d.receipts, 0)).toBe(f.totals.receipts)
    expect(f.basketSizes.reduce((a, b) => a + b.receipts, 0)).toBe(f.totals.receipts)
    expect(f.basketSizes.reduce((a, b) => a + b.lines * b.receipts, 0)).toBe(f.totals.lines)
    expect(f.segments.reduce((a, s) => a + s.receipts, 0)).toBe(f.totals.receipts)
    const md = f.monthDepartment.units.flat().reduce((a, b) => a + b, 0)
    const units = rowsOf(dir, "receipt_lines").reduce((a, r) => a + Number(r.Qty), 0)
    expect(md).toBe(units)
  })

  it("estimates lost sales per day from the facts when the dataset has no ground truth", () => {
    const f = report.figures
    expect(f.lostSales.source).toBe("estimate")
    expect(Number.isNaN(f.lostSales.lostVisits)).toBe(true)
    expect(f.stock).toHaveLength(28)
    // only days ending with store-products out of stock lose sales, and those do
    for (const s of f.stock) if (s.lostUnits > 0) expect(s.stockouts, s.day).toBeGreaterThan(0)
    if (f.stock.some((s) => s.stockouts > 0)) expect(f.lostSales.units).toBeGreaterThan(0)
    expect(f.lostSales.units).toBeCloseTo(
      f.stock.reduce((a, s) => a + s.lostUnits, 0),
      6
    )
    expect(Report.html(report)).toContain("Lost sales per day, estimated from the facts")
  })

  it("measures tender, promotions and store choice as a plain reading of the files does", () => {
    const receipts = rowsOf(dir, "receipts")
    const f = report.figures
    for (const t of f.tender) {
      expect(t.receipts).toBe(receipts.filter((r) => r.TenderType === t.tender).length)
    }
    const promo = new Set(
      rowsOf(dir, "receipt_lines")
        .filter((l) => l.PromoCode !== "")
        .map((l) => l.ReceiptId)
    )
    expect(f.promoShare).toBeCloseTo(promo.size / receipts.length, 12)
    const customers = new Map(
      fs
        .readFileSync(path.join(dir, "master", "customers.csv"), "utf8")
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((l) => l.split(","))
        .map((c) => [c[0]!, [c[10]!, c[11]!, c[12]!]] as const)
    )
    const first = receipts.filter((r) => customers.get(r.CustomerID!)![0] === r.StoreID).length
    expect(f.storeRank.first).toBeCloseTo(first / receipts.length, 12)
    expect(f.storeRank.first + f.storeRank.second + f.storeRank.third + f.storeRank.other).toBeCloseTo(1, 12)
  })

  it("marks Black Friday and measures it against the Fridays before", () => {
    const f = report.figures
    const bf = f.daily.find((d) => d.day === "2024-11-29")!
    expect(bf.holidays).toContain("Black Friday")
    expect(f.blackFriday).toStrictEqual({
      day: "2024-11-29",
      receipts: bf.receipts,
      priorFridays:
        (["2024-11-08", "2024-11-15", "2024-11-22"] as const)
          .map((d) => f.daily.find((x) => x.day === d)!.receipts)
          .reduce((a, b) => a + b, 0) / 3
    })
    expect(row("black-friday").status).toBe("pass")
  })

  it("passes the behavioural targets of the contract on a generated dataset", () => {
    for (const id of ["weekday.Mon", "weekday.Sat", "weekday.Sun", "hour.peak", "hour.lunch", "promotions"]) {
      expect(row(id).status, id).toBe("pass")
    }
    for (const t of Targets.TENDER) expect(row(`tender.${t[0]}`).status).toBe("pass")
    for (const s of Targets.SEGMENT_SHARES) expect(row(`segment.${s[0]}`).status).toBe("pass")
    expect(row("conversion").status).toBe("pass")
    expect(row("reorders").status).toBe("pass")
    expect(row("store-choice").status).toBe("pass")
    expect(row("lines.2024-11").status).toBe("pass")
    // One day of December, no August, no Christmas: not measurable, never a pass.
    expect(row("lines.2024-12").status).toBe("n/a")
    expect(row("christmas-run-up").status).toBe("n/a")
    expect(row("back-to-school.electronics").status).toBe("n/a")
    expect(Targets.failed(report.targets)).toStrictEqual([])
  })

  it("shows brand-loyal shoppers repeating their brands", () => {
    const segments = report.figures.segments
    const loyal = segments.find((s) => s.segment === "brand_loyal")!
    for (const s of segments.filter((x) => x.segment !== "brand_loyal")) {
      expect(loyal.topBrandShare, s.segment).toBeGreaterThanOrEqual(2 * s.topBrandShare)
    }
    expect(row("segment.brand-loyalty").status).toBe("pass")
  })

  it("gives the same figures as JSON", () => {
    const parsed = JSON.parse(Report.json(report)) as Report.Report
    expect(parsed.figures.totals).toStrictEqual(report.figures.totals)
    expect(parsed.targets.map((t) => [t.id, t.status])).toStrictEqual(
      report.targets.map((t) => [t.id, t.status])
    )
    // NaN (not measurable) becomes null
    expect(parsed.targets.find((t) => t.id === "christmas-run-up")!.measured).toBeNull()
  })

  it("reads the same dataset generated as Parquet to the same figures", async () => {
    const pq = await generate("parquet", { output: { format: "parquet" } })
    dirs.push(pq)
    expect(
      fs.existsSync(path.join(pq, "facts", "receipts", "dt=2024-11-04", "receipts_20241104.parquet"))
    ).toBe(true)
    const p = await Effect.runPromise(Figures.compute(pq))
    const round = (f: Figures.Figures) =>
      JSON.parse(
        JSON.stringify({ ...f, dir: "", format: "" }, (_, v) =>
          typeof v === "number" ? (Number.isFinite(v) ? Number(v.toPrecision(9)) : null) : v
        )
      )
    expect(p.format).toBe("parquet")
    expect(round(p)).toStrictEqual(round(report.figures))
  }, 300_000)

  it("fails with DatasetNotFound on a directory without receipts", async () => {
    const empty = tempDir("empty")
    dirs.push(empty)
    const error = await Effect.runPromise(Effect.flip(Figures.compute(empty)))
    expect(error._tag).toBe("DatasetNotFound")
    expect(error.message).toContain(empty)
  })
})
