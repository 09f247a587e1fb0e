/**
 * Geographies: real US cities (city, state, a real ZIP code, centre coordinates) sampled from a
 * dictionary written for the project, weighted toward large metros. The District is the metro
 * area the chain groups a city under; the Region is one of the chain's seven regions.
 *
 * Row `i` of every column describes the geography with ID `i + 1`.
 *
 * @example
 * import { Master, MasterSpec } from "@retail-datagen/master"
 * const m = Master.generateMaster(MasterSpec.make({ stores: 10, dcs: 2, customers: 100, products: 50 }))
 * m.geographies.city[0] // e.g. "New York"
 */
import { CITIES } from "./internal/cities.js"

/** Number of cities in the dictionary: the largest `geographies` a spec may ask for. */
export const CITY_COUNT: number = CITIES.length

/** The chain's regions. */
export const REGIONS: ReadonlyArray<string> = [
  "Northeast",
  "Mid-Atlantic",
  "Southeast",
  "South Central",
  "Midwest",
  "Mountain",
  "Pacific"
]

/** Columnar geographies. */
export interface GeographyTable {
  readonly length: number
  readonly city: ReadonlyArray<string>
  /** Two-letter state (or `DC`). */
  readonly state: ReadonlyArray<string>
  /** Five-digit ZIP code (text: leading zeros matter). */
  readonly zipCode: ReadonlyArray<string>
  /** Metro area. */
  readonly district: ReadonlyArray<string>
  readonly region: ReadonlyArray<string>
  /** City centre, degrees (4 decimals). */
  readonly latitude: Float64Array
  readonly longitude: Float64Array
  /** Sampling weight: approximate population in thousands. */
  readonly metroWeight: Float64Array
  /** Telephone area code of the city. */
  readonly areaCode: Uint16Array
  /** Combined state + local sales tax rate, basis points. */
  readonly taxRateBps: Uint16Array
}
