import { describe, expect, it } from "@effect/vitest"
import { Batch, Calendar, Table } from "@retail-datagen/core"
import { Shoppers, Stock } from "@retail-datagen/customers"
import { Master, Taxonomy } from "@retail-datagen/master"
import { Departments } from "@retail-datagen/patterns"
import { Report, Validate } from "@retail-datagen/validation"
import { Effect } from "effect"
import { plugins } from "../src/index.js"
import { latestExposures, run, smallMaster } from "./helpers.js"

/**
 * End to end with the real shopper plugins of @retail-datagen/customers (option `exposure`):
 * the receipts they generate show the visit lift and the promoted departments, measured from the
 * generated tables alone.
 */
describe("marketing × shoppers (receipts plugin with exposure)", () => {
  it.effect(
    "exposed customers visit about `lift` times as often and buy more of the promoted department",
    () =>
      Effect.gen(function* () {
        const seed = 12
        const lift = 1.5
        const lookbackDays = 7
        const master = smallMaster(seed, 3000, 3, 9)
        const start = Calendar.parse("2024-10-01")
        const end = start + 27
        const r = yield* run({
          plugins: [
            Stock.unlimited,
            ...plugins({ impressionsPerDay: 600, lift, lookbackDays }),
            ...Shoppers.plugins({
              customersPerDay: 600,
              itemsPerTicketMean: 4,
              onlineOrdersPerDay: 50,
              exposure: true
            })
          ],
          master,
          seed,
          start,
          end
        })
        const report = Validate.batches({
          master: Object.fromEntries(Master.toBatches(master).map((b) => [b.table.name, [b]])),
          facts: Object.fromEntries([...r.tables].map(([name, batches]) => [name, batches]))
        })
        expect(Report.ok(report), Report.text(report)).toBe(true)

        // Exposure per customer and day, recomputed from the marketing rows.
        const latest = latestExposures(master, seed, start, end, r)
        const exposure = (row: number, q: number): number => {
          const days = latest.get(row)
          if (days !== undefined)
            for (let e = q - 1; e >= q - lookbackDays; e--) {
              const x = days.get(e)
              if (x !== undefined) return x.dept
            }
          return -1
        }

        // Visits: receipts per customer-day, exposed vs not.
        const receipts = Batch.concat(r.tables.get("receipts")![0]!.table, r.tables.get("receipts")!)
        const rCust = receipts.columns[Table.indexOf(receipts.table, "CustomerID")] as Float64Array
        const rTs = receipts.columns[Table.indexOf(receipts.table, "EventTS")] as Float64Array
        const rId = receipts.columns[Table.indexOf(receipts.table, "ReceiptId")] as Float64Array
        const visits = new Map<string, number>()
        const receiptPromo = new Map<number, number>() // ReceiptId → promoted dept (−1: unexposed)
        for (let i = 0; i < receipts.length; i++) {
          if (Number.isNaN(rCust[i]!)) continue
          const row = rCust[i]! - 1
          const q = Math.floor(rTs[i]! / 86400)
          visits.set(`${row}/${q}`, (visits.get(`${row}/${q}`) ?? 0) + 1)
          receiptPromo.set(rId[i]!, exposure(row, q))
        }
        let exposedDays = 0
        let exposedVisits = 0
        let plainDays = 0
        let plainVisits = 0
        for (let q = start; q <= end; q++) {
          for (let row = 0; row < master.customers.length; row++) {
            const n = visits.get(`${row}/${q}`) ?? 0
            if (exposure(row, q) >= 0) {
              exposedDays++
              exposedVisits += n
            } else {
              plainDays++
              plainVisits += n
            }
          }
        }
        expect(exposedDays).toBeGreaterThan(15_000)
        expect(plainDays).toBeGreaterThan(15_000)
        const ratio = exposedVisits / exposedDays / (plainVisits / plainDays)
        // ≈ 5,000 and 8,000 visits: the ratio's standard error is ≈ 0.04; tolerance ±0.2.
        expect(Math.abs(ratio - lift)).toBeLessThan(0.2)

        // Baskets: share of an exposed receipt's lines in its promoted department, against the
        // share of that department among unexposed receipts' lines.
        const lines = Batch.concat(r.tables.get("receipt_lines")![0]!.table, r.tables.get("receipt_lines")!)
        const lId = lines.columns[Table.indexOf(lines.table, "ReceiptId")] as Float64Array
        const lProduct = lines.columns[Table.indexOf(lines.table, "ProductID")] as Float64Array
        const deptOfProduct = (p: number): number =>
          Departments.indexOf(Taxonomy.DEPARTMENTS[master.products.department[p - 1]!]!)
        const plainByDept = new Array<number>(Departments.COUNT).fill(0)
        let plainLines = 0
        const exposedLinesByDept = new Array<number>(Departments.COUNT).fill(0)
        const exposedPromoted = new Array<number>(Departments.COUNT).fill(0)
        for (let i = 0; i < lines.length; i++) {
          const promo = receiptPromo.get(lId[i]!)
          if (promo === undefined) continue
          const d = deptOfProduct(lProduct[i]!)
          if (promo < 0) {
            plainByDept[d]!++
            plainLines++
          } else {
            exposedLinesByDept[promo]!++
            if (d === promo) exposedPromoted[promo]!++
          }
        }
        let expected = 0
        let observed = 0
        let exposedLines = 0
        for (let d = 0; d < Departments.COUNT; d++) {
          expected += exposedLinesByDept[d]! * (plainByDept[d]! / plainLines)
          observed += exposedPromoted[d]!
          exposedLines += exposedLinesByDept[d]!
        }
        expect(exposedLines).toBeGreaterThan(5_000)
        // Promoted departments take a clearly larger share of exposed customers' baskets
        // (PROMOTED_LINE_SHARE 0.1 of the lines, on top of the department's own share).
        expect(observed / exposedLines).toBeGreaterThan(expected / exposedLines + 0.05)
        expect(observed / expected).toBeGreaterThan(2)
      })
  )
})
