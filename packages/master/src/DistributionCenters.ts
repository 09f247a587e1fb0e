/**
 * Distribution centres: placed in high-weight geographies (one per geography while there are
 * enough), on the outskirts of the city (3–12 km from its centre). Stores may only open in
 * states that have a DC, and each store is served by its nearest DC.
 *
 * Row `i` describes the DC with ID `i + 1`; its `DCNumber` is `DC` + the id on 3 digits.
 */

/** Prefix of `DCNumber` (`DC001`). */
export const DC_NUMBER_PREFIX = "DC"

/** Columnar distribution centres. */
export interface DcTable {
  readonly length: number
  /** Street address in an industrial park (city, state, ZIP come from the geography). */
  readonly address: ReadonlyArray<string>
  readonly geographyId: Int32Array
  /** Degrees, 5 decimals. */
  readonly latitude: Float64Array
  readonly longitude: Float64Array
}
