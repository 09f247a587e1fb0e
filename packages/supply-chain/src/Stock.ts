/**
 * The `stock` plugin: the store and DC ledgers that limit sales and online fulfilment. It has no
 * table; its service implements the shoppers' `StockService` (DATA-CONTRACT §5 I4: stock never
 * goes below zero) and is what the `inventory` plugin replenishes. Register it before (or with)
 * the shopper plugins, which name it in `dependsOn`; the `inventory` plugin steps after them.
 *
 * A take never exceeds what is on hand at its `ts`: deliveries and positive counts unloaded at or
 * before `ts` are applied first (lazily, in time order). Calls for one store (or DC) should come
 * in nondecreasing `ts`; an earlier call is still safe — it may only use stock that was on hand at
 * its `ts` and not added after it. Products not carried by the store, or not launched yet on the
 * day of `ts`, are never granted. Every grant is recorded for the ledger, and the units asked and
 * granted are counted per day (`lostSales`).
 *
 * @example
 * import { Stock, SupplyChain } from "@retail-datagen/supply-chain"
 * // in a shopper plugin (dependsOn: ["stock"]):
 * //   const stock = ctx.service<Stock.StockService>("stock")
 * //   const units = stock.takeFromStore(storeId, productId, 2, ts) // 0, 1 or 2
 * // after a run:
 * //   Stock.lostSales(summary.resume.states.stock).lostShare
 */
import { type Calendar, Plugin, Services } from "@retail-datagen/core"
import type { Master } from "@retail-datagen/master"
import { PatternsService } from "@retail-datagen/patterns"
import { Forecast } from "./internal/forecast.js"
import { Model, type SavedStock } from "./internal/model.js"
import * as SupplyOptions from "./SupplyOptions.js"

/** Name of the plugin, as shopper plugins name it in `dependsOn`. */
export const NAME = Services.Stock.name

/** What shopper plugins call: the contract declared once in core (`Services.StockService`). */
export type StockService = Services.StockService

/** Units asked and granted per day (this shard), and totals. `lost = requested − granted`. */
export interface LostSales {
  readonly days: ReadonlyArray<Calendar.EpochDay>
  readonly requested: ReadonlyArray<number>
  readonly granted: ReadonlyArray<number>
  /** Part of the lost units asked of a store (or DC) that does not carry the product (or before launch). */
  readonly notCarried: ReadonlyArray<number>
  readonly lost: ReadonlyArray<number>
  readonly totalRequested: number
  readonly totalGranted: number
  readonly totalLost: number
  /** `totalLost / totalRequested` (0 when nothing was asked). */
  readonly lostShare: number
}

/** The service of the `stock` plugin: `StockService` plus read-only views for reports and tests. */
export interface SupplyStock extends StockService {
  /** Units on hand now at a store (-1 when it does not carry the product). */
  onHand(storeId: number, productId: number): number
  /** Units on trucks (or counted, not yet applied) for a store position (-1 when not carried). */
  inTransit(storeId: number, productId: number): number
  /** Units ordered from the DC and not yet shipped (-1 when not carried). */
  backlog(storeId: number, productId: number): number
  /** Units on hand now at a DC (-1 when it does not stock the product). */
  dcOnHand(dcId: number, productId: number): number
  /** The days closed so far (by the `inventory` plugin's end of day). */
  lostSales(): LostSales
  /** @internal the shard's model, driven by the `inventory` plugin. */
  readonly model: Model
}

const summarize = (h: SavedStock["history"]): LostSales => {
  const lost = h.requested.map((r, i) => r - h.granted[i]!)
  const totalRequested = h.requested.reduce((a, b) => a + b, 0)
  const totalGranted = h.granted.reduce((a, b) => a + b, 0)
  const totalLost = totalRequested - totalGranted
  return {
    days: [...h.days],
    requested: [...h.requested],
    granted: [...h.granted],
    notCarried: [...h.notCarried],
    lost,
    totalRequested,
    totalGranted,
    totalLost,
    lostShare: totalRequested > 0 ? totalLost / totalRequested : 0
  }
}

/**
 * Lost-sales counters from the `stock` plugin's saved state (e.g. `summary.resume.states.stock` of
 * an engine run). Sum the days of several shards for the whole run.
 */
export const lostSales = (saved: unknown): LostSales => {
  const h = (saved as Partial<SavedStock> | null)?.history
  if (h === undefined || !Array.isArray(h.days)) throw new TypeError("not a saved state of the stock plugin")
  return summarize(h)
}

const service = (model: Model): SupplyStock => {
  const storePos = (
    storeId: number,
    productId: number
  ): { r: ReturnType<Model["regionOfStore"]>; i: number } => {
    const r = model.regionOfStore(storeId)
    return { r, i: r.position(model.storeLocal[storeId - 1]!, productId) }
  }
  return {
    model,
    takeFromStore: (storeId, productId, qty, ts) => model.takeFromStore(storeId, productId, qty, ts),
    takeFromDc: (dcId, productId, qty, ts) => model.takeFromDc(dcId, productId, qty, ts),
    onHand: (storeId, productId) => {
      const { r, i } = storePos(storeId, productId)
      return i < 0 ? -1 : r.onHand[i]!
    },
    inTransit: (storeId, productId) => {
      const { r, i } = storePos(storeId, productId)
      return i < 0 ? -1 : r.inTransit[i]!
    },
    backlog: (storeId, productId) => {
      const { r, i } = storePos(storeId, productId)
      return i < 0 ? -1 : r.backlog[i]!
    },
    dcOnHand: (dcId, productId) => {
      const r = model.regionOfDc(dcId)
      const j = productId >= 1 && productId < r.dcIndexOf.length ? r.dcIndexOf[productId]! : -1
      return j < 0 ? -1 : r.dcOnHand[j]!
    },
    lostSales: () => summarize(model.history)
  }
}

/** The demand outlook of a run: the calendar of the shard's patterns (`PatternsService`). */
const forecastOf = (ctx: Plugin.InitContext<Master.Master>, o: SupplyOptions.SupplyOptions): Forecast =>
  new Forecast(ctx.master, ctx.seed, ctx.service(PatternsService.Key), ctx.start, o.smoothing)

/**
 * The `stock` plugin (no tables; depends on `"patterns"`, the calendar of its demand outlook). Its state is the shard's whole supply chain
 * (ledgers, trucks, pending rows), saved at the end of every day as JSON-compatible data (typed
 * arrays as base64); only the regions the shard owns are built.
 */
export const plugin = (
  options: SupplyOptions.SupplyOptionsInput = {}
): Plugin.FactPlugin<Model, Master.Master, SupplyStock> => {
  const o = SupplyOptions.make(options)
  return Plugin.make<Model, Master.Master, SupplyStock>({
    name: NAME,
    tables: [],
    dependsOn: [PatternsService.NAME],
    init: (ctx) => new Model(ctx.master, o, ctx.shard, forecastOf(ctx, o)),
    step: () => [],
    service,
    save: (model) => model.save(),
    restore: (saved, ctx) => Model.restore(saved, ctx.master, o, ctx.shard, forecastOf(ctx, o))
  })
}
