/**
 * Products: a catalogue spread over the 13 departments of `Taxonomy` (by `DEPARTMENT_SHARES`,
 * evenly over each department's subcategories), with synthetic brands and companies.
 *
 * Pricing (integer cents, no floats on money):
 * - base price log-uniform in the category's band;
 * - `MSRP = base ± 15 %` (ending in 9 cents when that stays within the band);
 * - `SalePrice = MSRP` for about 60 % of products, otherwise 5–35 % below MSRP;
 * - `Cost` is 50–85 % of `SalePrice`, so `Cost < SalePrice ≤ MSRP`.
 *
 * Launch dates: without a horizon every product launched 14–2,000 days before the start date;
 * with `horizonDays > 1`, about 8 % launch during the run instead (day 1 … horizon − 1).
 * Popularity is the category weight × a log-normal factor (σ = 0.9), normalised to mean 1.
 *
 * Row `i` describes the product with ID `i + 1`.
 */
import type { Calendar } from "@retail-datagen/core"

/** Share of products sold at MSRP. */
export const AT_MSRP_SHARE = 0.6

/** Share of products launching during the run (when the horizon allows it). */
export const LAUNCH_DURING_SHARE = 0.08

/** Columnar products. */
export interface ProductTable {
  readonly length: number
  readonly productName: ReadonlyArray<string>
  /** Index into `brands`. */
  readonly brandId: Int32Array
  /** Index into `companies`. */
  readonly companyId: Int32Array
  /** Distinct brand names. */
  readonly brands: ReadonlyArray<string>
  /** Distinct company names. */
  readonly companies: ReadonlyArray<string>
  /** Company of each brand (index into `companies`). */
  readonly brandCompany: Int32Array
  /** Codes into `Taxonomy.DEPARTMENTS`, `CATEGORIES`, `SUBCATEGORIES`. */
  readonly department: Uint8Array
  readonly category: Uint16Array
  readonly subcategory: Uint16Array
  /** Cents. */
  readonly basePrice: Int32Array
  readonly msrp: Int32Array
  readonly salePrice: Int32Array
  readonly cost: Int32Array
  /** Code into `Taxonomy.STORAGES`; chilled and frozen require refrigeration. */
  readonly storage: Uint8Array
  readonly launchDate: Int32Array
  /** Code into `Taxonomy.TAXABILITIES`. */
  readonly taxability: Uint8Array
  /** Relative demand, mean 1 over the catalogue (6 decimals). */
  readonly popularity: Float64Array
}

/** Whether product row `i` must travel and be stored refrigerated. */
export const requiresRefrigeration = (products: ProductTable, i: number): boolean =>
  products.storage[i]! !== 0

/** Whether product row `i` can be sold on `day`. */
export const isLaunched = (products: ProductTable, i: number, day: Calendar.EpochDay): boolean =>
  products.launchDate[i]! <= day
