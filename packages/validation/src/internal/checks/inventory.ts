/**
 * I4 inventory. For every (store, product) and (DC, product): the snapshot quantity plus the
 * running sum of QtyDelta, replayed in EventTS order with additions before deductions at the same
 * second, never drops below 0 (one violation per drop below zero; needs the snapshot table, else
 * skipped with a note). Per (store, product, day), SALE units equal the receipt-line units (one
 * violation per mismatching triple). Rows whose store, DC or product does not resolve are left to
 * I1. State: one balance per (node, product) seen, plus the current day's ledger rows.
 */
import { Calendar, Timestamp } from "@retail-datagen/core"
import type { Chunk } from "../chunk.js"
import type { Dim } from "../dims.js"
import type { Findings } from "../findings.js"
import { F64, I32, NumIndex } from "../keys.js"
import type { Check, Shared } from "../session.js"
import { pairKey } from "../session.js"
import * as S from "../spec.js"

/** One ledger (stores or DCs): balances by slot and the day's rows. */
class Ledger {
  readonly bal = new F64()
  readonly ts = new F64()
  readonly delta = new F64()
  readonly slot = new I32()
  readonly source = new I32()
  readonly line = new I32()
  readonly reason = new I32()
  /** Node and product of each slot (for messages). */
  readonly node = new F64()
  readonly product = new F64()
  n = 0

  constructor(
    readonly slots: NumIndex,
    readonly spec: S.TableSpec,
    readonly snapshots: S.TableSpec,
    readonly nodeDim: Dim,
    readonly nodeCol: string,
    readonly reasons: ReadonlyArray<string>
  ) {}

  slotOf(node: number, product: number): number {
    const s = this.slots.intern(pairKey(node, product))
    if (this.slots.added) {
      const k = s + 1
      this.bal.ensure(k)[s] = 0
      this.node.ensure(k)[s] = node
      this.product.ensure(k)[s] = product
    }
    return s
  }
}

export const make = (sh: Shared, f: Findings): Check => {
  const d = sh.dims
  const stores = new Ledger(sh.storeSlots, S.storeTxn, S.storeSnapshots, d.stores, "StoreID", S.STORE_REASONS)
  const dcs = new Ledger(sh.dcSlots, S.dcTxn, S.dcSnapshots, d.dcs, "DCID", S.DC_REASONS)
  // SALE units vs receipt-line units per (store, product) of the day
  const units = new NumIndex()
  const saleUnits = new F64()
  const lineUnits = new F64()
  const uStore = new F64()
  const uProduct = new F64()
  const uSource = new I32()
  const uLine = new I32()
  /** 1 when the first location is a SALE row, 2 a receipt line. */
  const uTable = new I32()

  const unit = (store: number, product: number, source: number, line: number, table: number): number => {
    const u = units.intern(pairKey(store, product))
    if (units.added) {
      const k = u + 1
      saleUnits.ensure(k)[u] = 0
      lineUnits.ensure(k)[u] = 0
      uStore.ensure(k)[u] = store
      uProduct.ensure(k)[u] = product
      uSource.ensure(k)[u] = source
      uLine.ensure(k)[u] = line
      uTable.ensure(k)[u] = table
    }
    return u
  }

  const resolves = (dim: Dim, id: number): boolean => !dim.provided || dim.find(id) >= 0
  const productOk = (p: number): boolean => p >= 0 && p < 16777216 && resolves(d.products, p)

  const ledgerRows = (chunk: Chunk, led: Ledger): void => {
    const at = led.spec.at
    const node = chunk.num[at[led.nodeCol]!]!
    const prod = chunk.num[at.ProductID!]!
    const ts = chunk.num[at.EventTS!]!
    const delta = chunk.num[at.QtyDelta!]!
    const reason = chunk.num[at.Reason!]!
    const isStore = led === stores
    for (let r = 0; r < chunk.length; r++) {
      const p = prod[r]!
      if (!productOk(p) || !resolves(led.nodeDim, node[r]!)) continue
      const i = led.n++
      const k = i + 1
      led.ts.ensure(k)[i] = ts[r]!
      led.delta.ensure(k)[i] = delta[r]!
      led.slot.ensure(k)[i] = led.slotOf(node[r]!, p)
      led.source.ensure(k)[i] = chunk.source
      led.line.ensure(k)[i] = chunk.line[r]!
      led.reason.ensure(k)[i] = reason[r]!
      if (isStore && reason[r] === S.STORE_SALE) {
        const u = unit(node[r]!, p, chunk.source, chunk.line[r]!, 1)
        saleUnits.data[u]! -= delta[r]!
      }
    }
  }

  let order = new Uint32Array(1024)
  let keys = new Float64Array(1024)

  const replay = (led: Ledger): void => {
    const n = led.n
    led.n = 0
    if (n === 0) return
    if (!sh.has(led.snapshots)) {
      f.note(`${led.snapshots.name} not provided: ${led.spec.name} balances not replayed`)
      return
    }
    if (order.length < n) {
      order = new Uint32Array(n * 2)
      keys = new Float64Array(n * 2)
    }
    const ts = led.ts.data
    const delta = led.delta.data
    for (let i = 0; i < n; i++) {
      order[i] = i
      keys[i] = ts[i]! * 2 + (delta[i]! < 0 ? 1 : 0)
    }
    const view = order.subarray(0, n)
    view.sort((a, b) => keys[a]! - keys[b]! || a - b)
    const bal = led.bal.data
    const slot = led.slot.data
    for (let j = 0; j < n; j++) {
      const i = view[j]!
      const s = slot[i]!
      const before = bal[s]!
      const after = before + delta[i]!
      bal[s] = after
      if (before >= 0 && after < 0 && f.hit()) {
        f.example(
          led.spec.name,
          led.source.data[i]!,
          led.line.data[i]!,
          `${led.nodeCol} ${led.node.data[s]} ProductID ${led.product.data[s]}: stock ${before} → ${after} at ${Timestamp.format(ts[i]!)} (${led.reasons[led.reason.data[i]!]} ${delta[i]})`
        )
      }
    }
  }

  return {
    f,
    master(chunk, aux) {
      const led = chunk.spec === S.storeSnapshots ? stores : chunk.spec === S.dcSnapshots ? dcs : undefined
      if (led === undefined) return
      f.rows += chunk.length
      const q = chunk.num[S.storeSnapshots.at.CurrentQuantity!]!
      const node = chunk.num[0]!
      const prod = chunk.num[1]!
      for (let r = 0; r < chunk.length; r++) {
        const s = aux[r]!
        if (s < 0) continue
        const k = s + 1
        led.bal.ensure(k)[s] = q[r]!
        led.node.ensure(k)[s] = node[r]!
        led.product.ensure(k)[s] = prod[r]!
        if (q[r]! < 0) f.add(chunk.spec.name, chunk.source, chunk.line[r]!, `CurrentQuantity ${q[r]} below 0`)
      }
    },
    beginDay() {
      units.clear()
    },
    fact(chunk, aux) {
      if (chunk.spec === S.storeTxn) {
        f.rows += chunk.length
        ledgerRows(chunk, stores)
      } else if (chunk.spec === S.dcTxn) {
        f.rows += chunk.length
        ledgerRows(chunk, dcs)
      } else if (chunk.spec === S.receiptLines) {
        f.rows += chunk.length
        const at = S.receiptLines.at
        const prod = chunk.num[at.ProductID!]!
        const qty = chunk.num[at.Qty!]!
        const store = sh.rStore.data
        for (let r = 0; r < chunk.length; r++) {
          const slot = aux[r]!
          if (slot < 0) continue
          const st = store[slot]!
          const p = prod[r]!
          if (!productOk(p) || !resolves(d.stores, st)) continue
          const u = unit(st, p, chunk.source, chunk.line[r]!, 2)
          lineUnits.data[u]! += qty[r]!
        }
      }
    },
    endDay() {
      replay(stores)
      replay(dcs)
      const all =
        sh.facts.has(S.storeTxn.name) && sh.facts.has(S.receiptLines.name) && sh.facts.has(S.receipts.name)
      if (!all) {
        if (units.size > 0 || sh.facts.has(S.storeTxn.name) || sh.facts.has(S.receiptLines.name)) {
          f.note(
            "store_inventory_txn, receipts or receipt_lines not provided: SALE units not compared with receipt lines"
          )
        }
        return
      }
      for (let u = 0; u < units.size; u++) {
        const sale = saleUnits.data[u]!
        const lines = lineUnits.data[u]!
        if (sale === lines || !f.hit()) continue
        f.example(
          uTable.data[u] === 1 ? S.storeTxn.name : S.receiptLines.name,
          uSource.data[u]!,
          uLine.data[u]!,
          `StoreID ${uStore.data[u]} ProductID ${uProduct.data[u]} on ${Calendar.format(sh.day)}: SALE units ${sale} ≠ receipt-line units ${lines}`
        )
      }
    }
  }
}
