import { describe, expect, it } from "@effect/vitest"
import { Calendar, type Plugin } from "@retail-datagen/core"
import { Taxonomy } from "@retail-datagen/master"
import { Departments } from "@retail-datagen/patterns"
import { Effect } from "effect"
import { Exposure, Shoppers, Stock } from "../src/index.js"
import * as F from "./shoppers-fixture.js"

const ELECTRONICS = Departments.indexOf("electronics")
const exposed = (customerId: number) => customerId % 5 === 0

/** A stand-in "marketing" plugin: every fifth customer is exposed (lift 2, electronics promoted). */
const marketing: Plugin.FactPlugin<null, unknown, Exposure.ExposureService> = {
  name: Exposure.NAME,
  tables: [],
  dependsOn: [],
  init: () => null,
  step: () => [],
  service: () => ({
    visitLift: (c) => (exposed(c) ? 2 : 1),
    promotedDepartment: (c) => (exposed(c) ? ELECTRONICS : -1)
  })
}

const master = F.master({ seed: 8, stores: 4, dcs: 2, customers: 2000, products: 500 })

const run = (exposure: boolean) =>
  Effect.runPromise(
    F.run({
      plugins: [
        Stock.unlimited,
        ...(exposure ? [marketing] : []),
        ...Shoppers.plugins({
          customersPerDay: 400,
          itemsPerTicketMean: 4.2,
          onlineOrdersPerDay: 100,
          exposure
        })
      ],
      master,
      seed: 4,
      start: Calendar.parse("2024-03-04"),
      end: Calendar.parse("2024-03-17")
    })
  )

describe("marketing exposure", () => {
  it("exposed customers make more of the visits and orders and buy more of the promoted department", async () => {
    const [base, lifted] = await Promise.all([run(false), run(true)])
    const share = (out: F.Output, table: string) => {
      const rows = F.rows(out, table)
      return rows.filter((r) => exposed(r.CustomerID as number)).length / rows.length
    }
    expect(share(base, "receipts")).toBeGreaterThan(0.15)
    expect(share(base, "receipts")).toBeLessThan(0.25)
    // Lift 2 for a fifth of the customers: 2·0.2 / (2·0.2 + 0.8) ≈ 1/3 of the visits.
    expect(share(lifted, "receipts")).toBeGreaterThan(0.28)
    expect(share(lifted, "online_orders")).toBeGreaterThan(0.28)
    const electronics = (out: F.Output) => {
      const exposedReceipts = new Set(
        F.rows(out, "receipts")
          .filter((r) => exposed(r.CustomerID as number))
          .map((r) => r.ReceiptId)
      )
      const lines = F.rows(out, "receipt_lines").filter((l) => exposedReceipts.has(l.ReceiptId))
      const dept = lines.filter(
        (l) =>
          Departments.indexOf(
            Taxonomy.DEPARTMENTS[master.products.department[(l.ProductID as number) - 1]!]!
          ) === ELECTRONICS
      ).length
      return dept / lines.length
    }
    // a tenth of exposed lines (PROMOTED_LINE_SHARE) goes to the promoted department: at least half shows
    expect(electronics(lifted)).toBeGreaterThan(electronics(base) + Exposure.PROMOTED_LINE_SHARE / 2)
    expect(F.ok(F.validate(master, lifted.tables))).toBe(true)
  })
})
