/**
 * The product taxonomy: 13 departments → categories → subcategories, with a base-price band,
 * storage (ambient / chilled / frozen) and taxability per category. Product columns store
 * indices into these lists.
 *
 * @example
 * import { Taxonomy } from "@retail-datagen/master"
 * const c = Taxonomy.categoryIndex("Grilling")
 * Taxonomy.DEPARTMENTS[Taxonomy.CATEGORY_DEPARTMENT[c]] // "Home & Garden"
 */
import { TAXONOMY } from "./internal/taxonomy.js"

/** Storage classes, in code order. Chilled and frozen products require refrigeration. */
export const STORAGES: ReadonlyArray<string> = ["ambient", "chilled", "frozen"]

/**
 * Taxabilities, in code order: `taxable` pays the store's rate, `exempt_food` pays nothing,
 * `reduced` pays the store's reduced rate (see `Stores.taxRateFor`).
 */
export const TAXABILITIES: ReadonlyArray<string> = ["taxable", "exempt_food", "reduced"]

/** Department names, in code order. */
export const DEPARTMENTS: ReadonlyArray<string> = TAXONOMY.departments.map((d) => d.name)

/** Share of the catalogue per department, percent. */
export const DEPARTMENT_SHARES: ReadonlyArray<number> = TAXONOMY.departments.map((d) => d.share)

/** Category names, in code order (grouped by department). */
export const CATEGORIES: ReadonlyArray<string> = TAXONOMY.categories.map((c) => c.name)

/** Department code of each category. */
export const CATEGORY_DEPARTMENT: Uint8Array = Uint8Array.from(TAXONOMY.categories, (c) => c.department)

/** Base-price band of each category, in cents (inclusive). */
export const CATEGORY_PRICE_LOW: Int32Array = Int32Array.from(TAXONOMY.categories, (c) => c.lowCents)
export const CATEGORY_PRICE_HIGH: Int32Array = Int32Array.from(TAXONOMY.categories, (c) => c.highCents)

/** Storage code of each category (index into `STORAGES`). */
export const CATEGORY_STORAGE: Uint8Array = Uint8Array.from(TAXONOMY.categories, (c) =>
  STORAGES.indexOf(c.storage)
)

/** Taxability code of each category (index into `TAXABILITIES`). */
export const CATEGORY_TAXABILITY: Uint8Array = Uint8Array.from(TAXONOMY.categories, (c) =>
  TAXABILITIES.indexOf(c.taxability)
)

/** Relative popularity of each category (multiplies product popularity). */
export const CATEGORY_WEIGHT: Float64Array = Float64Array.from(TAXONOMY.categories, (c) => c.weight)

/** Subcategory names, in code order (grouped by category). */
export const SUBCATEGORIES: ReadonlyArray<string> = TAXONOMY.subcategories.map((s) => s.name)

/** Category code of each subcategory. */
export const SUBCATEGORY_CATEGORY: Uint16Array = Uint16Array.from(TAXONOMY.subcategories, (s) => s.category)

/** Code of a department by name; throws a `RangeError` listing the names when absent. */
export const departmentIndex = (name: string): number => indexIn(DEPARTMENTS, name, "department")

/** Code of a category by name; throws a `RangeError` when absent. */
export const categoryIndex = (name: string): number => indexIn(CATEGORIES, name, "category")

/** Code of a subcategory by name; throws a `RangeError` when absent. */
export const subcategoryIndex = (name: string): number => indexIn(SUBCATEGORIES, name, "subcategory")

const indexIn = (xs: ReadonlyArray<string>, name: string, what: string): number => {
  const i = xs.indexOf(name)
  if (i < 0) throw new RangeError(`no ${what} named "${name}"; known: ${xs.join(", ")}`)
  return i
}
