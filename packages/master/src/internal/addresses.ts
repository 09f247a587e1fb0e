/**
 * Synthetic street addresses: a house number, a street name and a suffix, optionally a unit.
 * Customers keep the parts as small codes and the text is built on demand from precomputed
 * pieces (one concatenation per address).
 */
import type { Rng } from "@retail-datagen/core"
import { INDUSTRIAL_STREETS, INDUSTRIAL_SUFFIXES, STREET_NAMES, STREET_SUFFIXES } from "./names.js"

/** House number: 100–9999 for 70 % of addresses, 1–99 otherwise. */
export const houseNumber = (rng: Rng.Stream): number =>
  rng.chance(0.7) ? rng.int(100, 9999) : rng.int(1, 99)

/** Highest unit number (`Apt 1` … `Apt 40`); 0 = no unit. */
export const MAX_UNIT = 40

/** `"4821 Maple Ave"` or `"17 Oak St Apt 4"` (unit with probability `unitChance`). */
export const street = (rng: Rng.Stream, unitChance: number): string => {
  const num = houseNumber(rng)
  const name = rng.int(0, STREET_NAMES.length - 1)
  const suffix = rng.int(0, STREET_SUFFIXES.length - 1)
  const unit = rng.chance(unitChance) ? rng.int(1, MAX_UNIT) : 0
  return formatAddress(num, name, suffix, unit)
}

let numbers: Array<string> | undefined
let streets: Array<string> | undefined
let units: Array<string> | undefined
/** `street + unit` texts by `(street * STREET_SUFFIXES.length + suffix) * (MAX_UNIT + 1) + unit`, filled on use. */
let tails: Array<string | undefined> | undefined

/** Address text from its parts (lookup tables built on first use): one concatenation. */
export const formatAddress = (num: number, name: number, suffix: number, unit: number): string => {
  if (numbers === undefined || streets === undefined || units === undefined || tails === undefined) {
    numbers = Array.from({ length: 10000 }, (_, i) => `${i} `)
    streets = []
    for (const n of STREET_NAMES) for (const s of STREET_SUFFIXES) streets.push(`${n} ${s}`)
    units = Array.from({ length: MAX_UNIT + 1 }, (_, i) => (i === 0 ? "" : ` Apt ${i}`))
    tails = new Array<string | undefined>(streets.length * (MAX_UNIT + 1)).fill(undefined)
  }
  const s = name * STREET_SUFFIXES.length + suffix
  const tail = (tails[s * (MAX_UNIT + 1) + unit] ??= streets[s]! + units[unit]!)
  return numbers[num]! + tail
}

/** `"2500 Logistics Pkwy"`: an address in an industrial park. */
export const industrial = (rng: Rng.Stream): string => {
  const num = rng.int(10, 99) * 100
  const name = INDUSTRIAL_STREETS[rng.int(0, INDUSTRIAL_STREETS.length - 1)]!
  const suffix = INDUSTRIAL_SUFFIXES[rng.int(0, INDUSTRIAL_SUFFIXES.length - 1)]!
  return `${num} ${name} ${suffix}`
}
