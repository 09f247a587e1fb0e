/**
 * I2 uniqueness: ReceiptId, OrderId, ShipmentId+Status, ImpressionId and (ReceiptId, Line) are
 * unique; so are dimension IDs and (node, product) snapshot pairs. Every repeat after the first
 * occurrence is one violation. ReceiptId, OrderId, ShipmentId+Status and ImpressionId are
 * checked over the whole dataset (about 24 bytes per id); (ReceiptId, Line) within the day, as
 * lines share their receipt's EventTS (a line on another day is reported by I3).
 */
import type { Chunk } from "../chunk.js"
import { keyText } from "../chunk.js"
import type { Findings } from "../findings.js"
import { KeyIndex } from "../keys.js"
import type { Check, Shared } from "../session.js"
import { DUP } from "../session.js"
import * as S from "../spec.js"

export const make = (_sh: Shared, f: Findings): Check => {
  const orders = new KeyIndex()
  const impressions = new KeyIndex()
  const shipments = new KeyIndex()

  const flagged = (chunk: Chunk, aux: Int32Array, what: (r: number) => string): void => {
    for (let r = 0; r < chunk.length; r++) {
      if (aux[r] !== DUP) continue
      if (f.hit()) f.example(chunk.spec.name, chunk.source, chunk.line[r]!, what(r))
    }
  }

  const global = (chunk: Chunk, index: KeyIndex, col: number): void => {
    const n = chunk.num[col]!
    const s = chunk.str[col]!
    for (let r = 0; r < chunk.length; r++) {
      index.intern(n[r]!, s[r]!)
      if (index.added) continue
      if (f.hit()) {
        f.example(
          chunk.spec.name,
          chunk.source,
          chunk.line[r]!,
          `duplicate ${chunk.spec.columns[col]!.name} ${keyText(chunk, col, r)}`
        )
      }
    }
  }

  return {
    f,
    master(chunk, aux) {
      f.rows += chunk.length
      if (chunk.spec.at.ID !== undefined) {
        const ids = chunk.num[chunk.spec.at.ID]!
        flagged(chunk, aux, (r) => `duplicate ID ${ids[r]} in ${chunk.spec.name}`)
      } else {
        const node = chunk.num[0]!
        const prod = chunk.num[1]!
        const nodeName = chunk.spec.columns[0]!.name
        flagged(chunk, aux, (r) => `duplicate snapshot (${nodeName} ${node[r]}, ProductID ${prod[r]})`)
      }
    },
    fact(chunk, aux) {
      switch (chunk.spec) {
        case S.receipts:
          f.rows += chunk.length
          flagged(chunk, aux, (r) => `duplicate ReceiptId ${keyText(chunk, S.receipts.at.ReceiptId!, r)}`)
          break
        case S.receiptLines: {
          f.rows += chunk.length
          const line = chunk.num[S.receiptLines.at.Line!]!
          flagged(
            chunk,
            aux,
            (r) =>
              `duplicate (ReceiptId, Line) (${keyText(chunk, S.receiptLines.at.ReceiptId!, r)}, ${line[r]})`
          )
          break
        }
        case S.onlineOrders:
          f.rows += chunk.length
          global(chunk, orders, S.onlineOrders.at.OrderId!)
          break
        case S.marketing:
          f.rows += chunk.length
          global(chunk, impressions, S.marketing.at.ImpressionId!)
          break
        case S.truckMoves: {
          f.rows += chunk.length
          const at = S.truckMoves.at
          const n = chunk.num[at.ShipmentId!]!
          const s = chunk.str[at.ShipmentId!]!
          const st = chunk.num[at.Status!]!
          for (let r = 0; r < chunk.length; r++) {
            const sn = n[r]!
            if (!Number.isNaN(sn)) shipments.intern(sn * 8 + st[r]!, "")
            else shipments.intern(Number.NaN, `${s[r]!}|${st[r]}`)
            if (shipments.added) continue
            if (f.hit()) {
              f.example(
                chunk.spec.name,
                chunk.source,
                chunk.line[r]!,
                `duplicate ShipmentId+Status ${keyText(chunk, at.ShipmentId!, r)} ${S.STATUSES[st[r]!]}`
              )
            }
          }
          break
        }
      }
    }
  }
}
