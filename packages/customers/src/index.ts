/**
 * @retail-datagen/customers — the shopper simulation: segments, behaviours, store choice and
 * baskets, promotions and tax → the `receipts` (receipts, receipt_lines) and `online_orders`
 * plugins, the in-store `Sensors` (foot_traffic, ble_pings), and the stock and exposure
 * contracts they share with the supply chain and marketing.
 */
export * as Basket from "./Basket.js"
export * as Behaviours from "./Behaviours.js"
export * as Exposure from "./Exposure.js"
export * as OnlineOrders from "./OnlineOrders.js"
export * as Promotions from "./Promotions.js"
export * as Receipts from "./Receipts.js"
export * as Segments from "./Segments.js"
export * as Sensors from "./Sensors.js"
export * as ShopperError from "./ShopperError.js"
export * as ShopperOptions from "./ShopperOptions.js"
export * as Shoppers from "./Shoppers.js"
/** The plugin factory, also reachable as `Shoppers.plugins`. */
export { plugins } from "./Shoppers.js"
export * as Stock from "./Stock.js"
export * as StoreChoice from "./StoreChoice.js"
export * as Tables from "./Tables.js"
export * as Truth from "./Truth.js"
export * as World from "./World.js"
