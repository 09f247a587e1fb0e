import { describe, expect, it } from "@effect/vitest"
import { Report, Validate } from "@retail-datagen/validation"
import { masterBatches, masterOf, rowsOf, run } from "./helpers.js"

describe("smoke", () => {
  it("runs", async () => {
    const master = masterOf({ seed: 1, stores: 12, dcs: 2, products: 300 })
    const out = await run({ master, seed: 1, days: 6, receiptsPerDay: 1200, onlineOrdersPerDay: 100 })
    for (const [k, v] of Object.entries(out.tables)) console.log(k, v.map((b) => b.length).join(","))
    console.log(out.lost.lostShare, out.lost.totalRequested)
    const rep = Validate.batches({ master: masterBatches(master), facts: out.tables })
    console.log(Report.text(rep))
    console.log(rowsOf(out.tables, "truck_moves").slice(0, 12))
    expect(Report.ok(rep)).toBe(true)
  })
})
