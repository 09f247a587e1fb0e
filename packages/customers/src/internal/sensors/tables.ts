/**
 * The two sensor tables (DATA-CONTRACT §4), their zones and the per-store sensor and beacon
 * names. Shared by the public `Sensors` module and the step.
 */
import { Ids, Table } from "@retail-datagen/core"

/** People-counter zones, in code order of `foot_traffic.Zone`. */
export const TRAFFIC_ZONES = ["ENTRANCE", "AISLES", "CHECKOUT"] as const
export const TZ_ENTRANCE = 0
export const TZ_AISLES = 1
export const TZ_CHECKOUT = 2

/** Beacon zones, in code order of `ble_pings.Zone`. */
export const BLE_ZONES = ["ENTRANCE", "GROCERY", "ELECTRONICS", "CLOTHING", "CHECKOUT"] as const
export const BZ_ENTRANCE = 0
export const BZ_GROCERY = 1
export const BZ_CHECKOUT = 4

export const FootTraffic = Table.make("foot_traffic", {
  TraceId: Table.id("TRC"),
  EventTS: Table.timestamp,
  StoreID: Table.int,
  SensorId: Table.string,
  Zone: Table.enumOf(TRAFFIC_ZONES),
  Dwell: Table.float(1),
  Count: Table.int
})

export const BlePings = Table.make("ble_pings", {
  TraceId: Table.id("TRC"),
  EventTS: Table.timestamp,
  StoreID: Table.int,
  BeaconId: Table.string,
  CustomerBLEId: Table.id("BLE", 10),
  RSSI: Table.int,
  Zone: Table.enumOf(BLE_ZONES)
})

/** `SENSOR_007_ENTRANCE`: the store number on at least 3 digits. */
export const sensorId = (storeId: number, zone: string): string => `SENSOR_${Ids.pad(storeId, 3)}_${zone}`

/** `BEACON_007_GROCERY`. */
export const beaconId = (storeId: number, zone: string): string => `BEACON_${Ids.pad(storeId, 3)}_${zone}`

/** TraceId kinds of DATA-CONTRACT conventions. */
export const KIND_FOOT_TRAFFIC = 4
export const KIND_BLE_VISIT = 5
/** Largest sequence number of a TraceId within (kind, day, store). */
export const MAX_SEQ = 99_999

/** `kind + epochDay(5) + store(4) + 00000`: add the sequence (1…99,999) to get the TraceId. */
export const traceBase = (kind: number, day: number, storeId: number): number =>
  Ids.append(Ids.append(Ids.append(kind, day, 5), storeId, 4), 0, 5)
