/**
 * Options of the sensors plugin: defaults, validation and the tagged error naming the bad field.
 */
import { Schema } from "effect"

/** Options of `Sensors.plugin`; every field is optional. */
export interface Options {
  /**
   * Range `[min, max]` of the target conversion (receipts ÷ entrances) of a store-day, drawn
   * triangular between the two (mean = midpoint). Default `[0.12, 0.28]`; `0 < min ≤ max < 1`.
   */
  readonly conversion?: readonly [number, number]
  /** Expected share of visitors carrying the store app (BLE device). Default 0.25; 0–1. */
  readonly appShare?: number
  /** Target share of pings sent by known customers (receipts with a CustomerID). Default 1/3; 0–1. */
  readonly knownPingShare?: number
  /** Mean seconds between two pings of one device (±25 % jitter). Default 60; integer 5–3,600. */
  readonly pingIntervalSec?: number
  /** People-counter interval in minutes; must divide 60. Default 15. */
  readonly intervalMinutes?: number
}

/** Options with every default applied. */
export interface Resolved {
  readonly conversionMin: number
  readonly conversionMax: number
  readonly appShare: number
  readonly knownPingShare: number
  readonly pingIntervalSec: number
  readonly intervalMinutes: number
}

/** Defaults of `Options`. */
export const DEFAULTS = {
  conversion: [0.12, 0.28] as const,
  appShare: 0.25,
  knownPingShare: 1 / 3,
  pingIntervalSec: 60,
  intervalMinutes: 15
} as const

/** An option of `Sensors.plugin` is out of range. */
export class SensorsOptionsError extends Schema.TaggedError<SensorsOptionsError>()("SensorsOptionsError", {
  field: Schema.String,
  expected: Schema.String,
  actual: Schema.String
}) {
  override get message(): string {
    return `sensors options: ${this.field} must be ${this.expected}, got ${this.actual}`
  }
}

const show = (v: unknown): string => {
  try {
    return JSON.stringify(v) ?? String(v)
  } catch {
    return String(v)
  }
}

const fail = (field: string, expected: string, actual: unknown): never => {
  throw new SensorsOptionsError({ field, expected, actual: show(actual) })
}

const share = (field: string, v: unknown, dflt: number): number => {
  if (v === undefined) return dflt
  if (typeof v !== "number" || !(v >= 0 && v <= 1)) fail(field, "a number from 0 to 1", v)
  return v as number
}

const VALID_INTERVALS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60]

/** Applies defaults and checks ranges; throws a `SensorsOptionsError` naming the first bad field. */
export const resolve = (o: Options = {}): Resolved => {
  const c = o.conversion ?? DEFAULTS.conversion
  if (!Array.isArray(c) || c.length !== 2) fail("conversion", "a pair [min, max]", c)
  const [min, max] = c
  if (typeof min !== "number" || !(min > 0 && min < 1)) fail("conversion[0]", "a number in (0, 1)", min)
  if (typeof max !== "number" || !(max >= min && max < 1))
    fail("conversion[1]", `a number in [conversion[0] = ${min}, 1)`, max)
  const ping = o.pingIntervalSec ?? DEFAULTS.pingIntervalSec
  if (!(Number.isInteger(ping) && ping >= 5 && ping <= 3600))
    fail("pingIntervalSec", "an integer from 5 to 3600", ping)
  const interval = o.intervalMinutes ?? DEFAULTS.intervalMinutes
  if (!VALID_INTERVALS.includes(interval))
    fail("intervalMinutes", `a divisor of 60 (${VALID_INTERVALS.join(", ")})`, interval)
  return {
    conversionMin: min,
    conversionMax: max,
    appShare: share("appShare", o.appShare, DEFAULTS.appShare),
    knownPingShare: share("knownPingShare", o.knownPingShare, DEFAULTS.knownPingShare),
    pingIntervalSec: ping,
    intervalMinutes: interval
  }
}
