/**
 * I3 receipts, per day: every receipt has ≥ 1 line and every line a receipt (of the same day:
 * lines share the receipt's EventTS); lines are numbered 1..n and share the receipt's EventTS
 * and TraceId; ExtPrice = Qty × UnitPrice; UnitPrice ≤ SalePrice, and = SalePrice without a
 * PromoCode; Subtotal = Σ ExtPrice, Tax = rate × taxable ExtPrice (when stores.TaxRate and
 * products_master.Taxability are present; see `tax.ts`), Total = Subtotal + Tax. One violation per offending
 * line and one per offending receipt (its reasons joined).
 */
import { Calendar, Money, Timestamp } from "@retail-datagen/core"
import { keyText } from "../chunk.js"
import type { Findings } from "../findings.js"
import { F64, I32 } from "../keys.js"
import type { Check, Shared } from "../session.js"
import { ORPHAN } from "../session.js"
import * as S from "../spec.js"
import { receiptTax } from "../tax.js"

export const make = (sh: Shared, f: Findings): Check => {
  const sub = new F64()
  const tax = new F64()
  const total = new F64()
  const sumExt = new F64()
  const base = new F64()
  const reduced = new F64()
  const count = new I32()
  const minLine = new I32()
  const maxLine = new I32()
  /** 1 when every line's taxability is known. */
  const taxKnown = new I32()
  let slots = 0
  const d = sh.dims

  return {
    f,
    beginDay() {
      slots = 0
    },
    fact(chunk, aux) {
      if (chunk.spec === S.receipts) {
        f.rows += chunk.length
        const at = S.receipts.at
        const s = chunk.num[at.Subtotal!]!
        const t = chunk.num[at.Tax!]!
        const o = chunk.num[at.Total!]!
        for (let r = 0; r < chunk.length; r++) {
          const slot = aux[r]!
          if (slot < 0) continue
          const n = slot + 1
          sub.ensure(n)[slot] = s[r]!
          tax.ensure(n)[slot] = t[r]!
          total.ensure(n)[slot] = o[r]!
          sumExt.ensure(n)[slot] = 0
          base.ensure(n)[slot] = 0
          reduced.ensure(n)[slot] = 0
          count.ensure(n)[slot] = 0
          minLine.ensure(n)[slot] = 2147483647
          maxLine.ensure(n)[slot] = 0
          taxKnown.ensure(n)[slot] = 1
          if (n > slots) slots = n
        }
        return
      }
      if (chunk.spec !== S.receiptLines) return
      f.rows += chunk.length
      const at = S.receiptLines.at
      const table = chunk.spec.name
      const line = chunk.num[at.Line!]!
      const prod = chunk.num[at.ProductID!]!
      const qty = chunk.num[at.Qty!]!
      const unit = chunk.num[at.UnitPrice!]!
      const ext = chunk.num[at.ExtPrice!]!
      const promoN = chunk.num[at.PromoCode!]!
      const promoS = chunk.str[at.PromoCode!]!
      const ts = chunk.num[at.EventTS!]!
      const trN = chunk.num[at.TraceId!]!
      const trS = chunk.str[at.TraceId!]!
      const products = d.products.provided
      if (!products) f.note("products_master not provided: UnitPrice not compared with SalePrice")
      const sale = d.products.attr("SalePrice")
      const taxable = d.products.attr("Taxability")
      const rTs = sh.rTs.data
      const rTrN = sh.rTraceNum.data
      const rTrS = sh.rTraceStr
      for (let r = 0; r < chunk.length; r++) {
        const slot = aux[r]!
        if (slot === ORPHAN) {
          if (f.hit()) {
            f.example(
              table,
              chunk.source,
              chunk.line[r]!,
              `line ${line[r]} of ${keyText(chunk, at.ReceiptId!, r)} has no receipt on ${Calendar.format(sh.day)}`
            )
          }
          continue
        }
        if (slot < 0) continue
        const p = products ? d.products.find(prod[r]!) : -1
        // accumulate
        sumExt.data[slot]! += ext[r]!
        count.data[slot]!++
        const l = line[r]!
        if (l < minLine.data[slot]!) minLine.data[slot] = l
        if (l > maxLine.data[slot]!) maxLine.data[slot] = l
        const cls = p >= 0 && !Number.isNaN(taxable[p]!) ? S.taxClass(taxable[p]!) : 3
        if (cls === 3 && p >= 0 && taxable[p] === S.TAXABILITY.length) {
          f.note(
            `a products_master.Taxability value is not one of ${S.TAXABILITY.join("/")}: Tax of its receipts not recomputed`
          )
        }
        if (cls === S.TAX_FULL) base.data[slot]! += ext[r]!
        else if (cls === S.TAX_REDUCED) reduced.data[slot]! += ext[r]!
        else if (cls === 3) taxKnown.data[slot] = 0
        // line rules
        let why = ""
        if (qty[r]! * unit[r]! !== ext[r]!) {
          why = `ExtPrice ${Money.format(ext[r]!)} ≠ Qty ${qty[r]} × UnitPrice ${Money.format(unit[r]!)}`
        } else if (p >= 0 && !Number.isNaN(sale[p])) {
          const sp = sale[p]!
          const promo = !Number.isNaN(promoN[r]) || promoS[r] !== ""
          if (unit[r]! > sp) why = `UnitPrice ${Money.format(unit[r]!)} above SalePrice ${Money.format(sp)}`
          else if (!promo && unit[r] !== sp) {
            why = `UnitPrice ${Money.format(unit[r]!)} ≠ SalePrice ${Money.format(sp)} without a PromoCode`
          }
        }
        if (why === "" && ts[r] !== rTs[slot]) {
          why = `EventTS ${Timestamp.format(ts[r]!)} ≠ its receipt's ${Timestamp.format(rTs[slot]!)}`
        }
        if (why === "" && !(trN[r] === rTrN[slot] || (Number.isNaN(trN[r]) && trS[r] === rTrS[slot]))) {
          why = `TraceId ${keyText(chunk, at.TraceId!, r)} differs from its receipt's`
        }
        if (why !== "")
          f.add(table, chunk.source, chunk.line[r]!, `line ${l} of ${sh.receiptId(slot)}: ${why}`)
      }
    },
    endDay() {
      if (!sh.facts.has(S.receipts.name) && !sh.facts.has(S.receiptLines.name)) return
      const stores = d.stores
      const rateCol = stores.present.has("TaxRateBps")
        ? "TaxRateBps"
        : stores.present.has("TaxRate")
          ? "TaxRate"
          : ""
      const haveTax = rateCol !== "" && d.products.present.has("Taxability")
      if (!haveTax) {
        f.note(
          "stores.TaxRateBps or products_master.Taxability absent: Tax not recomputed (Total = Subtotal + Tax still checked)"
        )
      }
      const rate = stores.attr(rateCol === "" ? "TaxRateBps" : rateCol)
      const reducedRate = stores.attr("ReducedTaxRateBps")
      const store = sh.rStore.data
      for (let slot = 0; slot < slots; slot++) {
        const reasons: Array<string> = []
        const n = count.data[slot]!
        if (n === 0) reasons.push("no lines")
        else {
          if (minLine.data[slot] !== 1 || maxLine.data[slot] !== n) {
            reasons.push(`lines not numbered 1..${n} (${minLine.data[slot]}..${maxLine.data[slot]})`)
          }
          if (sumExt.data[slot] !== sub.data[slot]) {
            reasons.push(
              `Subtotal ${Money.format(sub.data[slot]!)} ≠ Σ ExtPrice ${Money.format(sumExt.data[slot]!)}`
            )
          }
          if (haveTax && taxKnown.data[slot] === 1) {
            const s = stores.find(store[slot]!)
            const full = s >= 0 ? rate[s]! : Number.NaN
            const red = s >= 0 && stores.present.has("ReducedTaxRateBps") ? reducedRate[s]! : Number.NaN
            const fb = base.data[slot]!
            const rb = reduced.data[slot]!
            if ((fb === 0 || !Number.isNaN(full)) && (rb === 0 || !Number.isNaN(red))) {
              const want = receiptTax(fb, full, rb, red)
              if (want !== tax.data[slot]) {
                reasons.push(
                  `Tax ${Money.format(tax.data[slot]!)} ≠ ${Money.format(want)} (${full} bps of ${Money.format(fb)}` +
                    (rb === 0 ? ")" : ` + ${red} bps of ${Money.format(rb)})`)
                )
              }
            } else if (rb !== 0)
              f.note(
                "stores.ReducedTaxRateBps absent: Tax of receipts with reduced-rate lines not recomputed"
              )
          }
        }
        if (total.data[slot] !== sub.data[slot]! + tax.data[slot]!) {
          reasons.push(
            `Total ${Money.format(total.data[slot]!)} ≠ Subtotal + Tax ${Money.format(sub.data[slot]! + tax.data[slot]!)}`
          )
        }
        if (reasons.length > 0 && f.hit()) {
          f.example(
            S.receipts.name,
            sh.rSource.data[slot]!,
            sh.rLine.data[slot]!,
            `${sh.receiptId(slot)}: ${reasons.join("; ")}`
          )
        }
      }
    }
  }
}
