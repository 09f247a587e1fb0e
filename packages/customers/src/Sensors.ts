/**
 * In-store sensors: the people counters (`foot_traffic`) and the BLE beacons (`ble_pings`) of
 * DATA-CONTRACT §4, derived from the day's receipts so that they agree with them (I7).
 *
 * Every receipt is a buying visit that ends at its checkout; non-buying visits are added per
 * store-day so that conversion (receipts ÷ entrances) lands near a target drawn in
 * `conversion` (default 12–28 %, mean 20 %), entering along the day's hour curve inside the
 * opening window. Each visit walks ENTRANCE → AISLES → (buyers) CHECKOUT → out.
 *
 * - `foot_traffic`: one row per sensor (`SENSOR_<store:03>_<zone>`, zones ENTRANCE, AISLES,
 *   CHECKOUT) per clock-aligned interval (`intervalMinutes`, default 15) while the store is
 *   open, zero counts included (Dwell then empty). EventTS = the interval start (or the opening
 *   second when the store opens inside it). Count = people entering the zone in the interval;
 *   Dwell = their mean seconds in it (ENTRANCE: the whole visit). One TraceId per row (kind 4).
 *   ENTRANCE counts of every store-hour are ≥ its receipts.
 * - `ble_pings`: visitors with the app ping every `pingIntervalSec` (±25 %) from entry to exit;
 *   the nearest beacon of the zone they are in (`BEACON_<store:03>_<zone>`: ENTRANCE, GROCERY,
 *   ELECTRONICS, CLOTHING, CHECKOUT) records it with a path-loss RSSI in −90…−30 dBm. Buyers
 *   whose receipt names a customer carry that customer's `BLEId`; everybody else an anonymous id
 *   `Customers.bleIdNumber(seed, customers + k)` (k ≥ 1), which never equals a customer's.
 *   One TraceId per app visit (kind 5). Who carries the app is drawn per visit, with the two
 *   probabilities (known customers, everybody else) solved per store-day so that about
 *   `appShare` of visitors carry a device and known customers send about `knownPingShare` of
 *   the pings; when both cannot hold (few receipts name a customer), the ping share wins.
 *
 * Rows are ordered by EventTS, then StoreID, then sensor (foot traffic) or visit (pings). Random
 * streams are keyed by (store, day), and a shard generates only the stores of its regions, so
 * the output does not depend on the shard count.
 *
 * @example
 * import { Sensors } from "@retail-datagen/customers"
 * const sensors = Sensors.plugin({ conversion: [0.15, 0.25], appShare: 0.3 })
 * // register it with the engine next to the plugin named "receipts" it reads
 */
import type { Plugin, Table } from "@retail-datagen/core"
import type { Master } from "@retail-datagen/master"
import { PatternsService } from "@retail-datagen/patterns"
import { type Options, resolve } from "./internal/sensors/options.js"
import { init, NAME, type State, step } from "./internal/sensors/step.js"
import * as T from "./internal/sensors/tables.js"

export type { Options } from "./internal/sensors/options.js"
/** `SensorsOptionsError { field, expected, actual }`: an option is out of range. */
/** Defaults: conversion [0.12, 0.28], appShare 0.25, knownPingShare 1/3, pingIntervalSec 60, intervalMinutes 15. */
export { DEFAULTS, SensorsOptionsError } from "./internal/sensors/options.js"
/** The plugin's per-shard state (opaque). */
export type { State } from "./internal/sensors/step.js"

/** The plugin's name (`"sensors"`); it depends on the plugins named `"patterns"` and `"receipts"`. */
export const name: string = NAME

/** `foot_traffic`: TraceId, EventTS, StoreID, SensorId, Zone, Dwell (1 decimal, empty when Count is 0), Count. */
export const FootTraffic: Table.Table = T.FootTraffic

/** `ble_pings`: TraceId, EventTS, StoreID, BeaconId, CustomerBLEId (`BLE` + 10 digits), RSSI, Zone. */
export const BlePings: Table.Table = T.BlePings

/** People-counter zones (`foot_traffic.Zone`). */
export const TRAFFIC_ZONES: ReadonlyArray<string> = T.TRAFFIC_ZONES

/** Beacon zones (`ble_pings.Zone`). */
export const BLE_ZONES: ReadonlyArray<string> = T.BLE_ZONES

/**
 * The people counter of a store's zone.
 *
 * @example
 * Sensors.sensorId(7, "ENTRANCE") // "SENSOR_007_ENTRANCE"
 */
export const sensorId: (storeId: number, zone: string) => string = T.sensorId

/**
 * The beacon of a store's zone.
 *
 * @example
 * Sensors.beaconId(1234, "GROCERY") // "BEACON_1234_GROCERY"
 */
export const beaconId: (storeId: number, zone: string) => string = T.beaconId

/**
 * The sensors plugin (tables `foot_traffic`, `ble_pings`; depends on `"patterns"` (hour curves,
 * store hours) and `"receipts"`, whose
 * `receipts` batch must carry EventTS, StoreID and — optionally — CustomerID and Subtotal).
 * Throws a `SensorsOptionsError` naming the first bad option.
 *
 * @example
 * import { Run } from "@retail-datagen/engine"
 * Run.run({ plugins: [PatternsService.plugin(), receipts, Sensors.plugin()], master, seed: 42, start, end, onBatches })
 */
export const plugin = (options: Options = {}): Plugin.FactPlugin<State, Master.Master> => {
  const resolved = resolve(options)
  return {
    name: NAME,
    tables: [T.FootTraffic, T.BlePings],
    dependsOn: [PatternsService.NAME, "receipts"],
    init: (ctx) => init(resolved, ctx),
    step
  }
}
