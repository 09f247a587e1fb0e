/**
 * Datasets with tables or extra columns left out — as a fact plugin's property test has them —
 * pass what can be checked and say in notes what was skipped; they never crash.
 */
import { describe, expect, it } from "@effect/vitest"
import { Table } from "@retail-datagen/core"
import { Report, Validate } from "../src/index.js"
import * as F from "./fixture.js"

const notes = (r: Report.Report): Array<string> =>
  r.checks.flatMap((c) => c.notes.map((n) => `${c.id}: ${n}`))

describe("partial datasets", () => {
  it("receipts and lines with products only: checks pass, skipped rules are noted", () => {
    const all = F.batches(F.base())
    const r = Validate.batches({
      master: { products_master: all.master.products_master! },
      facts: { receipts: all.facts.receipts!, receipt_lines: all.facts.receipt_lines! }
    })
    expect(Report.ok(r), Report.text(r)).toBe(true)
    const n = notes(r).join("\n")
    expect(n).toContain("I1: stores not provided: receipts.StoreID not resolved")
    expect(n).toContain("I1: customers not provided: receipts.CustomerID not resolved")
    expect(n).toContain("I3: stores.TaxRateBps or products_master.Taxability absent")
    expect(n).toContain("I4: store_inventory_txn, receipts or receipt_lines not provided")
    expect(n).toContain("I5: stores not provided: opening hours not checked")
    expect(n).toContain("I7: foot_traffic not provided: sensor rules not checked")
    // the rules that do not need the missing tables still bite
    const fx = F.base()
    F.set(fx, "receipt_lines", 2, "PromoCode", "")
    const bad = Validate.batches({
      master: { products_master: [F.batch("products_master", fx.master.products_master!)] },
      facts: {
        receipts: [F.batch("receipts", fx.facts.receipts!)],
        receipt_lines: [F.batch("receipt_lines", fx.facts.receipt_lines!)]
      }
    })
    expect(Report.failed(bad)).toEqual(["I3"])
  })

  it("facts without any master data: referential and price rules are skipped, not failed", () => {
    const all = F.batches(F.base())
    const r = Validate.batches({ master: {}, facts: all.facts })
    expect(Report.ok(r), Report.text(r)).toBe(true)
    const n = notes(r).join("\n")
    expect(n).toContain("products_master not provided: UnitPrice not compared with SalePrice")
    expect(n).toContain("store_inventory_snapshots not provided: store_inventory_txn balances not replayed")
    expect(n).toContain("trucks not provided: truck_moves.TruckId not resolved")
  })

  it("stores and products without the extra columns: hours, tax and store–DC rules are skipped with notes", () => {
    const fx = F.base()
    const data = F.batches(fx)
    const storesDef = F.TABLES.stores!
    const plainStores: Table.Table = { name: "stores", columns: storesDef.columns.slice(0, 4) }
    const productsDef = F.TABLES.products_master!
    const plainProducts: Table.Table = { name: "products_master", columns: productsDef.columns.slice(0, 12) }
    const r = Validate.batches({
      master: {
        ...data.master,
        stores: [F.batch("stores", fx.master.stores!, plainStores)],
        products_master: [F.batch("products_master", fx.master.products_master!, plainProducts)]
      },
      facts: data.facts
    })
    expect(Report.ok(r), Report.text(r)).toBe(true)
    const n = notes(r).join("\n")
    expect(n).toContain("I1: stores has no DCID column: a truck move's store is not checked against its DC")
    expect(n).toContain("I3: stores.TaxRateBps or products_master.Taxability absent")
    expect(n).toContain("I5: stores has no OpenHour/CloseHour columns: opening hours not checked")
  })

  it("reduced-rate products are taxed at the store's ReducedTaxRateBps", () => {
    const fx = F.base()
    F.set(fx, "products_master", 0, "Taxability", "reduced")
    // product 1 is now reduced-rate: receipts RCP101, RCP102 and RCP104 have other taxes — by hand:
    // RCP101: 3.00 % (store 1 reduced 410 bps) of 5.00 = 20.5 → 0.21
    F.set(fx, "receipts", 0, "Tax", "0.21")
    F.set(fx, "receipts", 0, "Total", "15.21")
    // RCP102: 4.10 % of 2.00 = 8.2 → 0.08
    F.set(fx, "receipts", 1, "Tax", "0.08")
    F.set(fx, "receipts", 1, "Total", "2.08")
    // RCP104: store 2 reduced 3.00 % of 2.50 = 7.5 → 0.08
    F.set(fx, "receipts", 3, "Tax", "0.08")
    F.set(fx, "receipts", 3, "Total", "2.58")
    expect(Report.ok(Validate.batches(F.batches(fx)))).toBe(true)
    F.set(fx, "receipts", 3, "Tax", "0.07")
    F.set(fx, "receipts", 3, "Total", "2.57")
    expect(Report.get(Validate.batches(F.batches(fx)), "I3")!.examples[0]!.reason).toBe(
      "RCP104: Tax 0.07 ≠ 0.08 (600 bps of 0.00 + 300 bps of 2.50)"
    )
  })

  it("an unknown Taxability value leaves its receipts' tax unjudged, with a note", () => {
    const fx = F.base()
    F.set(fx, "products_master", 0, "Taxability", "luxury")
    // the tax of RCP101 is now wrong for any known class, yet it is not judged
    F.set(fx, "receipts", 0, "Tax", "0.99")
    F.set(fx, "receipts", 0, "Total", "15.99")
    const def = F.TABLES.products_master!
    const textual: Table.Table = {
      name: "products_master",
      columns: def.columns.map((c) => (c.name === "Taxability" ? { name: c.name, type: Table.string } : c))
    }
    const typed = F.clone(fx)
    F.set(typed, "products_master", 0, "Taxability", "taxable")
    const data = F.batches(typed)
    const r = Validate.batches({
      master: {
        ...data.master,
        products_master: [F.batch("products_master", fx.master.products_master!, textual)]
      },
      facts: data.facts
    })
    expect(Report.ok(r), Report.text(r)).toBe(true)
    expect(notes(r).join("\n")).toContain(
      "a products_master.Taxability value is not one of taxable/reduced/exempt_food/exempt"
    )
  })
})
