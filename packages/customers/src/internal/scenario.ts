/**
 * The shoppers' side of a scenario (docs/scenarios.md): quantities rescaled by a demand or price
 * factor, rounded with a hash keyed by the line so that no random stream is consumed — every
 * other draw of the store-day stays the same as in the baseline (common random numbers).
 */
import { Hash } from "@retail-datagen/core"
import { unit2 } from "./basket.js"

/** The customers package's hashing domain (the preferred brand's too; see `Hash.salt`). */
const DOMAIN = 0x27d4eb2f

/** The salt of the rounding hash of a run. */
export const roundingSalt = (seed: number): number => Hash.salt(seed, "scenario-quantity", DOMAIN)

/**
 * `qty × factor`, randomly rounded so that its mean is exact: ⌊qty·f + u⌋ with u uniform in [0, 1)
 * keyed by (store, day, visit, product). 0 means the shopper no longer wants the line.
 */
export const rescale = (
  qty: number,
  factor: number,
  s: number,
  storeId: number,
  day: number,
  visit: number,
  product: number
): number => Math.floor(qty * factor + unit2(s ^ Hash.mix32(day), storeId * 100_000 + visit, product))

/** A price in cents × factor, to the nearest cent (at least 1 cent). */
export const reprice = (cents: number, factor: number): number => Math.max(1, Math.round(cents * factor))

/** The salt of the hash that picks a closed store's redirected visits. */
export const redirectSalt = (seed: number): number => Hash.salt(seed, "scenario-redirect", DOMAIN)

/** A uniform number in [0, 1) keyed by (closed store, day, visit): the visit is redirected when below the share. */
export const redirectDraw = (s: number, storeId: number, day: number, visit: number): number =>
  unit2(s ^ Hash.mix32(day), storeId, visit)

/**
 * Second `sec` of a day open `[from, to)` moved to the same position in `[open, close)`: a
 * redirected visit keeps its place in the day within the host store's hours.
 */
export const mapSecond = (sec: number, from: number, to: number, open: number, close: number): number =>
  to - from === close - open
    ? sec - from + open
    : Math.min(close - 1, open + Math.floor(((sec - from) * (close - open)) / (to - from)))
