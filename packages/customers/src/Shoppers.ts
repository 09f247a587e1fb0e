/**
 * The shopper plugin family: `plugins(options)` returns `[receipts, onlineOrders]`, the plugins
 * named `"receipts"` (tables `receipts`, `receipt_lines`) and `"online_orders"` (table
 * `online_orders`). Both depend on a plugin named `"stock"` (`Stock.unlimited` until the supply
 * chain provides one) and, with `exposure: true`, on `"marketing"`.
 *
 * @example
 * import { Calendar } from "@retail-datagen/core"
 * import { Run } from "@retail-datagen/engine"
 * import { Shoppers, Stock } from "@retail-datagen/customers"
 * const plugins = [Stock.unlimited, ...Shoppers.plugins({ customersPerDay: 2000, itemsPerTicketMean: 4.2, onlineOrdersPerDay: 250 })]
 * // Run.run({ plugins, master, seed: 42, start: Calendar.parse("2024-01-01"), end: Calendar.parse("2024-01-07"), onBatches })
 */
import type { Plugin } from "@retail-datagen/core"
import type { Master } from "@retail-datagen/master"
import type { Scenario } from "@retail-datagen/scenario"
import * as OnlineOrders from "./OnlineOrders.js"
import * as Receipts from "./Receipts.js"
import * as ShopperOptions from "./ShopperOptions.js"

export interface Options {
  /** Chain-wide in-store receipts on an average day (≥ 0). */
  readonly customersPerDay: number
  /** Mean lines per receipt over a month (1–50). */
  readonly itemsPerTicketMean: number
  /** Chain-wide online orders on an average day (≥ 0). */
  readonly onlineOrdersPerDay: number
  /** Use the `"marketing"` plugin's exposure (visit lifts, promoted departments). */
  readonly exposure?: boolean | undefined
  /** Record the ground truth that the `Truth.plugin` writes (register it too). */
  readonly truth?: boolean | undefined
  /** What-if interventions applied to shopping (see `Receipts.Options.scenario`, `OnlineOrders.Options.scenario`). */
  readonly scenario?: Scenario.Scenario | undefined
}

/** Throws `InvalidOptions` naming the first bad field (ranges: `ShopperOptions.RULES`). */
export const validate = (options: Options): Options => ShopperOptions.check(options)

/** The shopper plugins, in step order: `[receipts, onlineOrders]`. Throws `InvalidOptions`. */
export const plugins = (
  options: Options
): readonly [
  Plugin.FactPlugin<Receipts.State, Master.Master, Receipts.ReceiptsService>,
  Plugin.FactPlugin<OnlineOrders.State, Master.Master, OnlineOrders.OnlineOrdersService>
] => {
  validate(options)
  return [
    Receipts.make({
      customersPerDay: options.customersPerDay,
      itemsPerTicketMean: options.itemsPerTicketMean,
      exposure: options.exposure,
      truth: options.truth,
      scenario: options.scenario
    }),
    OnlineOrders.make({
      onlineOrdersPerDay: options.onlineOrdersPerDay,
      exposure: options.exposure,
      scenario: options.scenario
    })
  ]
}
