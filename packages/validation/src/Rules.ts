/**
 * Business rules on single records, for generators and tests (FACT_GENERATION.md "Business
 * Rules Validation"): receipt totals, line pricing and online-order totals, each returning a
 * typed result whose discrepancies are in cents. `make()` gives an engine that also accumulates a
 * validation summary with counts per rule.
 *
 * @example
 * import { Rules } from "@retail-datagen/validation"
 * const rules = Rules.make()
 * const r = rules.validateReceiptTotals(
 *   [{ Line: 1, Qty: 2, UnitPrice: 250, ExtPrice: 500, taxability: "taxable" }],
 *   { Subtotal: 500, Tax: 41, Total: 541, taxRateBps: 825 }
 * )
 * r._tag // "Valid"
 * rules.summary() // { checked: 1, valid: 1, invalid: 0, byRule: { … all 0 } }
 */
import type { Money } from "@retail-datagen/core"
import { receiptTax } from "./internal/tax.js"

/** The rules a discrepancy can break. */
export type Rule =
  | "lines"
  | "numbering"
  | "extPrice"
  | "subtotal"
  | "tax"
  | "total"
  | "unitPrice"
  | "promo"
  | "orderTotal"
  | "negative"

export const RULES: ReadonlyArray<Rule> = [
  "lines",
  "numbering",
  "extPrice",
  "subtotal",
  "tax",
  "total",
  "unitPrice",
  "promo",
  "orderTotal",
  "negative"
]

/** One broken rule: what was expected, what was found, and `diff = actual − expected` (cents). */
export interface Discrepancy {
  readonly rule: Rule
  /** The receipt line concerned, when the rule is about one line. */
  readonly line?: number
  readonly expected: Money.Cents
  readonly actual: Money.Cents
  readonly diff: Money.Cents
}

export type Result =
  | { readonly _tag: "Valid" }
  | { readonly _tag: "Invalid"; readonly discrepancies: ReadonlyArray<Discrepancy> }

export interface LineInput {
  /** 1-based line number (defaults to the position in the list). */
  readonly Line?: number
  readonly Qty: number
  readonly UnitPrice: Money.Cents
  readonly ExtPrice: Money.Cents
  /**
   * The product's taxability (`Contract.TAXABILITY`): `taxable` (the default) pays the store's
   * full rate, `reduced` its reduced rate, `exempt_food` / `exempt` nothing.
   */
  readonly taxability?: string
}

export interface ReceiptInput {
  readonly Subtotal: Money.Cents
  readonly Tax: Money.Cents
  readonly Total: Money.Cents
  /** The store's tax rate; when given, Tax is recomputed from the lines' taxability. */
  readonly taxRateBps?: Money.Bps
  /** The store's reduced rate, for `reduced` lines (required when there are any). */
  readonly reducedTaxRateBps?: Money.Bps
}

const VALID: Result = { _tag: "Valid" }

const result = (d: Array<Discrepancy>): Result =>
  d.length === 0 ? VALID : { _tag: "Invalid", discrepancies: d }

const miss = (rule: Rule, expected: number, actual: number, line?: number): Discrepancy =>
  line === undefined
    ? { rule, expected, actual, diff: actual - expected }
    : { rule, line, expected, actual, diff: actual - expected }

/**
 * Receipt reconciliation (DATA-CONTRACT §4, I3): at least one line, lines numbered 1..n,
 * ExtPrice = Qty × UnitPrice, Subtotal = Σ ExtPrice, Tax = full rate × Σ `taxable` ExtPrice +
 * reduced rate × Σ `reduced` ExtPrice (each rounded half-up once per receipt; only with
 * `taxRateBps`, and skipped when a line's taxability is unknown), Total = Subtotal + Tax, no
 * negative amount.
 */
export const validateReceiptTotals = (lines: ReadonlyArray<LineInput>, receipt: ReceiptInput): Result => {
  const d: Array<Discrepancy> = []
  if (lines.length === 0) d.push(miss("lines", 1, 0))
  let sum = 0
  let base = 0
  let reduced = 0
  let unknown = false
  lines.forEach((l, i) => {
    const n = l.Line ?? i + 1
    if (n !== i + 1) d.push(miss("numbering", i + 1, n, n))
    const ext = l.Qty * l.UnitPrice
    if (ext !== l.ExtPrice) d.push(miss("extPrice", ext, l.ExtPrice, n))
    if (l.UnitPrice < 0) d.push(miss("negative", 0, l.UnitPrice, n))
    sum += l.ExtPrice
    const t = l.taxability ?? "taxable"
    if (t === "taxable") base += l.ExtPrice
    else if (t === "reduced") reduced += l.ExtPrice
    else if (t !== "exempt_food" && t !== "exempt") unknown = true
  })
  if (lines.length > 0 && sum !== receipt.Subtotal) d.push(miss("subtotal", sum, receipt.Subtotal))
  const reducedKnown = reduced === 0 || receipt.reducedTaxRateBps !== undefined
  if (receipt.taxRateBps !== undefined && reducedKnown && !unknown) {
    const tax = receiptTax(base, receipt.taxRateBps, reduced, receipt.reducedTaxRateBps ?? 0)
    if (tax !== receipt.Tax) d.push(miss("tax", tax, receipt.Tax))
  }
  const total = receipt.Subtotal + receipt.Tax
  if (total !== receipt.Total) d.push(miss("total", total, receipt.Total))
  for (const v of [receipt.Subtotal, receipt.Tax, receipt.Total]) if (v < 0) d.push(miss("negative", 0, v))
  return result(d)
}

/** UnitPrice ≤ the product's SalePrice, and = it when the line has no PromoCode (I3). */
export const validateLinePrice = (
  line: { readonly Line?: number; readonly UnitPrice: Money.Cents; readonly PromoCode?: string | null },
  product: { readonly SalePrice: Money.Cents }
): Result => {
  const d: Array<Discrepancy> = []
  const promo = line.PromoCode !== undefined && line.PromoCode !== null && line.PromoCode !== ""
  if (line.UnitPrice > product.SalePrice)
    d.push(miss("unitPrice", product.SalePrice, line.UnitPrice, line.Line))
  else if (!promo && line.UnitPrice !== product.SalePrice) {
    d.push(miss("promo", product.SalePrice, line.UnitPrice, line.Line))
  }
  return result(d)
}

/** Online order reconciliation (I6): Total = Subtotal + Tax, no negative amount. */
export const validateOrderTotals = (order: {
  readonly Subtotal: Money.Cents
  readonly Tax: Money.Cents
  readonly Total: Money.Cents
}): Result => {
  const d: Array<Discrepancy> = []
  const total = order.Subtotal + order.Tax
  if (total !== order.Total) d.push(miss("orderTotal", total, order.Total))
  for (const v of [order.Subtotal, order.Tax, order.Total]) if (v < 0) d.push(miss("negative", 0, v))
  return result(d)
}

/** Counts over everything an engine validated. `byRule` counts discrepancies per rule. */
export interface Summary {
  readonly checked: number
  readonly valid: number
  readonly invalid: number
  readonly byRule: Readonly<Record<Rule, number>>
}

/** The rules with a running summary (the `BusinessRulesEngine` of FACT_GENERATION.md). */
export class Engine {
  private checked = 0
  private valid = 0
  private readonly byRule = Object.fromEntries(RULES.map((r) => [r, 0])) as Record<Rule, number>

  private record(r: Result): Result {
    this.checked++
    if (r._tag === "Valid") this.valid++
    else for (const d of r.discrepancies) this.byRule[d.rule]++
    return r
  }

  validateReceiptTotals(lines: ReadonlyArray<LineInput>, receipt: ReceiptInput): Result {
    return this.record(validateReceiptTotals(lines, receipt))
  }

  validateLinePrice(
    line: { readonly Line?: number; readonly UnitPrice: Money.Cents; readonly PromoCode?: string | null },
    product: { readonly SalePrice: Money.Cents }
  ): Result {
    return this.record(validateLinePrice(line, product))
  }

  validateOrderTotals(order: {
    readonly Subtotal: Money.Cents
    readonly Tax: Money.Cents
    readonly Total: Money.Cents
  }): Result {
    return this.record(validateOrderTotals(order))
  }

  summary(): Summary {
    return {
      checked: this.checked,
      valid: this.valid,
      invalid: this.checked - this.valid,
      byRule: { ...this.byRule }
    }
  }
}

/** A fresh engine with an empty summary. */
export const make = (): Engine => new Engine()
