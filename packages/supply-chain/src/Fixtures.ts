/**
 * Minimal shopper plugins for tests and benches of the supply chain — NOT the shopper simulation
 * of `@retail-datagen/customers`. They emit contract-shaped `receipts` / `receipt_lines` and
 * `online_orders` batches (plugin names `"receipts"` and `"online_orders"`), take stock through
 * the `stock` plugin's service, and drop lines that get no stock. The online-orders fixture
 * exposes the `OnlineOrderLines.OnlineOrdersService` the `inventory` plugin reads.
 *
 * Demand: each store gets Poisson(`receiptsPerDay` × its traffic share) receipts a day at uniform
 * times in its regular opening hours; a receipt has 1 + Poisson(`linesPerReceipt` − 1) lines, each
 * a product of the store's assortment drawn by popularity (skipped before its launch), 1–3 units.
 * `hot` adds receipts that buy
 * one product in bulk at one store. Each region gets Poisson(`onlineOrdersPerDay` × its traffic
 * share) orders a day: 60 % ship from the DC, 25 % from a store, 15 % BOPIS.
 *
 * @example
 * import { Fixtures, SupplyChain } from "@retail-datagen/supply-chain"
 * const [stock, inventory] = SupplyChain.plugins()
 * const plugins = [stock, Fixtures.receipts({ receiptsPerDay: 1000 }), Fixtures.onlineOrders({ onlineOrdersPerDay: 100 }), inventory]
 */
import { Batch, Distribution, Ids, Money, Plugin, Services, Table, Timestamp } from "@retail-datagen/core"
import type { Master } from "@retail-datagen/master"
import { Products } from "@retail-datagen/master"
import type * as OnlineOrderLines from "./OnlineOrderLines.js"
import type { StockService } from "./Stock.js"

const DAY = Timestamp.SECONDS_PER_DAY

export const Receipts: Table.Table = Table.make("receipts", {
  TraceId: Table.id("TRC"),
  EventTS: Table.timestamp,
  StoreID: Table.int,
  CustomerID: Table.int,
  ReceiptId: Table.id("RCP"),
  Subtotal: Table.cents,
  Tax: Table.cents,
  Total: Table.cents,
  TenderType: Table.enumOf(["CREDIT_CARD", "DEBIT_CARD", "CASH", "MOBILE_PAY"])
})

export const ReceiptLines: Table.Table = Table.make("receipt_lines", {
  TraceId: Table.id("TRC"),
  EventTS: Table.timestamp,
  ReceiptId: Table.id("RCP"),
  Line: Table.int,
  ProductID: Table.int,
  Qty: Table.int,
  UnitPrice: Table.cents,
  ExtPrice: Table.cents,
  PromoCode: Table.string
})

export const OnlineOrders: Table.Table = Table.make("online_orders", {
  TraceId: Table.id("TRC"),
  EventTS: Table.timestamp,
  OrderId: Table.id("ONL"),
  CustomerID: Table.int,
  FulfillmentMode: Table.enumOf(["SHIP_FROM_DC", "SHIP_FROM_STORE", "BOPIS"]),
  FulfillmentNodeType: Table.enumOf(["DC", "STORE"]),
  FulfillmentNodeID: Table.int,
  Subtotal: Table.cents,
  Tax: Table.cents,
  Total: Table.cents,
  TenderType: Table.enumOf(["CREDIT_CARD", "DEBIT_CARD", "CASH", "MOBILE_PAY", "PAYPAL"])
})

/** Extra demand: `unitsPerDay` units of a product at a store, bought `unitsPerReceipt` at a time. */
export interface Hot {
  readonly storeId: number
  readonly productId: number
  readonly unitsPerDay: number
  readonly unitsPerReceipt: number
}

export interface ReceiptsOptions {
  /** Chain-wide receipts per day, split over stores by traffic weight. */
  readonly receiptsPerDay: number
  /** Mean lines per receipt (≥ 1, default 4). */
  readonly linesPerReceipt?: number
  readonly hot?: ReadonlyArray<Hot>
}

export interface OnlineOptions {
  /** Chain-wide online orders per day, split over regions by their stores' traffic. */
  readonly onlineOrdersPerDay: number
}

interface Shop {
  readonly stock: StockService
  /** Per store (row): alias over its snapshot rows by popularity, or undefined (none carried / not owned). */
  readonly assortment: Array<Distribution.AliasTable | undefined>
  readonly owned: Array<number>
  readonly trafficTotal: number
}

const shop = (ctx: Plugin.InitContext<Master.Master>): Shop => {
  const { stores, storeInventory: snap, products } = ctx.master
  const assortment = new Array<Distribution.AliasTable | undefined>(stores.length).fill(undefined)
  const owned: Array<number> = []
  let trafficTotal = 0
  for (let s = 0; s < stores.length; s++) {
    trafficTotal += stores.trafficWeight[s]!
    if (!Plugin.ownsRegion(ctx.shard, stores.dcId[s]! - 1)) continue
    owned.push(s + 1)
    const a = snap.locationStart[s]!
    const b = snap.locationStart[s + 1]!
    if (b === a) continue
    const w = new Float64Array(b - a)
    for (let r = a; r < b; r++) w[r - a] = products.popularity[snap.productId[r]! - 1]!
    assortment[s] = Distribution.alias(w)
  }
  return { stock: ctx.service(Services.Stock), assortment, owned, trafficTotal }
}

/** Tax of a basket by rate class (taxable, exempt_food, reduced sums in cents) at a store's rates. */
const taxOf = (sums: Float64Array, rate: number, reduced: number): number =>
  Money.applyBps(sums[0]!, rate) + Money.applyBps(sums[2]!, reduced)

interface ReceiptsState extends Shop {
  readonly receipts: Batch.Builder
  readonly lines: Batch.Builder
}

/** The fixture `receipts` plugin (tables `receipts`, `receipt_lines`; depends on `stock`). */
export const receipts = (options: ReceiptsOptions): Plugin.FactPlugin<ReceiptsState, Master.Master> => {
  const linesMean = options.linesPerReceipt ?? 4
  const hot = options.hot ?? []
  return Plugin.make<ReceiptsState, Master.Master>({
    name: "receipts",
    tables: [Receipts, ReceiptLines],
    dependsOn: ["stock"],
    init: (ctx) => ({ ...shop(ctx), receipts: Batch.builder(Receipts), lines: Batch.builder(ReceiptLines) }),
    step: (state, ctx) => {
      const { stores, storeInventory: snap, products } = ctx.master
      const day = ctx.day
      const rb = state.receipts
      const lb = state.lines
      rb.reset()
      lb.reset()
      const [rTrace, rTs, rStore, rCustomer, rId, rSub, rTax, rTotal] = [
        "TraceId",
        "EventTS",
        "StoreID",
        "CustomerID",
        "ReceiptId",
        "Subtotal",
        "Tax",
        "Total"
      ].map((c) => rb.num(c))
      const rTender = rb.code("TenderType")
      const [lTrace, lTs, lId, lLine, lProduct, lQty, lUnit, lExt] = [
        "TraceId",
        "EventTS",
        "ReceiptId",
        "Line",
        "ProductID",
        "Qty",
        "UnitPrice",
        "ExtPrice"
      ].map((c) => lb.num(c))
      const lPromo = lb.str("PromoCode")
      const sums = new Float64Array(3)
      for (const storeId of state.owned) {
        const s = storeId - 1
        const alias = state.assortment[s]
        const rng = ctx.rng(storeId, day)
        const open = stores.openHour[s]! * 3600
        const close = stores.closeHour[s]! * 3600
        const n =
          alias === undefined
            ? 0
            : Distribution.poisson(
                rng,
                (options.receiptsPerDay * stores.trafficWeight[s]!) / state.trafficTotal
              )
        // keys: time * 64 + (0 = regular, h + 1 = hot entry h)
        const keys: Array<number> = []
        for (let k = 0; k < n; k++) keys.push(rng.int(open, close - 1) * 64)
        hot.forEach((h, hi) => {
          if (h.storeId !== storeId) return
          const m = Math.ceil(h.unitsPerDay / h.unitsPerReceipt)
          for (let k = 0; k < m; k++) keys.push(rng.int(open, close - 1) * 64 + hi + 1)
        })
        keys.sort((a, b) => a - b)
        let seq = 0
        for (const key of keys) {
          const ts = Timestamp.make(day, Math.floor(key / 64))
          const h = key % 64
          const rid = Ids.append(Ids.append(day, storeId, 4), seq, 5)
          const trace = Ids.append(Ids.append(Ids.append(1, day, 5), storeId, 4), seq, 5)
          sums.fill(0)
          let lines = 0
          const buy = (product: number, qty: number): void => {
            const got = state.stock.takeFromStore(storeId, product, qty, ts)
            if (got <= 0) return
            const price = products.salePrice[product - 1]!
            const ext = Money.times(price, got)
            sums[products.taxability[product - 1]!]! += ext
            lines++
            lTrace!.push(trace)
            lTs!.push(ts)
            lId!.push(rid)
            lLine!.push(lines)
            lProduct!.push(product)
            lQty!.push(got)
            lUnit!.push(price)
            lExt!.push(ext)
            lPromo.push("")
          }
          if (h > 0) {
            const hh = hot[h - 1]!
            buy(hh.productId, hh.unitsPerReceipt)
          } else {
            const k = 1 + Distribution.poisson(rng, linesMean - 1)
            for (let l = 0; l < k; l++) {
              const product = snap.productId[snap.locationStart[s]! + alias!.sample(rng)]!
              const qty = 1 + (rng.chance(0.2) ? rng.int(1, 2) : 0)
              if (Products.isLaunched(products, product - 1, day)) buy(product, qty)
            }
          }
          const tender = rng.int(0, 3)
          if (lines === 0) continue
          seq++
          const subtotal = sums[0]! + sums[1]! + sums[2]!
          const tax = taxOf(sums, stores.taxRateBps[s]!, stores.reducedTaxRateBps[s]!)
          rTrace!.push(trace)
          rTs!.push(ts)
          rStore!.push(storeId)
          rCustomer!.push(Number.NaN)
          rId!.push(rid)
          rSub!.push(subtotal)
          rTax!.push(tax)
          rTotal!.push(subtotal + tax)
          rTender.push(tender)
        }
      }
      return [rb.finish(), lb.finish()]
    }
  })
}

interface OnlineState extends Shop {
  readonly orders: Batch.Builder
  readonly catalogue: Distribution.AliasTable
  readonly regions: Array<number>
  readonly regionStores: Array<Array<number>>
  readonly regionTraffic: Float64Array
  lines: {
    day: number
    traceId: Array<number>
    eventTs: Array<number>
    nodeType: Array<number>
    nodeId: Array<number>
    productId: Array<number>
    qty: Array<number>
  }
}

const emptyLines = (day: number): OnlineState["lines"] => ({
  day,
  traceId: [],
  eventTs: [],
  nodeType: [],
  nodeId: [],
  productId: [],
  qty: []
})

/** The fixture `online_orders` plugin (table `online_orders`; depends on `stock`; service: the order lines). */
export const onlineOrders = (
  options: OnlineOptions
): Plugin.FactPlugin<OnlineState, Master.Master, OnlineOrderLines.OnlineOrdersService> =>
  Plugin.make<OnlineState, Master.Master, OnlineOrderLines.OnlineOrdersService>({
    name: "online_orders",
    tables: [OnlineOrders],
    dependsOn: ["stock"],
    init: (ctx) => {
      const { stores, dcs, products } = ctx.master
      const base = shop(ctx)
      const regionStores: Array<Array<number>> = Array.from({ length: dcs.length }, () => [])
      const regionTraffic = new Float64Array(dcs.length)
      for (let s = 0; s < stores.length; s++) {
        regionStores[stores.dcId[s]! - 1]!.push(s + 1)
        regionTraffic[stores.dcId[s]! - 1]! += stores.trafficWeight[s]!
      }
      const regions: Array<number> = []
      for (let r = 0; r < dcs.length; r++) if (Plugin.ownsRegion(ctx.shard, r)) regions.push(r)
      return {
        ...base,
        orders: Batch.builder(OnlineOrders),
        catalogue: Distribution.alias(products.popularity),
        regions,
        regionStores,
        regionTraffic,
        lines: emptyLines(ctx.start)
      }
    },
    service: (state) => ({
      linesOf: (day) => {
        const l = state.lines.day === day ? state.lines : emptyLines(day)
        return { ...l, length: l.qty.length }
      }
    }),
    step: (state, ctx) => {
      const { storeInventory: snap, products } = ctx.master
      const day = ctx.day
      const b = state.orders
      b.reset()
      const lines = emptyLines(day)
      state.lines = lines
      const [oTrace, oTs, oId, oCustomer] = ["TraceId", "EventTS", "OrderId", "CustomerID"].map((c) =>
        b.num(c)
      )
      const [mode, nodeType] = [b.code("FulfillmentMode"), b.code("FulfillmentNodeType")]
      const [nodeIdCol, sub, taxCol, total] = ["FulfillmentNodeID", "Subtotal", "Tax", "Total"].map((c) =>
        b.num(c)
      )
      const tender = b.code("TenderType")
      for (const r of state.regions) {
        const rng = ctx.rng(r, day)
        const n = Distribution.poisson(
          rng,
          (options.onlineOrdersPerDay * state.regionTraffic[r]!) / state.trafficTotal
        )
        const times = new Float64Array(n)
        for (let k = 0; k < n; k++) times[k] = rng.int(0, DAY - 1)
        times.sort()
        let seq = 0
        for (let k = 0; k < n; k++) {
          const ts = Timestamp.make(day, times[k]!)
          const u = rng.float()
          const m = u < 0.6 ? 0 : u < 0.85 ? 1 : 2
          const stores = state.regionStores[r]!
          const storeId = stores.length === 0 ? 0 : stores[rng.int(0, stores.length - 1)]!
          const alias = storeId > 0 ? state.assortment[storeId - 1] : undefined
          const fromDc = m === 0 || alias === undefined
          const node = fromDc ? r + 1 : storeId
          const trace = Ids.append(Ids.append(Ids.append(2, day, 5), r + 1, 4), seq, 5)
          const k2 = 1 + Distribution.poisson(rng, 0.8)
          let subtotal = 0
          let got = 0
          for (let l = 0; l < k2; l++) {
            const product = fromDc
              ? state.catalogue.sample(rng) + 1
              : snap.productId[snap.locationStart[storeId - 1]! + alias!.sample(rng)]!
            const qty = rng.int(1, 2)
            if (!Products.isLaunched(products, product - 1, day)) continue
            const g = fromDc
              ? state.stock.takeFromDc(node, product, qty, ts)
              : state.stock.takeFromStore(node, product, qty, ts)
            if (g <= 0) continue
            got++
            subtotal += Money.times(products.salePrice[product - 1]!, g)
            lines.traceId.push(trace)
            lines.eventTs.push(ts)
            lines.nodeType.push(fromDc ? 0 : 1)
            lines.nodeId.push(node)
            lines.productId.push(product)
            lines.qty.push(g)
          }
          const pay = rng.int(0, 4)
          const customer = rng.int(1, ctx.master.customers.length)
          if (got === 0) continue
          const tax = Money.applyBps(subtotal, 700)
          oTrace!.push(trace)
          oTs!.push(ts)
          oId!.push(Ids.append(Ids.append(day, r + 1, 4), seq, 5))
          oCustomer!.push(customer)
          mode.push(fromDc ? 0 : m)
          nodeType.push(fromDc ? 0 : 1)
          nodeIdCol!.push(node)
          sub!.push(subtotal)
          taxCol!.push(tax)
          total!.push(subtotal + tax)
          tender.push(pay)
          seq++
        }
      }
      return [b.finish()]
    }
  })
