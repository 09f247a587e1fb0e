/**
 * The `online_orders` plugin: one row per online order at creation, plus the order lines
 * shared through the plugin's service (the contract has no online line table).
 *
 * Per region (DC) of the shard and day (streams keyed by region and day, never by shard):
 * 1. **Volume.** `λ = onlineOrdersPerDay × customers of the region / all customers ×
 *    patterns.dayMultiplier(day, "online") / its mean over the year` (Cyber Monday 3.5×, open
 *    on Christmas Day at 0.5×); orders ~ Poisson(λ). Stream `("orders", region, day)`.
 * 2. **Times.** The online hour curve over the whole day (evening peak at 20h), sorted.
 * 3. **Each order** (stream `("basket", region, day)`): a customer of the region (uniform;
 *    exposure-boosted like store visits when enabled), the segment's behaviour, a mode
 *    (`MODE_MIX`: SHIP_FROM_DC 50 %, SHIP_FROM_STORE 25 %, BOPIS 25 %) and a node near the
 *    customer — their DC; for ship-from-store one of their nearest stores in their region
 *    (`SHIP_STORE_RANK` 0.7 / 0.2 / 0.1 by rank); for BOPIS their nearest store — and a basket
 *    of mean `World.ONLINE_ITEMS_MEAN` lines from what the node carries, at SalePrice (no
 *    promotions online). Each line takes its units from the `"stock"` service at the node; a
 *    line granted nothing is dropped (partial grants sell what was granted); an order left
 *    without lines is not created (no id is used).
 * 4. **Stock timing.** DC lines take stock at the order's EventTS (calls per DC in time order).
 *    Store lines are picked in one wave at the end of the day, 23:59:59 (`PICK_SECOND`), so
 *    every store sees its calls in nondecreasing time after that day's receipts.
 * 5. **Scenario.** A DC closed by a scenario (`dc_closed`) fulfils nothing: its ship-from-DC
 *    orders are drawn as in the baseline (same customer, time and basket) and shipped from a store
 *    instead — the customer's nearest store of the region that the scenario does not close
 *    (`fallbackStore`) — as SHIP_FROM_STORE orders picked in the store's end-of-day wave; lines
 *    the store does not carry or has not in stock are lost.
 * 6. **Money.** Subtotal = Σ qty × SalePrice; Tax per rate class as for receipts, with the
 *    node store's rates (ship-from-DC: the customer's nearest store's rates); Total = Subtotal
 *    + Tax. Tender by mode (`TENDER_MIX_SHIP`, `TENDER_MIX_BOPIS`; CASH only for BOPIS), drawn
 *    right after the basket, before stock decides whether the order is created.
 *
 * Ids: `OrderId` = epochDay(5) region+1(4) seq(5); `TraceId` = 2 followed by the same digits.
 * Rows are ordered by (EventTS, region, seq).
 *
 * @example
 * import { OnlineOrders } from "@retail-datagen/customers"
 * // in a later plugin that lists "online_orders" in dependsOn:
 * const lines = ctx.service(Services.OnlineOrders).linesOf(ctx.day) // Services of @retail-datagen/core
 * for (let i = 0; i < lines.length; i++) lines.productId[i] // … ONLINE_FULFILLMENT rows
 */
import { Batch, Calendar, Distribution, Money, Plugin, type Rng, type Services } from "@retail-datagen/core"
import type { Master } from "@retail-datagen/master"
import { Departments } from "@retail-datagen/patterns"
import { Scenario } from "@retail-datagen/scenario"
import * as Behaviours from "./Behaviours.js"
import * as Exposure from "./Exposure.js"
import { BasketBuffer, type BasketContext, departmentCumulative, fillBasket } from "./internal/basket.js"
import { Assortment } from "./internal/catalog.js"
import * as Counters from "./internal/counters.js"
import { growFloat64, growInt32, growUint8 } from "./internal/grow.js"
import * as Receipts from "./Receipts.js"
import { VolumeLimitExceeded } from "./ShopperError.js"
import * as Stock from "./Stock.js"
import * as StoreChoice from "./StoreChoice.js"
import * as Tables from "./Tables.js"
import * as World from "./World.js"

/** Plugin name. */
export const NAME = "online_orders"

/** TraceId kind of an online order. */
export const TRACE_KIND = 2

/** Orders per (region, day) the id layout allows (5-digit sequence). */
export const MAX_PER_REGION_DAY = 100_000

/** Second of the day at which stores pick their online orders (23:59:59). */
export const PICK_SECOND = 86399

/** Fulfilment mode weights (`Tables.FULFILLMENT_MODES` order). */
export const MODE_MIX: ReadonlyArray<number> = [50, 25, 25]

/** Ship-from-store node: weight of the customer's nearest, second and third store (same region only). */
export const SHIP_STORE_RANK: ReadonlyArray<number> = [0.7, 0.2, 0.1]

/** Tender weights of shipped orders (`Tables.ONLINE_TENDERS` order: credit, debit, cash, mobile, PayPal). */
export const TENDER_MIX_SHIP: ReadonlyArray<number> = [46, 21, 0, 12, 21]

/** Tender weights of BOPIS orders (paid at pickup may be cash). */
export const TENDER_MIX_BOPIS: ReadonlyArray<number> = [40, 20, 10, 12, 18]

export interface Options {
  /** Chain-wide online orders on an average day (DATA-CONTRACT `online_orders_per_day`). */
  readonly onlineOrdersPerDay: number
  /** Read the `"marketing"` plugin's `ExposureService` (and depend on it). */
  readonly exposure?: boolean | undefined
  /** What-if interventions (docs/scenarios.md): a closed DC's orders ship from a store instead. */
  readonly scenario?: Scenario.Scenario | undefined
}

/**
 * The product lines of one day's online orders (the core `Services.OnlineOrderLines` contract, in
 * this plugin's typed arrays): one entry per line, orders in row order, lines in basket order.
 * `eventTs` is when the units left the node: the order's EventTS for a DC, `PICK_SECOND` of the
 * day for a store.
 */
export interface OnlineLines extends Services.OnlineOrderLines {
  readonly day: Calendar.EpochDay
  readonly traceId: Float64Array
  readonly nodeType: Uint8Array
  readonly nodeId: Int32Array
  readonly productId: Int32Array
  readonly qty: Int32Array
  readonly eventTs: Float64Array
}

/** Counters of online fulfilment. */
export interface Stats {
  readonly orders: number
  readonly lines: number
  /** Units asked for and not granted. */
  readonly lostUnits: number
  /** Lines dropped for lack of stock. */
  readonly lostLines: number
  /** Orders not created because every line was out of stock. */
  readonly lostOrders: number
}

/** What the plugin shares with its dependents: the core `Services.OnlineOrdersService`, and counters. */
export interface OnlineOrdersService extends Services.OnlineOrdersService {
  /** The lines of `day` — only the day last stepped; any other day gives an empty set. */
  linesOf(day: Calendar.EpochDay): OnlineLines
  /** Counters since the start of the run (restored on resume). */
  stats(): Stats
}

const ORDERS = 0
const LINES = 1
const LOST_UNITS = 2
const LOST_LINES = 3
const LOST_ORDERS = 4

interface Staging {
  orders: number
  lineCount: number
  secs: Int32Array
  customer: Int32Array
  mode: Uint8Array
  node: Int32Array
  subtotal: Float64Array
  tax: Float64Array
  tender: Uint8Array
  lineStart: Int32Array
  keys: Float64Array
  regionFirst: Int32Array
  product: Int32Array
  qty: Int32Array
  lineTs: Float64Array
}

export interface State {
  readonly options: Options
  readonly world: World.World
  readonly regions: Int32Array
  readonly regionSizes: Int32Array
  readonly customers: StoreChoice.RegionCustomers
  readonly assortment: Assortment
  readonly stock: Stock.StockService
  readonly exposure: Exposure.ExposureService | null
  /** The scenario's per-day lookups, or null for a baseline run. */
  readonly scenario: Scenario.Plan | null
  readonly modePick: Distribution.AliasTable
  readonly tenderShip: Distribution.AliasTable
  readonly tenderBopis: Distribution.AliasTable
  readonly builder: Batch.Builder
  readonly buf: BasketBuffer
  readonly lifts: Float64Array
  readonly deptCum: Float64Array
  readonly total: Float64Array
  staging: Staging
  lines: {
    day: number
    length: number
    traceId: Float64Array
    nodeType: Uint8Array
    nodeId: Int32Array
    productId: Int32Array
    qty: Int32Array
    eventTs: Float64Array
  }
}

const init = (options: Options, ctx: Plugin.InitContext<Master.Master>): State => {
  const master = ctx.master
  // The receipts plugin's world (built once per shard): its catalogue and patterns are the same.
  const world = ctx.service<Receipts.ReceiptsService>(Receipts.NAME).world
  const regions: Array<number> = []
  for (let g = 0; g < master.dcs.length; g++) if (Plugin.ownsRegion(ctx.shard, g)) regions.push(g)
  const own = new Uint8Array(master.dcs.length)
  for (const g of regions) own[g] = 1
  return {
    options,
    world,
    regions: Int32Array.from(regions),
    regionSizes: StoreChoice.regionSizes(master),
    customers: StoreChoice.regionCustomers(master, (g) => own[g] === 1),
    assortment: new Assortment(master, (s) => own[StoreChoice.storeRegion(master, s)] === 1),
    stock: ctx.service(Stock.Key),
    exposure: options.exposure === true ? ctx.service(Exposure.Key) : null,
    scenario: Scenario.isEmpty(options.scenario) ? null : Scenario.compile(options.scenario!),
    modePick: Distribution.alias(MODE_MIX),
    tenderShip: Distribution.alias(TENDER_MIX_SHIP),
    tenderBopis: Distribution.alias(TENDER_MIX_BOPIS),
    builder: Batch.builder(Tables.OnlineOrders, 1024),
    buf: new BasketBuffer(),
    lifts: new Float64Array(Departments.COUNT),
    deptCum: new Float64Array(Behaviours.COUNT * Departments.COUNT),
    total: new Float64Array(5),
    staging: {
      orders: 0,
      lineCount: 0,
      secs: new Int32Array(64),
      customer: new Int32Array(64),
      mode: new Uint8Array(64),
      node: new Int32Array(64),
      subtotal: new Float64Array(64),
      tax: new Float64Array(64),
      tender: new Uint8Array(64),
      lineStart: new Int32Array(65),
      keys: new Float64Array(64),
      regionFirst: new Int32Array(master.dcs.length),
      product: new Int32Array(256),
      qty: new Int32Array(256),
      lineTs: new Float64Array(256)
    },
    lines: {
      day: Number.NaN,
      length: 0,
      traceId: new Float64Array(256),
      nodeType: new Uint8Array(256),
      nodeId: new Int32Array(256),
      productId: new Int32Array(256),
      qty: new Int32Array(256),
      eventTs: new Float64Array(256)
    }
  }
}

const pickCustomer = (state: State, from: number, count: number, day: number, rng: Rng.Stream): number => {
  const ids = state.customers.ids
  let c = ids[from + Math.floor(rng.float() * count)]!
  const exposure = state.exposure
  if (exposure === null) return c
  for (let a = 1; a < Exposure.MAX_ATTEMPTS; a++) {
    const lift = Math.min(exposure.visitLift(c + 1, day), Exposure.MAX_LIFT)
    if (rng.float() * Exposure.MAX_LIFT < lift) return c
    c = ids[from + Math.floor(rng.float() * count)]!
  }
  return c
}

/** The store (row) fulfilling a store-mode order of customer row `c` in region `g`. */
const storeNode = (master: Master.Master, c: number, g: number, mode: number, rng: Rng.Stream): number => {
  const k = master.customers.nearestCount
  const near = master.customers.nearestStoreIds
  const home = near[c * k]! - 1
  const u = rng.float()
  if (mode === Tables.BOPIS) return home
  let total = 0
  for (let r = 0; r < k && r < SHIP_STORE_RANK.length; r++)
    if (StoreChoice.storeRegion(master, near[c * k + r]! - 1) === g) total += SHIP_STORE_RANK[r]!
  let t = u * total
  for (let r = 0; r < k && r < SHIP_STORE_RANK.length; r++) {
    const s = near[c * k + r]! - 1
    if (StoreChoice.storeRegion(master, s) !== g) continue
    t -= SHIP_STORE_RANK[r]!
    if (t < 0) return s
  }
  return home
}

/**
 * The store (row) that ships a closed DC's order of customer row `c` in region `g`: the customer's
 * nearest store of the region that the scenario does not close, or -1 when every one is closed.
 * No random draw: the order's draws stay the baseline's.
 */
export const fallbackStore = (master: Master.Master, c: number, g: number, day: Scenario.Day): number => {
  const k = master.customers.nearestCount
  const near = master.customers.nearestStoreIds
  for (let r = 0; r < k; r++) {
    const s = near[c * k + r]! - 1
    if (StoreChoice.storeRegion(master, s) === g && !day.storeClosed(s + 1)) return s
  }
  return -1
}

const generateRegion = (
  state: State,
  ctx: Plugin.DayContext<Master.Master>,
  g: number,
  base: number
): void => {
  const world = state.world
  const master = world.master
  const day = ctx.day
  const st = state.staging
  st.regionFirst[g] = st.orders
  const from = state.customers.start[g]!
  const count = state.customers.start[g + 1]! - from
  if (count === 0) return
  const ro = ctx.rng("orders", g, day)
  const n = Distribution.poisson(ro, base * state.regionSizes[g]!)
  if (n === 0) return
  if (n > MAX_PER_REGION_DAY)
    throw new VolumeLimitExceeded({
      table: "online_orders",
      entity: `region ${g + 1}`,
      date: Calendar.format(day),
      count: n,
      limit: MAX_PER_REGION_DAY
    })
  st.secs = growInt32(st.secs, st.orders + n)
  const secs = st.secs.subarray(st.orders, st.orders + n)
  world.patterns.sampler(day, 0, 86400, "online").fillSorted(ro, n, secs)
  const rb = ctx.rng("basket", g, day)
  const storeCtx: BasketContext = {
    catalog: world.catalog,
    assortment: state.assortment,
    brandSalt: world.brandSalt,
    deptCum: state.deptCum,
    lambda: world.onlineLambda,
    promos: null
  }
  const dcCtx: BasketContext = { ...storeCtx, assortment: null }
  const catalog = world.catalog
  const buf = state.buf
  const stock = state.stock
  const dcId = g + 1
  const dayBase = day * 86400
  const pickTs = dayBase + PICK_SECOND
  const total = state.total
  const scenario = state.scenario === null ? null : state.scenario.at(day)
  const dcClosed = scenario?.dcClosed(dcId) === true
  for (let v = 0; v < n; v++) {
    const sec = secs[v]!
    const ts = dayBase + sec
    const cust = pickCustomer(state, from, count, day, rb)
    const customerId = cust + 1
    const seg = master.customers.segment[cust]!
    const beh = world.behaviourPick[seg]!.sample(rb)
    const mode = state.modePick.sample(rb)
    const store = mode === Tables.SHIP_FROM_DC ? -1 : storeNode(master, cust, g, mode, rb)
    const promoted = state.exposure === null ? -1 : state.exposure.promotedDepartment(customerId, day)
    fillBasket(store < 0 ? dcCtx : storeCtx, buf, rb, day, customerId, seg, beh, -1, promoted, store)
    // the tender is drawn whether or not stock lets the order through, so that an order lost
    // in one twin does not shift the draws of the orders after it (common random numbers)
    const tender = (mode === Tables.BOPIS ? state.tenderBopis : state.tenderShip).sample(rb)
    // a closed DC's order ships from a store: the same draws, another fulfilment path
    const node = store < 0 && dcClosed ? fallbackStore(master, cust, g, scenario!) : store
    const fromDc = store < 0 && !dcClosed
    const o = st.orders
    const l0 = st.lineCount
    if (l0 + buf.length > st.product.length) {
      const cap = l0 + buf.length
      st.product = growInt32(st.product, cap)
      st.qty = growInt32(st.qty, cap)
      st.lineTs = growFloat64(st.lineTs, cap)
    }
    let kept = 0
    let subtotal = 0
    let taxable = 0
    let reduced = 0
    for (let i = 0; i < buf.length; i++) {
      const p = buf.product[i]!
      const q = buf.qty[i]!
      let granted = fromDc
        ? stock.takeFromDc(dcId, p + 1, q, ts)
        : node < 0
          ? 0
          : stock.takeFromStore(node + 1, p + 1, q, pickTs)
      if (granted > q) granted = q
      if (granted <= 0) {
        total[LOST_UNITS] = total[LOST_UNITS]! + q
        total[LOST_LINES]!++
        continue
      }
      if (granted < q) total[LOST_UNITS] = total[LOST_UNITS]! + (q - granted)
      const ext = granted * catalog.price[p]!
      subtotal += ext
      const t = catalog.taxability[p]!
      if (t === 0) taxable += ext
      else if (t === 2) reduced += ext
      st.product[l0 + kept] = p
      st.qty[l0 + kept] = granted
      st.lineTs[l0 + kept] = fromDc ? ts : pickTs
      kept++
    }
    if (kept === 0) {
      total[LOST_ORDERS]!++
      continue
    }
    if (o >= st.customer.length) {
      const cap = o + 1
      st.customer = growInt32(st.customer, cap)
      st.mode = growUint8(st.mode, cap)
      st.node = growInt32(st.node, cap)
      st.subtotal = growFloat64(st.subtotal, cap)
      st.tax = growFloat64(st.tax, cap)
      st.tender = growUint8(st.tender, cap)
      st.lineStart = growInt32(st.lineStart, st.customer.length + 1)
      st.keys = growFloat64(st.keys, cap)
    }
    const rateStore = fromDc ? StoreChoice.homeStore(master, cust) - 1 : node
    const seq = o - st.regionFirst[g]!
    st.customer[o] = customerId
    st.mode[o] = fromDc || store >= 0 ? mode : Tables.SHIP_FROM_STORE
    st.node[o] = fromDc ? dcId : node + 1
    st.subtotal[o] = subtotal
    st.tax[o] =
      Money.applyBps(taxable, master.stores.taxRateBps[rateStore]!) +
      Money.applyBps(reduced, master.stores.reducedTaxRateBps[rateStore]!)
    st.tender[o] = tender
    st.lineStart[o] = l0
    st.keys[o] = sec * 1e9 + dcId * 1e5 + seq
    st.lineCount = l0 + kept
    st.orders = o + 1
  }
}

const step = (state: State, ctx: Plugin.DayContext<Master.Master>): ReadonlyArray<Batch.Batch> => {
  const world = state.world
  const master = world.master
  const day = ctx.day
  world.catalog.ensureDay(day)
  world.patterns.categoryLifts(day, undefined, state.lifts)
  departmentCumulative(world.catalog, world.departmentMix, state.lifts, state.deptCum)
  const st = state.staging
  st.orders = 0
  st.lineCount = 0
  const mean = World.yearMean(world, day, "online")
  const customers = master.customers.length
  const base =
    mean > 0 && customers > 0
      ? (state.options.onlineOrdersPerDay * world.patterns.dayMultiplier(day, "online")) / mean / customers
      : 0
  for (let k = 0; k < state.regions.length; k++) generateRegion(state, ctx, state.regions[k]!, base)
  st.lineStart[st.orders] = st.lineCount
  const n = st.orders
  const keys = st.keys.subarray(0, n)
  keys.sort()
  const b = state.builder
  b.reset()
  const cTrace = b.num("TraceId")
  const cTs = b.num("EventTS")
  const cId = b.num("OrderId")
  const cCust = b.num("CustomerID")
  const cMode = b.code("FulfillmentMode")
  const cType = b.code("FulfillmentNodeType")
  const cNode = b.num("FulfillmentNodeID")
  const cSub = b.num("Subtotal")
  const cTax = b.num("Tax")
  const cTotal = b.num("Total")
  const cTender = b.code("TenderType")
  const out = state.lines
  const need = st.lineCount
  if (need > out.traceId.length) {
    out.traceId = growFloat64(out.traceId, need)
    out.nodeType = growUint8(out.nodeType, need)
    out.nodeId = growInt32(out.nodeId, need)
    out.productId = growInt32(out.productId, need)
    out.qty = growInt32(out.qty, need)
    out.eventTs = growFloat64(out.eventTs, need)
  }
  const dayBase = day * 86400
  const idBase = day * 1e9
  const traceBase = TRACE_KIND * 1e14
  let li = 0
  for (let k = 0; k < n; k++) {
    const key = keys[k]!
    const sec = Math.floor(key / 1e9)
    const rest = key - sec * 1e9
    const region1 = Math.floor(rest / 1e5)
    const seq = rest - region1 * 1e5
    const o = st.regionFirst[region1 - 1]! + seq
    const id = idBase + region1 * 1e5 + seq
    const trace = traceBase + id
    const mode = st.mode[o]!
    const nodeType = mode === Tables.SHIP_FROM_DC ? Tables.NODE_DC : Tables.NODE_STORE
    cTrace.push(trace)
    cTs.push(dayBase + sec)
    cId.push(id)
    cCust.push(st.customer[o]!)
    cMode.push(mode)
    cType.push(nodeType)
    cNode.push(st.node[o]!)
    cSub.push(st.subtotal[o]!)
    cTax.push(st.tax[o]!)
    cTotal.push(st.subtotal[o]! + st.tax[o]!)
    cTender.push(st.tender[o]!)
    for (let i = st.lineStart[o]!; i < st.lineStart[o + 1]!; i++) {
      out.traceId[li] = trace
      out.nodeType[li] = nodeType
      out.nodeId[li] = st.node[o]!
      out.productId[li] = st.product[i]! + 1
      out.qty[li] = st.qty[i]!
      out.eventTs[li] = st.lineTs[i]!
      li++
    }
  }
  out.day = day
  out.length = li
  state.total[ORDERS] = state.total[ORDERS]! + n
  state.total[LINES] = state.total[LINES]! + li
  return [b.finish()]
}

const linesView = (state: State, day: Calendar.EpochDay): OnlineLines => {
  const l = state.lines
  const n = l.day === day ? l.length : 0
  return {
    day,
    length: n,
    traceId: l.traceId.subarray(0, n),
    nodeType: l.nodeType.subarray(0, n),
    nodeId: l.nodeId.subarray(0, n),
    productId: l.productId.subarray(0, n),
    qty: l.qty.subarray(0, n),
    eventTs: l.eventTs.subarray(0, n)
  }
}

/** The `online_orders` plugin (table `online_orders`; depends on `"stock"`, `"receipts"`, and `"marketing"` with exposure). */
export const make = (options: Options): Plugin.FactPlugin<State, Master.Master, OnlineOrdersService> => ({
  name: NAME,
  tables: [Tables.OnlineOrders],
  dependsOn:
    options.exposure === true ? [Stock.NAME, Receipts.NAME, Exposure.NAME] : [Stock.NAME, Receipts.NAME],
  init: (ctx) => init(options, ctx),
  step: (state, ctx) => step(state, ctx),
  service: (state) => ({
    linesOf: (day) => linesView(state, day),
    stats: () => ({
      orders: state.total[ORDERS]!,
      lines: state.total[LINES]!,
      lostUnits: state.total[LOST_UNITS]!,
      lostLines: state.total[LOST_LINES]!,
      lostOrders: state.total[LOST_ORDERS]!
    })
  }),
  save: (state) => Counters.save(state.total),
  restore: (saved, ctx) => {
    const state = init(options, ctx)
    Counters.restore(NAME, saved, state.total)
    return state
  }
})
