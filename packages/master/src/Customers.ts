/**
 * Customers: synthetic names (first and last drawn independently from dictionaries written for
 * the project), synthetic street addresses, a loyalty card, a fictional phone number
 * (`NNN-555-01XX`, the area code of the home city), a BLE device id and an advertising id, a
 * shopping segment (budget 35 %, convenience 25 %, quality 20 %, brand-loyal 20 %), a home
 * geography and their nearest stores.
 *
 * Customers live in geographies that have stores, in proportion to those stores' traffic,
 * scattered around the city centre; `nearestStoreIds` lists the `nearestCount` (3, or fewer
 * when the chain is smaller) nearest stores by distance, nearest first.
 *
 * Ids that must never collide (`LoyaltyCard`, `BLEId`, `AdId`) are bijections of the customer
 * id: `bleIdNumber(seed, n)` is distinct for every `n` in [0, 2^32), so a fact generator that
 * needs an anonymous device id takes `bleIdNumber(seed, customers + k)` for k ≥ 1 and can never
 * produce a customer's id.
 *
 * Row `i` describes the customer with ID `i + 1`.
 *
 * @example
 * import { Customers } from "@retail-datagen/master"
 * Customers.formatBleId(Customers.bleIdNumber(42, 1)) // "BLE" + 10 digits
 */
import { Hash, Ids } from "@retail-datagen/core"
import type { GeographyTable } from "./Geographies.js"
import { formatAddress } from "./internal/addresses.js"
import { idSalt } from "./internal/idSalt.js"
import {
  FIRST_NAMES as FIRST,
  LAST_NAMES as LAST,
  STREET_NAMES as STREETS,
  STREET_SUFFIXES as SUFFIXES
} from "./internal/names.js"

/** Segments, in code order. */
export const SEGMENTS: ReadonlyArray<string> = ["budget", "convenience", "quality", "brand_loyal"]

/** Target share of each segment. */
export const SEGMENT_SHARES: ReadonlyArray<number> = [0.35, 0.25, 0.2, 0.2]

/** Given names; `firstName` codes index this list. */
export const FIRST_NAMES: ReadonlyArray<string> = FIRST

/** Family names; `lastName` codes index this list. */
export const LAST_NAMES: ReadonlyArray<string> = LAST

/** Street names; `street` codes index this list. */
export const STREET_NAMES: ReadonlyArray<string> = STREETS

/** Street suffixes (`St`, `Ave`, …); `streetSuffix` codes index this list. */
export const STREET_SUFFIXES: ReadonlyArray<string> = SUFFIXES

/** How many nearest stores are listed per customer (fewer when the chain has fewer stores). */
export const NEAREST_STORES = 3

/** Prefixes and digit width of the text forms of the customer's device and card ids. */
export const BLE_PREFIX = "BLE"
export const AD_PREFIX = "AD"
export const LOYALTY_PREFIX = "LC"
export const ID_WIDTH = 10

/** Columnar customers. */
export interface CustomerTable {
  readonly length: number
  /** Index into `FIRST_NAMES` / `LAST_NAMES`. */
  readonly firstName: Uint16Array
  readonly lastName: Uint16Array
  /** Address parts (text: `addressOf`): house number, street (`STREET_NAMES`), suffix (`STREET_SUFFIXES`), unit (0 = none). */
  readonly houseNumber: Uint16Array
  readonly street: Uint8Array
  readonly streetSuffix: Uint8Array
  readonly unit: Uint8Array
  readonly geographyId: Int32Array
  /** Numbers behind `LC…`, `BLE…`, `AD…` (see `loyaltyNumber`, `bleIdNumber`, `adIdNumber`). */
  readonly loyaltyCard: Uint32Array
  readonly bleId: Uint32Array
  readonly adId: Uint32Array
  /** The `XX` of the phone number `NNN-555-01XX` (NNN: the home geography's area code; text: `phoneOf`). */
  readonly phoneLine: Uint8Array
  /** Index into `SEGMENTS`. */
  readonly segment: Uint8Array
  /** Home location, degrees (5 decimals). */
  readonly latitude: Float64Array
  readonly longitude: Float64Array
  /** Stores listed per customer: `min(NEAREST_STORES, stores)`. */
  readonly nearestCount: number
  /** Store ids, `nearestCount` per customer, nearest first: row `i` uses `[i*k, (i+1)*k)`. */
  readonly nearestStoreIds: Int32Array
}

/** The number behind customer `n`'s loyalty card (`LC` + 10 digits); bijective in `n`. */
export const loyaltyNumber = (seed: number, n: number): number => Hash.scramble(n, idSalt(seed, "loyalty"))

/** The number behind customer `n`'s BLE device id; bijective in `n` over [0, 2^32). */
export const bleIdNumber = (seed: number, n: number): number => Hash.scramble(n, idSalt(seed, "ble"))

/** The number behind customer `n`'s advertising id; bijective in `n` over [0, 2^32). */
export const adIdNumber = (seed: number, n: number): number => Hash.scramble(n, idSalt(seed, "ad"))

/** `BLE0123456789`. */
export const formatBleId = (x: number): string => Ids.format(BLE_PREFIX, x, ID_WIDTH)

/** `AD0123456789`. */
export const formatAdId = (x: number): string => Ids.format(AD_PREFIX, x, ID_WIDTH)

/** `LC0123456789`. */
export const formatLoyaltyCard = (x: number): string => Ids.format(LOYALTY_PREFIX, x, ID_WIDTH)

/** Street address of customer row `i` (`"4821 Maple Ave"`, `"17 Oak St Apt 4"`). */
export const addressOf = (customers: CustomerTable, i: number): string =>
  formatAddress(
    customers.houseNumber[i]!,
    customers.street[i]!,
    customers.streetSuffix[i]!,
    customers.unit[i]!
  )

/** Phone number of customer row `i`: `NNN-555-01XX`, NNN the area code of the home geography. */
export const phoneOf = (customers: CustomerTable, geographies: GeographyTable, i: number): string =>
  `${geographies.areaCode[customers.geographyId[i]! - 1]!}-555-01${Ids.pad(customers.phoneLine[i]!, 2)}`

/** The home store of customer row `i`: the nearest one (its DC is the customer's region). */
export const homeStoreId = (customers: CustomerTable, i: number): number =>
  customers.nearestStoreIds[i * customers.nearestCount]!
