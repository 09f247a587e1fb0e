/**
 * I6 money: online orders reconcile (Total = Subtotal + Tax); no negative price, amount or cost
 * (receipts, receipt lines, online orders, marketing Cost, product Cost/MSRP/SalePrice); products
 * keep Cost < SalePrice ≤ MSRP (DATA-CONTRACT §3). One violation per offending row.
 */
import { Money } from "@retail-datagen/core"
import type { Chunk } from "../chunk.js"
import type { Findings } from "../findings.js"
import type { Check, Shared } from "../session.js"
import { DUP } from "../session.js"
import * as S from "../spec.js"

const MONEY_COLUMNS: ReadonlyMap<S.TableSpec, ReadonlyArray<string>> = new Map([
  [S.products, ["Cost", "MSRP", "SalePrice"]],
  [S.receipts, ["Subtotal", "Tax", "Total"]],
  [S.receiptLines, ["UnitPrice", "ExtPrice"]],
  [S.onlineOrders, ["Subtotal", "Tax", "Total"]],
  [S.marketing, ["Cost"]]
])

export const make = (_sh: Shared, f: Findings): Check => {
  const scan = (chunk: Chunk, aux: Int32Array | undefined): void => {
    const names = MONEY_COLUMNS.get(chunk.spec)
    if (names === undefined) return
    f.rows += chunk.length
    const cols = names.map((n) => chunk.num[chunk.spec.at[n]!]!)
    const isProduct = chunk.spec === S.products
    const isOrder = chunk.spec === S.onlineOrders
    for (let r = 0; r < chunk.length; r++) {
      if (aux !== undefined && aux[r] === DUP) continue
      let why = ""
      for (let c = 0; c < cols.length; c++) {
        const v = cols[c]![r]!
        if (v < 0) {
          why = `negative ${names[c]} ${Money.format(v)}`
          break
        }
      }
      if (why === "" && isProduct) {
        const cost = cols[0]![r]!
        const msrp = cols[1]![r]!
        const sale = cols[2]![r]!
        if (!(cost < sale && sale <= msrp)) {
          why = `Cost ${Money.format(cost)} < SalePrice ${Money.format(sale)} ≤ MSRP ${Money.format(msrp)} does not hold`
        }
      }
      if (why === "" && isOrder) {
        const sub = cols[0]![r]!
        const tax = cols[1]![r]!
        const total = cols[2]![r]!
        if (total !== sub + tax)
          why = `Total ${Money.format(total)} ≠ Subtotal + Tax ${Money.format(sub + tax)}`
      }
      if (why !== "") f.add(chunk.spec.name, chunk.source, chunk.line[r]!, why)
    }
  }
  return {
    f,
    master(chunk, aux) {
      scan(chunk, aux)
    },
    fact(chunk, aux) {
      scan(chunk, chunk.spec === S.receipts || chunk.spec === S.receiptLines ? aux : undefined)
    }
  }
}
