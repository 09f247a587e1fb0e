/**
 * Stores and their profiles. Stores open only in states that have a DC, are placed in sampled
 * geographies weighted toward metros (the first one in each DC's city), and are served by their
 * nearest DC.
 *
 * Profile rules:
 * - **Volume class** `flagship | high | medium | low | kiosk`, drawn with shares that depend on
 *   the city's size: big metros (≥ 500k) 10/24/38/18/10 %, small cities (< 100k) 1/10/40/35/14 %,
 *   others 4/16/40/28/12 %.
 * - **Format** follows the class: flagship → supercenter; high → supercenter 60 % / market 40 %;
 *   medium → market / neighborhood 50/50; low → neighborhood 65 % / express 35 %;
 *   kiosk → express 40 % / mall 60 %.
 * - **Hours** (`openHour`–`closeHour`, 24 = midnight; 0–24 = open 24 h) by class, see `HOURS`
 *   and `HOURS_WEIGHTS`: some stores open 24 h, most keep 08–22 or 09–21.
 * - **Traffic weight**: class base (3.0, 1.8, 1.0, 0.6, 0.25) × a log-normal factor
 *   (σ = 0.2, mean 1), 3 decimals — the relative number of daily visits.
 * - **Tax**: `taxRateBps` is the city's combined sales tax; `reducedTaxRateBps` (half of it,
 *   rounded down to 5 bps) applies to products of taxability `reduced`; `exempt_food` pays 0.
 *
 * Row `i` describes the store with ID `i + 1`; its `StoreNumber` is `ST` + the id on 4 digits.
 */

/** Volume classes, in code order. */
export const VOLUME_CLASSES: ReadonlyArray<string> = ["flagship", "high", "medium", "low", "kiosk"]
export const FLAGSHIP = 0
export const HIGH = 1
export const MEDIUM = 2
export const LOW = 3
export const KIOSK = 4

/** Store formats, in code order. */
export const FORMATS: ReadonlyArray<string> = ["supercenter", "market", "neighborhood", "express", "mall"]

/** Opening-hour options `[open, close]` (24 = midnight). */
export const HOURS: ReadonlyArray<readonly [number, number]> = [
  [0, 24],
  [6, 24],
  [7, 23],
  [8, 22],
  [9, 21],
  [10, 21],
  [10, 20]
]

/** Weights of `HOURS` options per volume class. */
export const HOURS_WEIGHTS: ReadonlyArray<ReadonlyArray<number>> = [
  [45, 35, 20, 0, 0, 0, 0],
  [25, 30, 25, 20, 0, 0, 0],
  [5, 8, 12, 50, 25, 0, 0],
  [0, 0, 6, 47, 47, 0, 0],
  [0, 0, 0, 0, 30, 40, 30]
]

/** Base daily traffic weight per volume class. */
export const TRAFFIC_BASE: ReadonlyArray<number> = [3.0, 1.8, 1.0, 0.6, 0.25]

/** Prefix of `StoreNumber` (`ST0001`). */
export const STORE_NUMBER_PREFIX = "ST"

/** Columnar stores. */
export interface StoreTable {
  readonly length: number
  /** Street address (city, state, ZIP come from the geography). */
  readonly address: ReadonlyArray<string>
  readonly geographyId: Int32Array
  /** The serving DC: the nearest one. */
  readonly dcId: Int32Array
  /** Degrees, 5 decimals. */
  readonly latitude: Float64Array
  readonly longitude: Float64Array
  /** Index into `VOLUME_CLASSES`. */
  readonly volumeClass: Uint8Array
  /** Index into `FORMATS`. */
  readonly format: Uint8Array
  /** Opening hour 0–23 and closing hour 1–24 (24 = midnight; 0 and 24 = open around the clock). */
  readonly openHour: Uint8Array
  readonly closeHour: Uint8Array
  /** Relative daily traffic. */
  readonly trafficWeight: Float64Array
  readonly taxRateBps: Uint16Array
  readonly reducedTaxRateBps: Uint16Array
}

/** Whether store row `i` is open during hour `h` (0–23). */
export const isOpen = (stores: StoreTable, i: number, h: number): boolean =>
  h >= stores.openHour[i]! && h < stores.closeHour[i]!

/** Tax rate (bps) of store row `i` for a product taxability code (see `Products.TAXABILITIES`). */
export const taxRateFor = (stores: StoreTable, i: number, taxability: number): number =>
  taxability === 0 ? stores.taxRateBps[i]! : taxability === 2 ? stores.reducedTaxRateBps[i]! : 0
