import { describe, expect, it } from "@effect/vitest"
import { Rules } from "../src/index.js"

describe("Rules.validateReceiptTotals", () => {
  const lines = [
    { Line: 1, Qty: 2, UnitPrice: 250, ExtPrice: 500 },
    { Line: 2, Qty: 1, UnitPrice: 1000, ExtPrice: 1000, taxability: "exempt_food" }
  ]

  it("accepts a reconciled receipt (8.25 % of the taxable 5.00 = 41.25 → 41)", () => {
    expect(
      Rules.validateReceiptTotals(lines, { Subtotal: 1500, Tax: 41, Total: 1541, taxRateBps: 825 })
    ).toEqual({
      _tag: "Valid"
    })
  })

  it("reports a one-cent Total difference in cents", () => {
    const r = Rules.validateReceiptTotals(lines, { Subtotal: 1500, Tax: 41, Total: 1542, taxRateBps: 825 })
    expect(r).toEqual({
      _tag: "Invalid",
      discrepancies: [{ rule: "total", expected: 1541, actual: 1542, diff: 1 }]
    })
  })

  it("recomputes tax per rate class, half-up once per receipt", () => {
    const mixed = [
      { Qty: 1, UnitPrice: 199, ExtPrice: 199 }, // taxable
      { Qty: 1, UnitPrice: 199, ExtPrice: 199, taxability: "taxable" },
      { Qty: 3, UnitPrice: 100, ExtPrice: 300, taxability: "reduced" }
    ]
    // full: 6 % of 3.98 = 23.88 → 24; reduced: 3 % of 3.00 = 9
    const ok = { Subtotal: 698, Tax: 33, Total: 731, taxRateBps: 600, reducedTaxRateBps: 300 }
    expect(Rules.validateReceiptTotals(mixed, ok)._tag).toBe("Valid")
    const r = Rules.validateReceiptTotals(mixed, { ...ok, Tax: 34, Total: 732 })
    expect(r).toEqual({
      _tag: "Invalid",
      discrepancies: [{ rule: "tax", expected: 33, actual: 34, diff: 1 }]
    })
    // without the reduced rate the tax cannot be recomputed, and is not judged
    const { reducedTaxRateBps: _, ...noReduced } = ok
    expect(Rules.validateReceiptTotals(mixed, { ...noReduced, Tax: 34, Total: 732 })._tag).toBe("Valid")
  })

  it("reports each broken rule with its line", () => {
    const r = Rules.validateReceiptTotals(
      [
        { Line: 1, Qty: 2, UnitPrice: 250, ExtPrice: 501 },
        { Line: 3, Qty: 1, UnitPrice: -5, ExtPrice: -5 }
      ],
      { Subtotal: 490, Tax: 0, Total: 490 }
    )
    expect(r._tag).toBe("Invalid")
    const d = r._tag === "Invalid" ? r.discrepancies : []
    expect(d).toEqual([
      { rule: "extPrice", line: 1, expected: 500, actual: 501, diff: 1 },
      { rule: "numbering", line: 3, expected: 2, actual: 3, diff: 1 },
      { rule: "negative", line: 3, expected: 0, actual: -5, diff: -5 },
      { rule: "subtotal", expected: 496, actual: 490, diff: -6 }
    ])
  })

  it("a receipt without lines is invalid", () => {
    const r = Rules.validateReceiptTotals([], { Subtotal: 0, Tax: 0, Total: 0 })
    expect(r).toEqual({
      _tag: "Invalid",
      discrepancies: [{ rule: "lines", expected: 1, actual: 0, diff: -1 }]
    })
  })
})

describe("Rules line price and order totals", () => {
  it("UnitPrice above SalePrice, and below it without a PromoCode, are discrepancies", () => {
    expect(Rules.validateLinePrice({ UnitPrice: 250 }, { SalePrice: 250 })._tag).toBe("Valid")
    expect(Rules.validateLinePrice({ UnitPrice: 200, PromoCode: "P10" }, { SalePrice: 250 })._tag).toBe(
      "Valid"
    )
    expect(
      Rules.validateLinePrice({ Line: 2, UnitPrice: 260, PromoCode: "P10" }, { SalePrice: 250 })
    ).toEqual({
      _tag: "Invalid",
      discrepancies: [{ rule: "unitPrice", line: 2, expected: 250, actual: 260, diff: 10 }]
    })
    expect(Rules.validateLinePrice({ UnitPrice: 200, PromoCode: null }, { SalePrice: 250 })).toEqual({
      _tag: "Invalid",
      discrepancies: [{ rule: "promo", expected: 250, actual: 200, diff: -50 }]
    })
  })

  it("online orders reconcile", () => {
    expect(Rules.validateOrderTotals({ Subtotal: 250, Tax: 21, Total: 271 })._tag).toBe("Valid")
    expect(Rules.validateOrderTotals({ Subtotal: 250, Tax: 21, Total: 272 })).toEqual({
      _tag: "Invalid",
      discrepancies: [{ rule: "orderTotal", expected: 271, actual: 272, diff: 1 }]
    })
  })
})

describe("Rules.make summary", () => {
  it("counts checked, valid, invalid and discrepancies per rule", () => {
    const rules = Rules.make()
    rules.validateReceiptTotals([{ Qty: 1, UnitPrice: 100, ExtPrice: 100 }], {
      Subtotal: 100,
      Tax: 0,
      Total: 100
    })
    rules.validateReceiptTotals([{ Qty: 1, UnitPrice: 100, ExtPrice: 100 }], {
      Subtotal: 100,
      Tax: 0,
      Total: 101
    })
    rules.validateReceiptTotals([], { Subtotal: 0, Tax: 0, Total: 1 })
    rules.validateLinePrice({ UnitPrice: 90 }, { SalePrice: 100 })
    rules.validateOrderTotals({ Subtotal: 1, Tax: 0, Total: 1 })
    const s = rules.summary()
    expect([s.checked, s.valid, s.invalid]).toEqual([5, 2, 3])
    expect(s.byRule).toEqual({
      lines: 1,
      numbering: 0,
      extPrice: 0,
      subtotal: 0,
      tax: 0,
      total: 2,
      unitPrice: 0,
      promo: 1,
      orderTotal: 0,
      negative: 0
    })
    // a summary is a snapshot
    rules.validateOrderTotals({ Subtotal: 1, Tax: 0, Total: 2 })
    expect(s.checked).toBe(5)
    expect(rules.summary().byRule.orderTotal).toBe(1)
  })
})
