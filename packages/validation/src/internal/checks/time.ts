/**
 * I5 time. Every fact row's EventTS is on its partition's date; every receipt falls inside its
 * store's opening hours (stores.OpenHour/CloseHour, [open, close), close < open = overnight,
 * open = close or 0–24 = 24 h; adjusted per day by the `hours` option when given); no receipt line sells a product before its LaunchDate; each shipment's
 * truck statuses follow SCHEDULED → … → COMPLETED in time, one step at a time (one violation per
 * shipment, at its first out-of-order row); ETA < ETD; a store INBOUND_SHIPMENT row is at or after
 * the ARRIVED of the shipment with the same TraceId. Truck moves are sorted within the day, so
 * a shipment spanning days is followed across them; state is O(shipments).
 */
import { Calendar, Timestamp } from "@retail-datagen/core"
import type { Chunk } from "../chunk.js"
import { keyText } from "../chunk.js"
import type { Findings } from "../findings.js"
import { F64, I32, KeyIndex } from "../keys.js"
import type { Check, Shared } from "../session.js"
import * as S from "../spec.js"

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`)
const hm = (sec: number): string => `${two(Math.floor(sec / 3600))}:${two(Math.floor(sec / 60) % 60)}`

export const make = (sh: Shared, f: Findings): Check => {
  const d = sh.dims
  // the day's opening window per store (with a `hours` rule)
  const hDay = new F64()
  const hOpen = new F64()
  const hClose = new F64()
  const hClosed = new I32()
  // truck moves of the day
  const tTs = new F64()
  const tStatus = new I32()
  const tShip = new I32()
  const tTrace = new I32()
  const tSource = new I32()
  const tLine = new I32()
  let tn = 0
  // shipments: last status, bad flag, text
  const shipments = new KeyIndex()
  const last = new I32()
  const bad = new I32()
  const shipText: Array<string> = []
  // TraceId → ARRIVED time (traces of truck moves get an index here)
  const traces = new KeyIndex()
  const arrived = new F64()
  // store INBOUND rows of the day
  const iTs = new F64()
  const iTrace = new I32()
  const iSource = new I32()
  const iLine = new I32()
  const iTraceText: Array<string> = []
  let inN = 0

  const traceIndex = (chunk: Chunk, r: number): number => {
    const col = chunk.spec.at.TraceId!
    const t = traces.intern(chunk.num[col]![r]!, chunk.str[col]![r]!)
    if (traces.added) arrived.ensure(t + 1)[t] = Number.NaN
    return t
  }

  const partition = (chunk: Chunk): void => {
    const at = chunk.spec.at.EventTS
    if (at === undefined || chunk.spec.columns[at]!.kind !== "ts") return // a plugin table without one
    const ts = chunk.num[at]!
    const lo = sh.day * 86400
    const hi = lo + 86400
    for (let r = 0; r < chunk.length; r++) {
      const t = ts[r]!
      if (t >= lo && t < hi) continue
      if (f.hit()) {
        f.example(
          chunk.spec.name,
          chunk.source,
          chunk.line[r]!,
          `EventTS ${Timestamp.format(t)} in the partition of ${Calendar.format(sh.day)}`
        )
      }
    }
  }

  const hours = (chunk: Chunk, aux: Int32Array): void => {
    if (!d.stores.provided) {
      f.note("stores not provided: opening hours not checked")
      return
    }
    if (!d.stores.present.has("OpenHour") || !d.stores.present.has("CloseHour")) {
      f.note("stores has no OpenHour/CloseHour columns: opening hours not checked")
      return
    }
    const open = d.stores.attr("OpenHour")
    const close = d.stores.attr("CloseHour")
    const rule = sh.hours
    const at = S.receipts.at
    const store = chunk.num[at.StoreID!]!
    const ts = chunk.num[at.EventTS!]!
    for (let r = 0; r < chunk.length; r++) {
      if (aux[r]! < 0) continue
      const s = d.stores.find(store[r]!)
      if (s < 0) continue
      let o = open[s]!
      let c = close[s]!
      if (Number.isNaN(o) || Number.isNaN(c)) continue
      let closed = false
      if (rule !== undefined) {
        // the day's actual window, once per (store, day)
        if (hDay.ensure(s + 1)[s] !== sh.day) {
          const w = rule(sh.day, o, c)
          hDay.data[s] = sh.day
          hOpen.ensure(s + 1)[s] = w.open
          hClose.ensure(s + 1)[s] = w.close
          hClosed.ensure(s + 1)[s] = w.closed ? 1 : 0
        }
        o = hOpen.data[s]!
        c = hClose.data[s]!
        closed = hClosed.data[s] === 1
      }
      const sec = Timestamp.secondOfDay(ts[r]!)
      const inside = closed ? false : o === c ? true : o < c ? sec >= o && sec < c : sec >= o || sec < c
      if (inside || !f.hit()) continue
      f.example(
        chunk.spec.name,
        chunk.source,
        chunk.line[r]!,
        `${keyText(chunk, at.ReceiptId!, r)} at ${Timestamp.format(ts[r]!)} outside store ${store[r]}'s hours ` +
          (closed ? "(closed that day)" : `${hm(o)}–${hm(c)}`)
      )
    }
  }

  const launch = (chunk: Chunk, aux: Int32Array): void => {
    if (!d.products.provided) {
      f.note("products_master not provided: LaunchDate not checked")
      return
    }
    const launchDay = d.products.attr("LaunchDate")
    const at = S.receiptLines.at
    const prod = chunk.num[at.ProductID!]!
    const ts = chunk.num[at.EventTS!]!
    for (let r = 0; r < chunk.length; r++) {
      if (aux[r] === -2) continue
      const p = d.products.find(prod[r]!)
      if (p < 0) continue
      const l = launchDay[p]!
      if (!(Timestamp.day(ts[r]!) < l) || !f.hit()) continue
      f.example(
        chunk.spec.name,
        chunk.source,
        chunk.line[r]!,
        `ProductID ${prod[r]} sold on ${Calendar.format(Timestamp.day(ts[r]!))} before its LaunchDate ${Calendar.format(l)}`
      )
    }
  }

  const trucks = (chunk: Chunk): void => {
    const at = S.truckMoves.at
    const ts = chunk.num[at.EventTS!]!
    const st = chunk.num[at.Status!]!
    const shipN = chunk.num[at.ShipmentId!]!
    const shipS = chunk.str[at.ShipmentId!]!
    const eta = chunk.num[at.ETA!]!
    const etd = chunk.num[at.ETD!]!
    for (let r = 0; r < chunk.length; r++) {
      if (eta[r]! >= etd[r]! && f.hit()) {
        f.example(
          chunk.spec.name,
          chunk.source,
          chunk.line[r]!,
          `ETA ${Timestamp.format(eta[r]!)} not before ETD ${Timestamp.format(etd[r]!)}`
        )
      }
      const ship = shipments.intern(shipN[r]!, shipS[r]!)
      if (shipments.added) {
        last.ensure(ship + 1)[ship] = -1
        bad.ensure(ship + 1)[ship] = 0
        shipText[ship] = keyText(chunk, at.ShipmentId!, r)
      }
      const i = tn++
      const k = i + 1
      tTs.ensure(k)[i] = ts[r]!
      tStatus.ensure(k)[i] = st[r]!
      tShip.ensure(k)[i] = ship
      tTrace.ensure(k)[i] = traceIndex(chunk, r)
      tSource.ensure(k)[i] = chunk.source
      tLine.ensure(k)[i] = chunk.line[r]!
    }
  }

  const inbound = (chunk: Chunk): void => {
    const at = S.storeTxn.at
    const reason = chunk.num[at.Reason!]!
    const ts = chunk.num[at.EventTS!]!
    for (let r = 0; r < chunk.length; r++) {
      if (reason[r] !== S.STORE_INBOUND) continue
      const i = inN++
      const k = i + 1
      iTs.ensure(k)[i] = ts[r]!
      iTrace.ensure(k)[i] = traceIndex(chunk, r)
      iSource.ensure(k)[i] = chunk.source
      iLine.ensure(k)[i] = chunk.line[r]!
      iTraceText[i] = keyText(chunk, at.TraceId!, r)
    }
  }

  let order = new Uint32Array(256)

  const lifecycle = (): void => {
    const n = tn
    tn = 0
    if (order.length < n) order = new Uint32Array(n * 2)
    const view = order.subarray(0, n)
    for (let i = 0; i < n; i++) view[i] = i
    const ts = tTs.data
    const st = tStatus.data
    view.sort((a, b) => ts[a]! - ts[b]! || st[a]! - st[b]! || a - b)
    for (let j = 0; j < n; j++) {
      const i = view[j]!
      const ship = tShip.data[i]!
      const s = st[i]!
      const prev = last.data[ship]!
      if (s === S.ARRIVED) {
        const t = tTrace.data[i]!
        if (!(arrived.data[t]! <= ts[i]!)) arrived.data[t] = ts[i]!
      }
      if (s === prev) continue // a repeated status: I2
      if (bad.data[ship] === 0 && s !== prev + 1) {
        bad.data[ship] = 1
        if (f.hit()) {
          const what =
            prev < 0
              ? `starts with ${S.STATUSES[s]} at ${Timestamp.format(ts[i]!)}, not SCHEDULED`
              : `${S.STATUSES[s]} at ${Timestamp.format(ts[i]!)} follows ${S.STATUSES[prev]} (expected ${S.STATUSES[prev + 1] ?? "nothing"})`
          f.example(S.truckMoves.name, tSource.data[i]!, tLine.data[i]!, `shipment ${shipText[ship]} ${what}`)
        }
      }
      if (s > prev) last.data[ship] = s
    }
  }

  return {
    f,
    beginDay() {
      tn = 0
      inN = 0
    },
    fact(chunk, aux) {
      f.rows += chunk.length
      partition(chunk)
      if (chunk.spec === S.receipts) hours(chunk, aux)
      else if (chunk.spec === S.receiptLines) launch(chunk, aux)
      else if (chunk.spec === S.truckMoves) trucks(chunk)
      else if (chunk.spec === S.storeTxn) inbound(chunk)
    },
    endDay() {
      lifecycle()
      const n = inN
      inN = 0
      if (n === 0) return
      if (!sh.facts.has(S.truckMoves.name)) {
        f.note("truck_moves not provided: store INBOUND rows not compared with ARRIVED")
        return
      }
      for (let i = 0; i < n; i++) {
        const a = arrived.data[iTrace.data[i]!]!
        const t = iTs.data[i]!
        if (a <= t || !f.hit()) continue
        f.example(
          S.storeTxn.name,
          iSource.data[i]!,
          iLine.data[i]!,
          !Number.isNaN(a)
            ? `INBOUND at ${Timestamp.format(t)} before its shipment's ARRIVED at ${Timestamp.format(a)} (TraceId ${iTraceText[i]})`
            : `INBOUND at ${Timestamp.format(t)} with TraceId ${iTraceText[i]}: no ARRIVED truck move of that shipment by then`
        )
      }
    }
  }
}
