import { describe, expect, it } from "@effect/vitest"
import { Report, Validate } from "@retail-datagen/validation"
import { FastCheck as fc } from "effect"
import { ordered, replay, saleUnits, shipments, storeRows } from "./checks.js"
import { masterBatches, masterOf, run } from "./helpers.js"

/** Small chains, including tiny stock, heavy demand, tiny trucks, one truck per DC and scarce DC throughput. */
const configs = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  stores: fc.integer({ min: 3, max: 12 }),
  dcs: fc.integer({ min: 1, max: 3 }),
  products: fc.integer({ min: 40, max: 250 }),
  trucksPerDc: fc.integer({ min: 1, max: 4 }),
  truckCapacityUnits: fc.constantFrom(25, 300, 2400),
  unitsPerStoreDay: fc.constantFrom(3, 20, 200),
  demand: fc.constantFrom(20, 80, 200),
  online: fc.constantFrom(0, 40, 150),
  days: fc.integer({ min: 3, max: 7 }),
  supplierLeadDays: fc.integer({ min: 1, max: 5 }),
  dcThroughputUnitsPerDay: fc.constantFrom(50, 5000, 250_000),
  shrink: fc.constantFrom(0, 0.5, 4)
})

describe("supply chain properties", () => {
  it("keeps every invariant over random chains", async () => {
    await fc.assert(
      fc.asyncProperty(configs, async (c) => {
        const master = masterOf({ ...c, customers: 300 })
        const out = await run({
          master,
          seed: c.seed,
          days: c.days,
          receiptsPerDay: c.stores * c.demand,
          onlineOrdersPerDay: c.online,
          options: {
            supplierLeadDays: c.supplierLeadDays,
            dcThroughputUnitsPerDay: c.dcThroughputUnitsPerDay,
            storeShrinkPerDay: c.shrink,
            storeCycleCountsPerDay: c.shrink,
            dcShrinkPerDay: c.shrink * 2,
            dcCycleCountsPerDay: c.shrink * 2
          }
        })
        const r = replay(master, out.tables)
        expect(r.problems.slice(0, 5)).toEqual([])
        expect(saleUnits(out.tables).slice(0, 5)).toEqual([])
        expect(shipments(master, out.tables).problems.slice(0, 5)).toEqual([])
        expect(ordered(out.tables, out.days).slice(0, 5)).toEqual([])
        const report = Validate.batches({ master: masterBatches(master), facts: out.tables })
        expect(Report.ok(report), Report.text(report)).toBe(true)
        // the ledger accounts for every unit the stock service granted
        const sold = storeRows(out.tables)
          .filter((x) => x.reason === "SALE" || x.reason === "ONLINE_FULFILLMENT")
          .reduce((n, x) => n - x.delta, 0)
        expect(sold).toBeLessThanOrEqual(out.lost.totalGranted)
        expect(out.lost.days.length).toBe(c.days)
      }),
      { numRuns: 10 }
    )
  })
})
