import { describe, expect, it } from "@effect/vitest"
import { Calendar } from "@retail-datagen/core"
import { Effect } from "effect"
import { Exposure, Stock } from "../src/index.js"
import * as F from "./shoppers-fixture.js"

describe("Stock", () => {
  it("unlimited is the plugin named stock, without tables, granting every request", () => {
    expect(Stock.NAME).toBe("stock")
    expect(Stock.unlimited.name).toBe(Stock.NAME)
    expect(Stock.unlimited.tables).toEqual([])
    expect(Stock.unlimited.dependsOn).toEqual([])
    const ctx = {} as Parameters<typeof Stock.unlimited.init>[0]
    const service = Stock.unlimited.service!(Stock.unlimited.init(ctx))
    expect(service.takeFromStore(3, 10, 7, 0)).toBe(7)
    expect(service.takeFromDc(1, 10, 12, 0)).toBe(12)
  })

  it("runs in the engine as a plain dependency", async () => {
    const master = F.master({ seed: 3, stores: 2, dcs: 1, customers: 200, products: 150 })
    const out = await Effect.runPromise(
      F.run({
        plugins: [Stock.unlimited],
        master,
        seed: 1,
        start: Calendar.parse("2024-01-01"),
        end: Calendar.parse("2024-01-02")
      })
    )
    expect(out.summary.totalRows).toBe(0)
  })

  it("Exposure.none lifts nothing and promotes nothing", () => {
    expect(Exposure.NAME).toBe("marketing")
    expect(Exposure.none.visitLift(1, 19723)).toBe(1)
    expect(Exposure.none.promotedDepartment(1, 19723)).toBe(-1)
  })
})
