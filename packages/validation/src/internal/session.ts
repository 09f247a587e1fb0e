/**
 * The streaming validator. Input is fed as normalized chunks in a fixed order:
 *
 * 1. master tables, each table after the ones it references (`spec.MASTER` order);
 * 2. then day by day, in increasing date order, `beginDay(d)`, the day's fact chunks
 *    (`receipts` before `receipt_lines`; other tables in any order), `endDay()`;
 * 3. `finish()`.
 *
 * The session owns the state several checks share: the dimensions, the receipts of the current
 * day (ReceiptId → slot, first occurrence in the dataset wins), receipt-line de-duplication and
 * the (node, product) slots of the inventory ledgers. It annotates each chunk with `aux` (per row:
 * dimension index, receipt slot, or ORPHAN / DUP) and hands it to every check.
 */
import type { CheckId, CheckResult } from "../Report.js"
import type { Chunk } from "./chunk.js"
import { Dims, DUP } from "./dims.js"
import { Findings } from "./findings.js"
import { F64, I32, KeyIndex, NumIndex } from "./keys.js"
import * as S from "./spec.js"

export { DUP }
export const ORPHAN = -1

/** Composite (node, product) key; products below 2^24. */
export const pairKey = (node: number, product: number): number => node * 16777216 + product

/** A store's opening window on a given day, from its regular hours (seconds of the day). */
export type HoursRule = (
  day: number,
  open: number,
  close: number
) => { readonly open: number; readonly close: number; readonly closed: boolean }

/** What checks see besides their chunks. */
export class Shared {
  readonly dims = new Dims()
  /** Current day (epoch day), NaN before the first. */
  day = Number.NaN
  /** Fact tables provided for the current day. */
  readonly facts = new Set<string>()
  /** Every ReceiptId seen so far. */
  readonly receiptSeen = new KeyIndex()
  /** The current day's receipts: ReceiptId → slot. */
  readonly dayReceipts = new KeyIndex()
  readonly rStore = new F64()
  readonly rTs = new F64()
  readonly rTraceNum = new F64()
  rTraceStr: Array<string> = []
  readonly rIdNum = new F64()
  rIdStr: Array<string> = []
  readonly rSource = new I32()
  readonly rLine = new I32()
  /** (receipt slot, Line) pairs of the day. */
  readonly linePairs = new NumIndex()
  /** (store, product) and (DC, product) ledger slots; `pairKey`. */
  readonly storeSlots = new NumIndex()
  readonly dcSlots = new NumIndex()

  constructor(
    readonly sources: Array<string>,
    /** The day's opening window of a store from its regular one (seconds of the day). */
    readonly hours: HoursRule | undefined
  ) {}

  /** Text of the ReceiptId of a slot of the current day. */
  receiptId(slot: number): string {
    const n = this.rIdNum.data[slot]!
    return !Number.isNaN(n) ? `RCP${n}` : this.rIdStr[slot]!
  }

  /** Whether a master table was provided. */
  has(spec: S.TableSpec): boolean {
    return this.provided.has(spec.name)
  }
  readonly provided = new Set<string>()
}

/** A check: consumes chunks, keeps compact state, reports through its findings. */
export interface Check {
  readonly f: Findings
  master?(chunk: Chunk, aux: Int32Array): void
  beginDay?(): void
  fact?(chunk: Chunk, aux: Int32Array): void
  endDay?(): void
  finish?(): void
}

export type CheckFactory = (shared: Shared, f: Findings) => Check

export class Session {
  readonly sources: Array<string> = []
  readonly shared: Shared
  readonly format: Findings
  private readonly checks: Array<Check>
  private aux = new Int32Array(1024)
  private inDay = false
  private lastMaster = -1
  rows = 0

  constructor(factories: ReadonlyArray<readonly [CheckId, CheckFactory]>, limit: number, hours?: HoursRule) {
    this.shared = new Shared(this.sources, hours)
    this.format = new Findings("F", limit, this.sources)
    this.checks = factories.map(([id, make]) => make(this.shared, new Findings(id, limit, this.sources)))
  }

  /** Registers a file or batch name; its index goes into chunks. */
  source(name: string): number {
    this.sources.push(name)
    return this.sources.length - 1
  }

  /** Marks a master table as part of the input (call even when it has no rows). */
  provideMaster(spec: S.TableSpec): void {
    const at = S.MASTER.indexOf(spec)
    if (at < this.lastMaster) {
      this.format.note(`master table ${spec.name} was fed after a table that references it`)
    }
    this.lastMaster = Math.max(this.lastMaster, at)
    this.shared.provided.add(spec.name)
  }

  private auxFor(n: number): Int32Array {
    if (this.aux.length < n) this.aux = new Int32Array(n * 2)
    return this.aux
  }

  master(chunk: Chunk): void {
    this.rows += chunk.length
    const sh = this.shared
    const aux = this.auxFor(chunk.length)
    const dim = sh.dims.of(chunk.spec)
    if (dim !== undefined) {
      dim.provided = true
      dim.load(chunk, aux)
    } else {
      const snap = chunk.spec === S.storeSnapshots
      const slots = snap ? sh.storeSlots : sh.dcSlots
      const nodes = chunk.num[snap ? S.storeSnapshots.at.StoreID! : S.dcSnapshots.at.DCID!]!
      const prods = chunk.num[S.storeSnapshots.at.ProductID!]!
      for (let r = 0; r < chunk.length; r++) {
        const p = prods[r]!
        if (!(p >= 0 && p < 16777216)) {
          aux[r] = ORPHAN
          continue
        }
        const s = slots.intern(pairKey(nodes[r]!, p))
        aux[r] = slots.added ? s : DUP
      }
    }
    for (const c of this.checks) c.master?.(chunk, aux)
  }

  beginDay(day: number, facts: Iterable<string>): void {
    if (this.inDay) this.endDay()
    const sh = this.shared
    if (day <= sh.day) this.format.note(`day ${day} fed after day ${sh.day}; days must increase`)
    sh.day = day
    sh.facts.clear()
    for (const t of facts) sh.facts.add(t)
    sh.dayReceipts.clear()
    sh.rTraceStr = []
    sh.rIdStr = []
    sh.linePairs.clear()
    this.inDay = true
    for (const c of this.checks) c.beginDay?.()
  }

  fact(chunk: Chunk): void {
    this.rows += chunk.length
    const aux = this.auxFor(chunk.length)
    if (chunk.spec === S.receipts) this.indexReceipts(chunk, aux)
    else if (chunk.spec === S.receiptLines) this.indexLines(chunk, aux)
    for (const c of this.checks) c.fact?.(chunk, aux)
  }

  endDay(): void {
    if (!this.inDay) return
    for (const c of this.checks) c.endDay?.()
    this.inDay = false
  }

  finish(): { format: CheckResult; checks: Array<CheckResult> } {
    this.endDay()
    for (const c of this.checks) c.finish?.()
    return { format: this.format.result(), checks: this.checks.map((c) => c.f.result()) }
  }

  private indexReceipts(chunk: Chunk, aux: Int32Array): void {
    const sh = this.shared
    const at = S.receipts.at
    const idN = chunk.num[at.ReceiptId!]!
    const idS = chunk.str[at.ReceiptId!]!
    const store = chunk.num[at.StoreID!]!
    const ts = chunk.num[at.EventTS!]!
    const trN = chunk.num[at.TraceId!]!
    const trS = chunk.str[at.TraceId!]!
    for (let r = 0; r < chunk.length; r++) {
      const n = idN[r]!
      const s = idS[r]!
      sh.receiptSeen.intern(n, s)
      if (!sh.receiptSeen.added) {
        aux[r] = DUP
        continue
      }
      const slot = sh.dayReceipts.intern(n, s)
      aux[r] = slot
      sh.rStore.ensure(slot + 1)[slot] = store[r]!
      sh.rTs.ensure(slot + 1)[slot] = ts[r]!
      sh.rTraceNum.ensure(slot + 1)[slot] = trN[r]!
      sh.rTraceStr[slot] = trS[r]!
      sh.rIdNum.ensure(slot + 1)[slot] = n
      sh.rIdStr[slot] = s
      sh.rSource.ensure(slot + 1)[slot] = chunk.source
      sh.rLine.ensure(slot + 1)[slot] = chunk.line[r]!
    }
  }

  private indexLines(chunk: Chunk, aux: Int32Array): void {
    const sh = this.shared
    const at = S.receiptLines.at
    const idN = chunk.num[at.ReceiptId!]!
    const idS = chunk.str[at.ReceiptId!]!
    const line = chunk.num[at.Line!]!
    for (let r = 0; r < chunk.length; r++) {
      const slot = sh.dayReceipts.get(idN[r]!, idS[r]!)
      if (slot < 0) {
        aux[r] = ORPHAN
        continue
      }
      const l = line[r]!
      if (l >= 0 && l < 2097152) {
        sh.linePairs.intern(slot * 2097152 + l)
        if (!sh.linePairs.added) {
          aux[r] = DUP
          continue
        }
      }
      aux[r] = slot
    }
  }
}
