/**
 * Customer segments and what they change in a shopping trip. The segment of a customer is the
 * master `customers.Segment` column (`Customers.SEGMENTS`: budget 35 %, convenience 25 %,
 * quality 20 %, brand-loyal 20 %); every table below is indexed by that code.
 *
 * | segment | behaviour mix (quick / grocery / family / bulk) | price tilt | brand loyalty | promo propensity | tender (credit / debit / cash / mobile) |
 * |---|---|---|---|---|---|
 * | budget | 25 / 40 / 22 / 13 % | −1.2 (cheaper) | 0.10 | 0.24 | 36 / 32 / 24 / 8 % |
 * | convenience | 55 / 28 / 12 / 5 % | 0 | 0.15 | 0.09 | 40 / 28 / 16 / 16 % |
 * | quality | 30 / 42 / 22 / 6 % | +1.0 (premium) | 0.25 | 0.08 | 46 / 30 / 16 / 8 % |
 * | brand-loyal | 30 / 38 / 24 / 8 % | 0 | 0.75 | 0.12 | 41 / 29 / 22 / 8 % |
 *
 * - **Price tilt** `γ`: within a category a product's popularity is multiplied by
 *   `(SalePrice / category geometric-mean price)^γ`.
 * - **Brand loyalty**: the probability that a line is taken from the customer's preferred brand
 *   of that category (a keyed hash of (seed, customer, category) picks it by popularity).
 * - **House brand** (brand-loyal only, `HOUSE_BRAND`): the probability that a line is taken from
 *   the customer's house brand of its department (kept across the department's categories).
 * - **Promo propensity**: the probability that a receipt redeems a promotion (×
 *   `CHAIN_PROMO_BOOST` on days with a chain-wide promotion) — about 15 % of receipts overall.
 * - **Tender**: weighted by the segment shares the mixes give 40 / 30 / 20 / 10 overall.
 *
 * @example
 * import { Segments } from "@retail-datagen/customers"
 * Segments.NAMES[Segments.QUALITY]       // "quality"
 * Segments.PRICE_TILT[Segments.BUDGET]   // -1.2
 */
import { Customers } from "@retail-datagen/master"

/** Segment codes (the master `customers.segment` values). */
export const BUDGET = 0
export const CONVENIENCE = 1
export const QUALITY = 2
export const BRAND_LOYAL = 3

/** Segment names, in code order. */
export const NAMES: ReadonlyArray<string> = Customers.SEGMENTS

/** Number of segments. */
export const COUNT = 4

/** Behaviour mix per segment (`Behaviours` order: quick trip, grocery run, family shopping, bulk). */
export const BEHAVIOUR_MIX: ReadonlyArray<ReadonlyArray<number>> = [
  [0.25, 0.4, 0.22, 0.13],
  [0.55, 0.28, 0.12, 0.05],
  [0.3, 0.42, 0.22, 0.06],
  [0.3, 0.38, 0.24, 0.08]
]

/** Price-tilt exponent per segment (negative: cheaper items; positive: premium items). */
export const PRICE_TILT: ReadonlyArray<number> = [-1.2, 0, 1.0, 0]

/** Probability that a line comes from the customer's preferred brand of its category. */
export const BRAND_LOYALTY: ReadonlyArray<number> = [0.1, 0.15, 0.25, 0.75]

/**
 * Probability that a line is taken from the customer's house brand of its department (a brand
 * kept across the department's categories), before the category is drawn: what makes
 * brand-loyal shoppers repeat their brands across visits and categories.
 */
export const HOUSE_BRAND: ReadonlyArray<number> = [0, 0, 0, 0.9]

/** Probability that a receipt redeems a promotion, per segment. */
export const PROMO_PROPENSITY: ReadonlyArray<number> = [0.24, 0.09, 0.08, 0.12]

/** Factor on `PROMO_PROPENSITY` on days when a chain-wide (patterns) promotion runs. */
export const CHAIN_PROMO_BOOST = 1.25

/** Store tender mix per segment (receipts `TenderType` order: credit, debit, cash, mobile). */
export const TENDER_MIX: ReadonlyArray<ReadonlyArray<number>> = [
  [36, 32, 24, 8],
  [40, 28, 16, 16],
  [46, 30, 16, 8],
  [41, 29, 22, 8]
]

/** Segment code of customer row `i` (ID `i + 1`). */
export const of = (customers: Customers.CustomerTable, i: number): number => customers.segment[i]!
