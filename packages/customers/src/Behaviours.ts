/**
 * Shopping behaviours: what kind of trip a visit is. A customer's segment picks the behaviour
 * (`Segments.BEHAVIOUR_MIX`); the behaviour sets the number of lines, the department mix, a
 * few category preferences and how often a line has more than one unit.
 *
 * | behaviour | base lines | multi-unit lines | max qty | department mix (top) |
 * |---|---|---|---|---|
 * | quick trip | 1.6 | 8 % | 4 | grocery 45, beverages 22, personal care 6, health & beauty 6 |
 * | grocery run | 4.5 | 18 % | 6 | grocery 58, beverages 14, household 8, personal care 6 |
 * | family shopping | 8 | 22 % | 6 | grocery 34, clothing 10, beverages 10, household 8, … |
 * | bulk | 7 | 45 % | 12 | grocery 34, household 18, beverages 16, personal care 8, pet 6 |
 *
 * **Lines.** A basket has `1 + Poisson(λ_b)` lines with `λ_b = k × (base_b − 1)`; `calibrate`
 * chooses `k` so that the mean over segments (weighted by their shares) and their behaviour
 * mixes equals the target (`itemsPerTicketMean`). **Quantities**: a line has one unit, or with
 * the behaviour's multi-unit probability `2 + ⌊(max − 1)·u²⌋` units (2 most often); items over
 * `SINGLE_UNIT_ABOVE` cents are always single.
 *
 * @example
 * import { Behaviours } from "@retail-datagen/customers"
 * Behaviours.NAMES[Behaviours.FAMILY_SHOPPING]                 // "family_shopping"
 * Behaviours.calibrate(4.2, [0.35, 0.25, 0.2, 0.2])            // λ per behaviour
 */
import { Departments } from "@retail-datagen/patterns"
import * as Segments from "./Segments.js"

/** Behaviour codes. */
export const QUICK_TRIP = 0
export const GROCERY_RUN = 1
export const FAMILY_SHOPPING = 2
export const BULK = 3

/** Behaviour names, in code order. */
export const NAMES: ReadonlyArray<string> = ["quick_trip", "grocery_run", "family_shopping", "bulk"]

/** Number of behaviours. */
export const COUNT = 4

/** Uncalibrated mean number of lines per behaviour (the ratios are kept by `calibrate`). */
export const BASE_LINES: ReadonlyArray<number> = [1.6, 4.5, 8, 7]

/** Probability that a line has more than one unit. */
export const MULTI_UNIT: ReadonlyArray<number> = [0.08, 0.18, 0.22, 0.45]

/** Largest quantity of a line. */
export const MAX_QTY: ReadonlyArray<number> = [4, 6, 6, 12]

/** Products dearer than this (cents) are bought one at a time. */
export const SINGLE_UNIT_ABOVE = 5000

/**
 * Department weights per behaviour, indexed like patterns `Departments.DEPARTMENTS` (grocery,
 * beverages, household, personal care, health & beauty, electronics, clothing, home & garden,
 * baby & kids, pet, automotive, office, seasonal & sports). Each row sums to 100.
 */
export const DEPARTMENT_MIX: ReadonlyArray<ReadonlyArray<number>> = [
  [45, 22, 4, 6, 6, 3, 1, 2, 2, 3, 2, 2, 2],
  [58, 14, 8, 6, 4, 1, 1, 1, 2, 3, 0.5, 0.5, 1],
  [34, 10, 8, 7, 6, 5, 10, 6, 6, 3, 1, 2, 2],
  [34, 16, 18, 8, 4, 2, 2, 3, 4, 6, 1, 1, 1]
]

/**
 * Category preferences per behaviour (category names of the master taxonomy → factor on the
 * category's popularity within its department); unlisted categories keep factor 1.
 */
export const CATEGORY_BOOSTS: ReadonlyArray<Readonly<Record<string, number>>> = [
  { Snacks: 2, "Soft Drinks": 2, "Sports & Energy": 2, Bakery: 1.5, "Dairy & Eggs": 1.3, Water: 1.5 },
  { Produce: 1.3, "Dairy & Eggs": 1.3, "Meat & Seafood": 1.2, Bakery: 1.2 },
  { Produce: 1.2, "Meat & Seafood": 1.3, Breakfast: 1.3, "Kids' Clothing": 1.5, Toys: 1.5, Diapering: 1.3 },
  {
    Pantry: 1.5,
    Frozen: 1.3,
    Water: 2,
    "Paper Goods": 3,
    Laundry: 2,
    "Storage & Trash": 1.5,
    Diapering: 2,
    Dog: 1.5,
    Cat: 1.5
  }
]

/** The department mixes as a flat `COUNT × Departments.COUNT` array (row = behaviour). */
export const departmentMixFlat = (): Float64Array => {
  const out = new Float64Array(COUNT * Departments.COUNT)
  for (let b = 0; b < COUNT; b++)
    for (let d = 0; d < Departments.COUNT; d++) out[b * Departments.COUNT + d] = DEPARTMENT_MIX[b]![d]!
  return out
}

/** Share of visits of each behaviour given segment shares (`Segments.BEHAVIOUR_MIX` weighted). */
export const shares = (segmentShares: ArrayLike<number>): Float64Array => {
  const out = new Float64Array(COUNT)
  let total = 0
  for (let g = 0; g < Segments.COUNT; g++) total += segmentShares[g] ?? 0
  for (let g = 0; g < Segments.COUNT; g++) {
    const w = (segmentShares[g] ?? 0) / (total > 0 ? total : 1)
    for (let b = 0; b < COUNT; b++) out[b] = out[b]! + w * Segments.BEHAVIOUR_MIX[g]![b]!
  }
  return out
}

/**
 * Poisson means `λ_b` (lines = 1 + Poisson(λ_b)) so that the mean number of lines over visits —
 * segments in `segmentShares`, behaviours by their segment mixes — is `meanLines` (≥ 1).
 * Throws a `RangeError` for a mean below 1 (every basket has at least one line).
 */
export const calibrate = (meanLines: number, segmentShares: ArrayLike<number>): Float64Array => {
  if (!(meanLines >= 1 && Number.isFinite(meanLines)))
    throw new RangeError(`mean lines per basket must be a number ≥ 1, got ${meanLines}`)
  const s = shares(segmentShares)
  let extra = 0
  for (let b = 0; b < COUNT; b++) extra += s[b]! * (BASE_LINES[b]! - 1)
  const k = (meanLines - 1) / extra
  const out = new Float64Array(COUNT)
  for (let b = 0; b < COUNT; b++) out[b] = k * (BASE_LINES[b]! - 1)
  return out
}
