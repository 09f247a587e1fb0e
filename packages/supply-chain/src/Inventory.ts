/**
 * The `inventory` plugin: writes `store_inventory_txn`, `dc_inventory_txn` and `truck_moves`,
 * and runs the end of each day of the supply chain held by the `stock` plugin. It steps after
 * the shoppers (it names `stock`, the receipts plugin and the online-orders plugin in
 * `dependsOn`):
 *
 * 1. one SALE row per receipt line (store from the line's receipt, the receipt's TraceId and
 *    EventTS, Source `CUSTOMER_PURCHASE`) and one ONLINE_FULFILLMENT row per online order line
 *    (store rows with Source `ONLINE`, or DC rows; the order's TraceId). The units must equal
 *    what the stock service granted that day per (node, product), else the step fails with a
 *    `StockError.LedgerMismatch`;
 * 2. the rows decided on earlier days whose EventTS falls on this day (deliveries, truck moves,
 *    supplier deliveries, shrink and cycle counts);
 * 3. the end of the day: reorders, the next day's dispatch and trucks, supplier orders, the next
 *    day's shrink and counts (their rows are kept in the `stock` state until their day).
 *
 * Rows come out in EventTS order (ties by StoreID/DCID, then by origin).
 *
 * @example
 * import { Inventory, Stock } from "@retail-datagen/supply-chain"
 * const plugins = [Stock.plugin(), receipts, onlineOrders, Inventory.plugin()]
 */
import { Batch, Plugin, Services, Table, Timestamp } from "@retail-datagen/core"
import type { Master } from "@retail-datagen/master"
import type { Model } from "./internal/model.js"
import type { Region } from "./internal/region.js"
import {
  DC_STRIDE,
  Rows,
  SOURCE_CYCLE,
  SOURCE_ONLINE,
  SOURCE_PURCHASE,
  SOURCE_SHRINK,
  STORE_STRIDE,
  TRUCK_STRIDE
} from "./internal/rows.js"
import { NAME as STOCK, type SupplyStock } from "./Stock.js"
import { LedgerMismatch, LedgerTimeMismatch, OrphanLine } from "./StockError.js"
import * as SupplyOptions from "./SupplyOptions.js"
import * as T from "./Tables.js"

/** Name of the plugin. */
export const NAME = "inventory"

const DAY = Timestamp.SECONDS_PER_DAY
const ENTITY = 4294967296
const ORIGIN = 1073741824

/** The plugin's working state: the shard's model (owned by `stock`), builders and scratch rows. */
export interface State {
  readonly model: Model
  readonly store: Batch.Builder
  readonly dc: Batch.Builder
  readonly truck: Batch.Builder
  readonly storeRows: Rows
  readonly dcRows: Rows
  readonly truckRows: Rows
  order: Uint32Array
  /** Start (local epoch seconds) of the day being written. */
  day0: number
  /** Counting-sort scratch: first row of each second of the day, and the next free slot. */
  readonly secondStart: Int32Array
  readonly secondNext: Int32Array
  readonly receiptRow: Map<number, number>
}

const column = (batch: Batch.Batch, name: string): Float64Array =>
  batch.columns[Table.indexOf(batch.table, name)] as Float64Array

/** Rows of a day: EventTS − day start in 0 … SECONDS − 1 (a counting sort by second). */
const SECONDS = DAY

/**
 * Sorted row order by (ts, key) of a `Rows` whose first field is ts and last field the key (keys
 * are unique, so the order is total): a counting sort by the second of the day, then each
 * second's rows by key (usually already in order: insertion sort, or a comparison sort for a
 * large unsorted second). Rows outside the day fall back to one comparison sort.
 */
const sortRows = (state: State, rows: Rows, day0: number): Uint32Array => {
  const n = rows.length
  if (state.order.length < n) state.order = new Uint32Array(Math.max(n, state.order.length * 2))
  const order = state.order.subarray(0, n)
  const d = rows.data
  const st = rows.stride
  const k = st - 1
  const byKey = (a: number, b: number): number => d[a * st + k]! - d[b * st + k]!
  const start = state.secondStart
  start.fill(0)
  for (let i = 0; i < n; i++) {
    const s = d[i * st]! - day0
    if (!(s >= 0 && s < SECONDS && Number.isInteger(s))) {
      for (let r = 0; r < n; r++) order[r] = r
      order.sort((a, b) => d[a * st]! - d[b * st]! || byKey(a, b))
      return order
    }
    start[s + 1]!++
  }
  for (let s = 0; s < SECONDS; s++) start[s + 1]! += start[s]!
  const next = state.secondNext
  next.set(start)
  for (let i = 0; i < n; i++) order[next[d[i * st]! - day0]!++] = i
  for (let s = 0; s < SECONDS; s++) {
    const lo = start[s]!
    const hi = start[s + 1]!
    if (hi - lo < 2) continue
    let sorted = true
    for (let e = lo + 1; e < hi && sorted; e++) if (byKey(order[e - 1]!, order[e]!) > 0) sorted = false
    if (sorted) continue
    if (hi - lo > 32) order.subarray(lo, hi).sort(byKey)
    else
      for (let e = lo + 1; e < hi; e++) {
        const v = order[e]!
        let f = e - 1
        while (f >= lo && byKey(order[f]!, v) > 0) {
          order[f + 1] = order[f]!
          f--
        }
        order[f + 1] = v
      }
  }
  return order
}

const pushStoreRow = (
  rows: Rows,
  ts: number,
  trace: number,
  store: number,
  product: number,
  qty: number,
  reason: number,
  source: number,
  key: number
): void => {
  const o = rows.add()
  const d = rows.data
  d[o] = ts
  d[o + 1] = trace
  d[o + 2] = store
  d[o + 3] = product
  d[o + 4] = qty
  d[o + 5] = reason
  d[o + 6] = source
  d[o + 7] = key
}

/**
 * Sums the day's written rows minus its grants per (node, product) — units and units × second of
 * the day, in the shared scratch, over the touched entries only — and fails on the first (in
 * position order) whose rows differ from its grants. Leaves the scratch zeroed.
 */
const verify = (region: Region, day: number): void => {
  const { check, checkTime, dcCheck, dcCheckTime } = region.shared
  const day0 = day * DAY
  const w = region.written.data
  const nw = region.written.length
  for (let e = 0; e < nw; e++) {
    const i = w[e * 3]!
    check[i]! += w[e * 3 + 1]!
    checkTime[i]! += w[e * 3 + 1]! * w[e * 3 + 2]!
  }
  const g = region.grants.data
  const ng = region.grants.length
  for (let e = 0; e < ng; e++) {
    const i = g[e * 3]!
    check[i]! -= g[e * 3 + 1]!
    checkTime[i]! -= g[e * 3 + 1]! * (g[e * 3 + 2]! - day0)
  }
  const dw = region.dcWritten.data
  const ndw = region.dcWritten.length
  for (let e = 0; e < ndw; e++) {
    const j = dw[e * 3]!
    dcCheck[j]! += dw[e * 3 + 1]!
    dcCheckTime[j]! += dw[e * 3 + 1]! * dw[e * 3 + 2]!
  }
  const dg = region.dcGrants.data
  const ndg = region.dcGrants.length
  for (let e = 0; e < ndg; e++) {
    const j = dg[e * 3]!
    dcCheck[j]! -= dg[e * 3 + 1]!
    dcCheckTime[j]! -= dg[e * 3 + 1]! * (dg[e * 3 + 2]! - day0)
  }
  let bad = -1
  const worse = (i: number): void => {
    if ((check[i] !== 0 || checkTime[i] !== 0) && (bad < 0 || i < bad)) bad = i
  }
  for (let e = 0; e < nw; e++) worse(w[e * 3]!)
  for (let e = 0; e < ng; e++) worse(g[e * 3]!)
  let badDc = -1
  const worseDc = (j: number): void => {
    if ((dcCheck[j] !== 0 || dcCheckTime[j] !== 0) && (badDc < 0 || j < badDc)) badDc = j
  }
  for (let e = 0; e < ndw; e++) worseDc(dw[e * 3]!)
  for (let e = 0; e < ndg; e++) worseDc(dg[e * 3]!)
  const diff = bad >= 0 ? check[bad]! : 0
  const dcDiff = badDc >= 0 ? dcCheck[badDc]! : 0
  for (let e = 0; e < nw; e++) {
    check[w[e * 3]!] = 0
    checkTime[w[e * 3]!] = 0
  }
  for (let e = 0; e < ng; e++) {
    check[g[e * 3]!] = 0
    checkTime[g[e * 3]!] = 0
  }
  for (let e = 0; e < ndw; e++) {
    dcCheck[dw[e * 3]!] = 0
    dcCheckTime[dw[e * 3]!] = 0
  }
  for (let e = 0; e < ndg; e++) {
    dcCheck[dg[e * 3]!] = 0
    dcCheckTime[dg[e * 3]!] = 0
  }
  region.written.clear()
  region.dcWritten.clear()
  const fail = (
    node: "store" | "dc",
    at: number,
    nodeId: number,
    productId: number,
    diff: number,
    log: Rows
  ) => {
    let granted = 0
    for (let e = 0; e < log.length; e++) if (log.data[e * 3] === at) granted += log.data[e * 3 + 1]!
    return diff === 0
      ? new LedgerTimeMismatch({ node, nodeId, productId, day })
      : new LedgerMismatch({ node, nodeId, productId, day, granted, written: diff + granted })
  }
  if (bad >= 0) throw fail("store", bad, region.storeAt(bad), region.productAt(bad), diff, region.grants)
  if (badDc >= 0) throw fail("dc", badDc, region.dcId, region.dcProductAt(badDc), dcDiff, region.dcGrants)
}

/** SALE rows from the day's receipt lines. */
const sales = (state: State, ctx: Plugin.DayContext<Master.Master>, plugin: string): void => {
  const receipts = ctx.upstream(plugin, "receipts")
  const lines = ctx.upstream(plugin, "receipt_lines")
  const map = state.receiptRow
  map.clear()
  const rid = column(receipts, "ReceiptId")
  const rStore = column(receipts, "StoreID")
  // Lines usually follow their receipts in order: walk both, and index the receipts only on a miss.
  let at = 0
  const storeOf = (id: number): number | undefined => {
    if (at < receipts.length && rid[at] === id) return rStore[at]
    if (at + 1 < receipts.length && rid[at + 1] === id) return rStore[++at]
    if (map.size === 0) for (let r = 0; r < receipts.length; r++) map.set(rid[r]!, r)
    const r = map.get(id)
    if (r === undefined) return undefined
    at = r
    return rStore[r]
  }
  const lRid = column(lines, "ReceiptId")
  const lTrace = column(lines, "TraceId")
  const lTs = column(lines, "EventTS")
  const lProduct = column(lines, "ProductID")
  const lQty = column(lines, "Qty")
  const model = state.model
  const day0 = ctx.day * DAY
  let lastStore = -1
  let region: Region | undefined
  let ls = -1
  for (let r = 0; r < lines.length; r++) {
    const qty = lQty[r]!
    if (!(qty > 0)) continue
    const store = storeOf(lRid[r]!)
    if (store === undefined) throw new OrphanLine({ receiptId: lRid[r]!, day: ctx.day })
    if (store !== lastStore) {
      region = model.regionOfStore(store)
      ls = model.storeLocal[store - 1]!
      lastStore = store
    }
    const product = lProduct[r]!
    const i = region!.position(ls, product)
    if (i < 0)
      throw new LedgerMismatch({
        node: "store",
        nodeId: store,
        productId: product,
        day: ctx.day,
        granted: 0,
        written: qty
      })
    region!.noteStore(i, qty, lTs[r]! - day0)
    pushStoreRow(
      state.storeRows,
      lTs[r]!,
      lTrace[r]!,
      store,
      product,
      -qty,
      T.STORE_SALE,
      SOURCE_PURCHASE,
      store * ENTITY + r
    )
  }
}

/** ONLINE_FULFILLMENT rows from the day's online order lines. */
const online = (state: State, ctx: Plugin.DayContext<Master.Master>, plugin: string): void => {
  const lines = ctx.service<Services.OnlineOrdersService>(plugin).linesOf(ctx.day)
  const model = state.model
  const day0 = ctx.day * DAY
  const dcRows = state.dcRows
  for (let r = 0; r < lines.length; r++) {
    const qty = lines.qty[r]!
    if (!(qty > 0)) continue
    const node = lines.nodeId[r]!
    const product = lines.productId[r]!
    const ts = lines.eventTs[r]!
    const trace = lines.traceId[r]!
    if (lines.nodeType[r] === Services.NODE_STORE) {
      const region = model.regionOfStore(node)
      const i = region.position(model.storeLocal[node - 1]!, product)
      if (i < 0)
        throw new LedgerMismatch({
          node: "store",
          nodeId: node,
          productId: product,
          day: ctx.day,
          granted: 0,
          written: qty
        })
      region.noteStore(i, qty, ts - day0)
      pushStoreRow(
        state.storeRows,
        ts,
        trace,
        node,
        product,
        -qty,
        T.STORE_ONLINE,
        SOURCE_ONLINE,
        node * ENTITY + ORIGIN + r
      )
    } else {
      const region = model.regionOfDc(node)
      const j = product >= 1 && product < region.dcIndexOf.length ? region.dcIndexOf[product]! : -1
      if (j < 0)
        throw new LedgerMismatch({
          node: "dc",
          nodeId: node,
          productId: product,
          day: ctx.day,
          granted: 0,
          written: qty
        })
      region.noteDc(j, qty, ts - day0)
      const o = dcRows.add()
      const d = dcRows.data
      d[o] = ts
      d[o + 1] = trace
      d[o + 2] = node
      d[o + 3] = product
      d[o + 4] = -qty
      d[o + 5] = T.DC_ONLINE
      d[o + 6] = node * ENTITY + ORIGIN + r
    }
  }
}

const sourceText = (model: Model, code: number): string =>
  code > 0
    ? model.truckNames[code - 1]!
    : code === SOURCE_PURCHASE
      ? T.SOURCE_CUSTOMER_PURCHASE
      : code === SOURCE_ONLINE
        ? T.SOURCE_ONLINE
        : code === SOURCE_CYCLE
          ? T.SOURCE_CYCLE_COUNT
          : code === SOURCE_SHRINK
            ? T.SOURCE_SHRINK
            : ""

/**
 * Copies staged rows (fields in `fields` order, one row every `stride` numbers) into `b` in
 * EventTS order. Numeric and enum columns take the staged number; `text` columns map it.
 */
const writeRows = (
  state: State,
  b: Batch.Builder,
  rows: Rows,
  fields: ReadonlyArray<string>,
  text: Readonly<Record<string, (code: number) => string>> = {}
): Batch.Batch => {
  b.reset()
  const order = sortRows(state, rows, state.day0)
  const d = rows.data
  const st = rows.stride
  fields.forEach((name, f) => {
    const toText = text[name]
    const kind = b.table.columns[Table.indexOf(b.table, name)]!.type.kind
    const col = toText !== undefined ? b.str(name) : kind === "enum" ? b.code(name) : b.num(name)
    for (let k = 0; k < order.length; k++) {
      const v = d[order[k]! * st + f]!
      if (toText !== undefined) (col as Batch.StrColumn).push(toText(v))
      else (col as Batch.NumColumn | Batch.CodeColumn).push(v)
    }
  })
  return b.finish()
}

const writeStore = (state: State): Batch.Batch =>
  writeRows(
    state,
    state.store,
    state.storeRows,
    ["EventTS", "TraceId", "StoreID", "ProductID", "QtyDelta", "Reason", "Source"],
    { Source: (code) => sourceText(state.model, code) }
  )

const writeDc = (state: State): Batch.Batch =>
  writeRows(state, state.dc, state.dcRows, ["EventTS", "TraceId", "DCID", "ProductID", "QtyDelta", "Reason"])

const writeTrucks = (state: State): Batch.Batch =>
  writeRows(state, state.truck, state.truckRows, [
    "EventTS",
    "TraceId",
    "TruckId",
    "DCID",
    "StoreID",
    "ShipmentId",
    "Status",
    "ETA",
    "ETD"
  ])

/**
 * The `inventory` plugin. `options` are the supply-chain options (only `receiptsPlugin` and
 * `onlineOrdersPlugin` matter here; the model's knobs are read by `Stock.plugin`).
 */
export const plugin = (
  options: SupplyOptions.SupplyOptionsInput = {}
): Plugin.FactPlugin<State, Master.Master> => {
  const o = SupplyOptions.make(options)
  const receipts = o.receiptsPlugin
  const orders = o.onlineOrdersPlugin
  return Plugin.make<State, Master.Master>({
    name: NAME,
    tables: T.all,
    dependsOn: orders === null ? [STOCK, receipts] : [STOCK, receipts, orders],
    init: (ctx) => ({
      model: ctx.service<SupplyStock>(STOCK).model,
      store: Batch.builder(T.StoreInventoryTxn),
      dc: Batch.builder(T.DcInventoryTxn),
      truck: Batch.builder(T.TruckMoves),
      storeRows: new Rows(STORE_STRIDE + 1, 4096),
      dcRows: new Rows(DC_STRIDE + 1, 1024),
      truckRows: new Rows(TRUCK_STRIDE + 1, 1024),
      order: new Uint32Array(4096),
      day0: 0,
      secondStart: new Int32Array(SECONDS + 1),
      secondNext: new Int32Array(SECONDS + 1),
      receiptRow: new Map()
    }),
    step: (state, ctx) => {
      const { model } = state
      state.day0 = ctx.day * DAY
      state.storeRows.clear()
      state.dcRows.clear()
      state.truckRows.clear()
      sales(state, ctx, receipts)
      if (orders !== null) online(state, ctx, orders)
      for (const region of model.owned) verify(region, ctx.day)
      const end = (ctx.day + 1) * DAY
      for (const region of model.owned) region.takeRows(end, state.storeRows, state.dcRows, state.truckRows)
      model.endOfDay(ctx.day, (...keys) => ctx.rng(...keys))
      return [writeStore(state), writeDc(state), writeTrucks(state)]
    }
  })
}
