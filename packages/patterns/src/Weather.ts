/**
 * Deterministic daily weather per region: each (seed, region, day) draws one condition from
 * the region's climate and the month, using the random stream `(seed, "weather", region, day)`
 * — so a region's weather never depends on which other regions or days are generated.
 * A condition changes store traffic (rain 0.9, snow 0.7, heat 0.95) and lifts or damps some
 * departments (heat → beverages, outdoor).
 *
 * @example
 * import { Calendar } from "@retail-datagen/core"
 * import { Weather } from "@retail-datagen/patterns"
 * const day = Calendar.parse("2024-01-15")
 * Weather.climateOf("Midwest") // "cold"
 * const c = Weather.condition(42, "Midwest", day) // "clear" | "rain" | "snow" | "heat"
 * Weather.TRAFFIC[c] // e.g. 0.7 for snow
 */
import { Calendar, Rng } from "@retail-datagen/core"
import * as Departments from "./Departments.js"

/** Weather conditions; a condition's code is its index here. */
export const CONDITIONS = ["clear", "rain", "snow", "heat"] as const
export type Condition = (typeof CONDITIONS)[number]

export const CLEAR = 0
export const RAIN = 1
export const SNOW = 2
export const HEAT = 3

/** Store traffic factor per condition. */
export const TRAFFIC: Readonly<Record<Condition, number>> = Object.freeze({
  clear: 1.0,
  rain: 0.9,
  snow: 0.7,
  heat: 0.95
})

/** Online traffic factor per condition (bad weather keeps people home, online). */
export const ONLINE_TRAFFIC: Readonly<Record<Condition, number>> = Object.freeze({
  clear: 1.0,
  rain: 1.05,
  snow: 1.15,
  heat: 1.02
})

/** Department effects per condition. */
export const CATEGORY_EFFECTS: Readonly<Record<Condition, Partial<Record<Departments.Department, number>>>> =
  {
    clear: {},
    rain: { "home & garden": 0.8, "seasonal & sports": 0.85, household: 1.05 },
    snow: { grocery: 1.15, household: 1.15, automotive: 1.3, "seasonal & sports": 1.1, "home & garden": 0.7 },
    heat: { beverages: 1.4, "seasonal & sports": 1.2, "home & garden": 1.1, grocery: 1.05 }
  }

/** Department lift vectors per condition code. */
export const CATEGORY_LIFTS: ReadonlyArray<Float64Array> = CONDITIONS.map((c) =>
  Departments.lifts(CATEGORY_EFFECTS[c])
)

/** Climate classes. */
export const CLIMATES = ["cold", "temperate", "hot", "mild"] as const
export type Climate = (typeof CLIMATES)[number]

/** Monthly (Jan…Dec) probabilities of rain, snow and heat per climate; the rest is clear. */
export const PROBABILITIES: Readonly<
  Record<
    Climate,
    {
      readonly rain: ReadonlyArray<number>
      readonly snow: ReadonlyArray<number>
      readonly heat: ReadonlyArray<number>
    }
  >
> = {
  cold: {
    rain: [0.08, 0.08, 0.12, 0.15, 0.15, 0.13, 0.12, 0.12, 0.12, 0.12, 0.12, 0.08],
    snow: [0.18, 0.16, 0.08, 0.02, 0, 0, 0, 0, 0, 0.01, 0.05, 0.14],
    heat: [0, 0, 0, 0, 0.02, 0.06, 0.1, 0.08, 0.02, 0, 0, 0]
  },
  temperate: {
    rain: [0.12, 0.12, 0.14, 0.15, 0.14, 0.12, 0.1, 0.1, 0.1, 0.12, 0.13, 0.13],
    snow: [0.07, 0.06, 0.03, 0, 0, 0, 0, 0, 0, 0, 0.01, 0.05],
    heat: [0, 0, 0, 0, 0.03, 0.08, 0.12, 0.1, 0.03, 0, 0, 0]
  },
  hot: {
    rain: [0.08, 0.08, 0.08, 0.07, 0.08, 0.12, 0.14, 0.14, 0.12, 0.08, 0.07, 0.08],
    snow: [0.01, 0.01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.01],
    heat: [0, 0, 0.01, 0.04, 0.1, 0.2, 0.25, 0.25, 0.15, 0.04, 0, 0]
  },
  mild: {
    rain: [0.18, 0.16, 0.13, 0.08, 0.04, 0.02, 0.01, 0.01, 0.02, 0.06, 0.12, 0.17],
    snow: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    heat: [0, 0, 0, 0.01, 0.02, 0.05, 0.08, 0.1, 0.08, 0.03, 0, 0]
  }
}

/** Region-name keywords → climate, checked in order (case-insensitive substring). */
export const CLIMATE_KEYWORDS: ReadonlyArray<readonly [string, Climate]> = [
  ["northwest", "temperate"],
  ["southwest", "hot"],
  ["northeast", "cold"],
  ["new england", "cold"],
  ["southeast", "hot"],
  ["mid-atlantic", "temperate"],
  ["midwest", "cold"],
  ["great lakes", "cold"],
  ["mountain", "cold"],
  ["plains", "cold"],
  ["alaska", "cold"],
  ["north", "cold"],
  ["gulf", "hot"],
  ["texas", "hot"],
  ["florida", "hot"],
  ["hawaii", "hot"],
  ["south", "hot"],
  ["california", "mild"],
  ["pacific", "mild"],
  ["west", "mild"]
]

/**
 * The climate of a region: an explicit entry of `overrides` (exact name) first, then the first
 * keyword of `CLIMATE_KEYWORDS` contained in the name, else `"temperate"`.
 */
export const climateOf = (region: string, overrides?: Readonly<Record<string, Climate>>): Climate => {
  const explicit = overrides?.[region]
  if (explicit !== undefined) return explicit
  const r = region.toLowerCase()
  for (const [k, c] of CLIMATE_KEYWORDS) if (r.includes(k)) return c
  return "temperate"
}

/** Condition code of `region` on `day` under `climate` (defaults to `climateOf(region)`). */
export const conditionCode = (
  seed: number,
  region: string,
  day: Calendar.EpochDay,
  climate: Climate = climateOf(region)
): number => {
  const p = PROBABILITIES[climate]
  const m = Calendar.month(day) - 1
  const u = Rng.make(seed, "weather", region, day).float()
  const snow = p.snow[m]!
  const rain = snow + p.rain[m]!
  const heat = rain + p.heat[m]!
  return u < snow ? SNOW : u < rain ? RAIN : u < heat ? HEAT : CLEAR
}

/** Condition of `region` on `day`. */
export const condition = (
  seed: number,
  region: string,
  day: Calendar.EpochDay,
  climate: Climate = climateOf(region)
): Condition => CONDITIONS[conditionCode(seed, region, day, climate)]!

/** Store traffic factor of per condition code (`TRAFFIC` as an array). */
export const TRAFFIC_BY_CODE: ReadonlyArray<number> = CONDITIONS.map((c) => TRAFFIC[c])
/** Online traffic factor per condition code. */
export const ONLINE_TRAFFIC_BY_CODE: ReadonlyArray<number> = CONDITIONS.map((c) => ONLINE_TRAFFIC[c])

/** Store traffic factor of the weather in `region` on `day`. */
export const traffic = (seed: number, region: string, day: Calendar.EpochDay, climate?: Climate): number =>
  TRAFFIC_BY_CODE[conditionCode(seed, region, day, climate)]!
