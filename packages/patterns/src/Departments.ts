/**
 * The 13 product departments that demand lifts are keyed by, in a fixed order. Lifts are stored
 * in `Float64Array`s indexed by this order, so a hot loop maps a product's department to its
 * index once (`indexOf`) and afterwards does array lookups only.
 *
 * The names are exactly the `Department` values of `products_master` (lower-case).
 *
 * @example
 * import { Departments } from "@retail-datagen/patterns"
 * Departments.indexOf("Electronics") // 5
 * Departments.DEPARTMENTS[5]         // "electronics"
 */

/** Department keys, lower-case, in index order. */
export const DEPARTMENTS = [
  "grocery",
  "beverages",
  "household",
  "personal care",
  "health & beauty",
  "electronics",
  "clothing",
  "home & garden",
  "baby & kids",
  "pet",
  "automotive",
  "office",
  "seasonal & sports"
] as const

/** A department key. */
export type Department = (typeof DEPARTMENTS)[number]

/** Number of departments (the stride of per-day lift tables). */
export const COUNT = DEPARTMENTS.length

const INDEX = new Map<string, number>(DEPARTMENTS.map((d, i) => [d, i]))

/**
 * Index of a department name (case-insensitive, surrounding blanks ignored), or `-1` when the
 * name is not one of `DEPARTMENTS` (such departments get no lifts: 1.0).
 */
export const indexOf = (name: string): number => {
  const exact = INDEX.get(name)
  if (exact !== undefined) return exact
  return INDEX.get(name.trim().toLowerCase()) ?? -1
}

/** True when `name` is exactly one of `DEPARTMENTS`. */
export const isDepartment = (name: string): name is Department => INDEX.has(name)

/**
 * A lift vector (one factor per department, all 1) built from a partial record, e.g.
 * `{ electronics: 1.5 }`. Used to declare category effects as data.
 */
export const lifts = (record: Partial<Record<Department, number>>): Float64Array => {
  const out = new Float64Array(COUNT).fill(1)
  for (const [name, v] of Object.entries(record)) {
    const i = indexOf(name)
    if (i < 0) throw new RangeError(`unknown department "${name}"`)
    out[i] = v as number
  }
  return out
}
