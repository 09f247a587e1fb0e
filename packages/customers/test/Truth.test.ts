/**
 * The ground truth the receipts plugin records (`truth: true`) and `Truth.plugin` writes, checked
 * against the run's own tables and the stock's log of takes: visits end in a receipt or a lost
 * visit, every refused request is one the stock refused, and the truth changes no draw.
 */
import { describe, expect, it } from "@effect/vitest"
import { Batch, Calendar } from "@retail-datagen/core"
import { Effect } from "effect"
import { Receipts, Truth } from "../src/index.js"
import * as F from "./shoppers-fixture.js"

const master = F.master({ seed: 11, stores: 3, dcs: 1, customers: 400, products: 150 })
const start = Calendar.parse("2024-11-25")
const end = Calendar.parse("2024-12-01")

const runWith = (truth: boolean, log: Array<F.Take>) => {
  const stock = F.limitedStock((_node, id, p) => F.hash(id, p, 11) % 6, log)
  const receipts = Receipts.make({ customersPerDay: 300, itemsPerTicketMean: 4, truth })
  return Effect.runPromise(
    F.run({
      plugins: truth ? [stock, receipts, Truth.plugin] : [stock, receipts],
      master,
      seed: 5,
      start,
      end
    })
  )
}

describe("Truth", () => {
  it("reconciles visits with receipts, refusals with the stock's log, and leaves the facts unchanged", async () => {
    const log: Array<F.Take> = []
    const out = await runWith(true, log)
    const storeDay = F.rows(out, Truth.StoreDay.name)
    const lost = F.rows(out, Truth.LostSales.name)
    expect(storeDay).toHaveLength(3 * 7)

    // visits = receipts + lost visits; receipts = the receipts table's rows of the store-day
    const receipts = new Map<string, number>()
    for (const r of F.rows(out, "receipts")) {
      const key = `${Math.floor(Number(r.EventTS) / 86400)}:${r.StoreID}`
      receipts.set(key, (receipts.get(key) ?? 0) + 1)
    }
    let expected = 0
    let visits = 0
    let lostVisits = 0
    for (const r of storeDay) {
      expect(r.Visits).toBe(Number(r.Receipts) + Number(r.LostVisits))
      expect(r.Receipts).toBe(receipts.get(`${r.Date}:${r.StoreID}`) ?? 0)
      expect(r.ExposedVisits).toBe(0) // no marketing in this run
      expected += Number(r.ExpectedVisits)
      visits += Number(r.Visits)
      lostVisits += Number(r.LostVisits)
    }
    // the Poisson means add up to the visits within noise (5 standard deviations)
    expect(Math.abs(visits - expected)).toBeLessThan(5 * Math.sqrt(expected))
    expect(lostVisits).toBeGreaterThan(0)

    // every refused request is a take the stock refused that day; the units balance
    const refusedTakes = new Set(
      log.filter((t) => t.granted < t.asked).map((t) => `${Math.floor(t.ts / 86400)}:${t.id}:${t.productId}`)
    )
    let substitutedOut = 0
    let substitutedIn = 0
    let lostUnits = 0
    for (const r of lost) {
      const asked = Number(r.UnitsAsked)
      if (Number(r.Requests) > 0) expect(refusedTakes.has(`${r.Date}:${r.StoreID}:${r.ProductID}`)).toBe(true)
      expect(r.LostUnits).toBe(asked - Number(r.UnitsGranted) - Number(r.UnitsSubstituted))
      expect(Number(r.LostUnits)).toBeGreaterThanOrEqual(0)
      substitutedOut += Number(r.UnitsSubstituted)
      substitutedIn += Number(r.SubstituteUnitsIn)
      lostUnits += Number(r.LostUnits)
    }
    expect(lostUnits).toBeGreaterThan(0)
    expect(substitutedOut).toBeGreaterThan(0)
    expect(substitutedIn).toBe(substitutedOut)

    // the same run without the truth: the same receipts and lines, and the same stock takes
    const plainLog: Array<F.Take> = []
    const plain = await runWith(false, plainLog)
    for (const t of ["receipts", "receipt_lines"])
      expect(plain.tables[t]!.map((b) => Batch.rows(b))).toStrictEqual(
        out.tables[t]!.map((b) => Batch.rows(b))
      )
    expect(plainLog).toStrictEqual(log)
    expect(plain.tables[Truth.StoreDay.name]).toBeUndefined()
  })

  it("fails with a clear message when the receipts plugin records no truth", async () => {
    const receipts = Receipts.make({ customersPerDay: 50, itemsPerTicketMean: 3 })
    const stock = F.limitedStock(() => 5, [])
    const failed = await Effect.runPromise(
      Effect.flip(F.run({ plugins: [stock, receipts, Truth.plugin], master, seed: 5, start, end: start }))
    )
    expect(String((failed as { message?: string }).message ?? failed)).toContain("truth is off")
  })
})
