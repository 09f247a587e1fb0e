/**
 * Exposure: which customers saw a campaign recently, and what that does to their behaviour.
 *
 * The marketing plugin records every impression resolved to a customer; shopper plugins read
 * the result through the `ExposureService` (the plugin's service, reached with
 * `ctx.service("marketing")`). A customer whose latest impression before day `d` was on one of
 * the `lookbackDays` days before `d` (days `d − lookbackDays … d − 1`) visits `lift` times as
 * often and is nudged to the department that campaign promotes. Impressions of day `d` itself
 * count from day `d + 1`, so an ad never causes a visit earlier the same day, and the answer
 * for day `d` does not depend on whether the marketing plugin has already stepped through `d`.
 *
 * State is compact: per customer the day, second and department of the latest exposure, and
 * the day and department of the latest exposure on an earlier day (14 bytes per customer).
 *
 * @example
 * import { Exposure } from "@retail-datagen/marketing"
 * const t = Exposure.tracker(1000, { lift: 1.3, lookbackDays: 7 })
 * t.record(41, 19723, 36000, 5)    // customer 42 (row 41) saw an electronics ad on day 19723
 * t.visitLift(42, 19723)           // 1: the impression counts from the next day
 * t.visitLift(42, 19724)           // 1.3
 * t.promotedDepartment(42, 19730)  // 5 (day 19723 + 7)
 * t.visitLift(42, 19731)           // 1: older than 7 days
 */

import type { Services } from "@retail-datagen/core"

/** What shopper plugins read: the contract declared once in core (`Services.ExposureService`). */
export type ExposureService = Services.ExposureService

/** How exposure acts. */
export interface Settings {
  /** Visit multiplier of an exposed customer (≥ 1). */
  readonly lift: number
  /** How many days an impression keeps acting (≥ 1). */
  readonly lookbackDays: number
  /** Save the acting exposures' ImpressionIds too (for the ground truth's attribution). */
  readonly attribution?: boolean | undefined
}

/** No exposure: lift 1 and no promoted department for everyone. */
export const none: ExposureService = {
  visitLift: () => 1,
  promotedDepartment: () => -1
}

const NEVER = -2147483648

/** Saved form of a tracker (JSON-compatible): exposures that can still act after `day`. */
export interface Saved {
  /** The last day recorded before saving. */
  readonly day: number
  /** Flat triples: customer row, day of the latest exposure, department. */
  readonly exposures: ReadonlyArray<number>
  /** The ImpressionId number of each triple's exposure (`null`: unknown); absent in older saves. */
  readonly impressions?: ReadonlyArray<number | null> | undefined
}

/** A saved tracker that cannot be restored (wrong shape or values). */
export class InvalidSavedExposure extends TypeError {
  readonly _tag = "InvalidSavedExposure"
  constructor(readonly reason: string) {
    super(`saved marketing exposure is invalid: ${reason}`)
    this.name = "InvalidSavedExposure"
  }
}

/** Latest exposures per customer; implements `ExposureService`. */
export class Tracker implements ExposureService {
  readonly customers: number
  readonly settings: Settings
  /** Latest exposure: day, second of day, department. */
  private readonly day1: Int32Array
  private readonly sec1: Int32Array
  private readonly dept1: Int8Array
  /** ImpressionId number of the latest exposure (NaN: not given). */
  private readonly imp1: Float64Array
  /** Latest exposure on a day before `day1`. */
  private readonly day0: Int32Array
  private readonly dept0: Int8Array
  private readonly imp0: Float64Array

  constructor(customers: number, settings: Settings) {
    this.customers = customers
    this.settings = settings
    this.day1 = new Int32Array(customers).fill(NEVER)
    this.sec1 = new Int32Array(customers)
    this.dept1 = new Int8Array(customers).fill(-1)
    this.imp1 = new Float64Array(customers).fill(Number.NaN)
    this.day0 = new Int32Array(customers).fill(NEVER)
    this.dept0 = new Int8Array(customers).fill(-1)
    this.imp0 = new Float64Array(customers).fill(Number.NaN)
  }

  /**
   * Records that customer row `row` (CustomerID − 1) saw an impression promoting `department`
   * at `second` of `day`, with the impression's `ImpressionId` number when known (the ground
   * truth's attribution reads it back). Days come in nondecreasing order; within a day the
   * latest second wins (ties: the last recorded).
   */
  record(row: number, day: number, second: number, department: number, impression = Number.NaN): void {
    const d1 = this.day1[row]!
    if (d1 === day) {
      if (second >= this.sec1[row]!) {
        this.sec1[row] = second
        this.dept1[row] = department
        this.imp1[row] = impression
      }
      return
    }
    if (d1 > day) return
    this.day0[row] = d1
    this.dept0[row] = this.dept1[row]!
    this.imp0[row] = this.imp1[row]!
    this.day1[row] = day
    this.sec1[row] = second
    this.dept1[row] = department
    this.imp1[row] = impression
  }

  /** Row of the latest exposure before `day` that still acts on `day`: 1 = latest, 0 = earlier, −1 none. */
  private acting(row: number, day: number): number {
    const d1 = this.day1[row]!
    const slot = d1 < day ? 1 : 0
    const e = slot === 1 ? d1 : this.day0[row]!
    return e !== NEVER && e < day && e >= day - this.settings.lookbackDays ? slot : -1
  }

  /** The day of the exposure acting on `customerId` on `day`, or `undefined`. */
  exposedOn(customerId: number, day: number): number | undefined {
    const row = customerId - 1
    if (!(row >= 0 && row < this.customers)) return undefined
    const s = this.acting(row, day)
    return s < 0 ? undefined : s === 1 ? this.day1[row]! : this.day0[row]!
  }

  /** The `ImpressionId` number of the exposure acting on `customerId` on `day`; NaN when none (or unknown). */
  impression(customerId: number, day: number): number {
    const row = customerId - 1
    if (!(row >= 0 && row < this.customers)) return Number.NaN
    const s = this.acting(row, day)
    return s < 0 ? Number.NaN : s === 1 ? this.imp1[row]! : this.imp0[row]!
  }

  visitLift(customerId: number, day: number): number {
    const row = customerId - 1
    if (!(row >= 0 && row < this.customers)) return 1
    return this.acting(row, day) < 0 ? 1 : this.settings.lift
  }

  promotedDepartment(customerId: number, day: number): number {
    const row = customerId - 1
    if (!(row >= 0 && row < this.customers)) return -1
    const s = this.acting(row, day)
    return s < 0 ? -1 : s === 1 ? this.dept1[row]! : this.dept0[row]!
  }

  /**
   * The exposures that can still act after `day` (the last day recorded): those of the
   * customers whose latest exposure is within `lookbackDays` of `day + 1`.
   */
  save(day: number): Saved {
    const from = day + 1 - this.settings.lookbackDays
    const exposures: Array<number> = []
    const impressions: Array<number | null> = []
    for (let row = 0; row < this.customers; row++) {
      const d1 = this.day1[row]!
      if (d1 >= from && d1 <= day) {
        exposures.push(row, d1, this.dept1[row]!)
        const imp = this.imp1[row]!
        impressions.push(Number.isNaN(imp) ? null : imp)
      }
    }
    return this.settings.attribution === true ? { day, exposures, impressions } : { day, exposures }
  }

  /** Replays a saved tracker into this (fresh) one; throws `InvalidSavedExposure` on bad input. */
  restore(saved: unknown): number {
    if (typeof saved !== "object" || saved === null) throw new InvalidSavedExposure("not an object")
    const { day, exposures, impressions } = saved as Record<string, unknown>
    if (!Number.isSafeInteger(day)) throw new InvalidSavedExposure("day is not an integer")
    if (!Array.isArray(exposures) || exposures.length % 3 !== 0)
      throw new InvalidSavedExposure("exposures is not a list of (customer, day, department) triples")
    if (
      impressions !== undefined &&
      !(Array.isArray(impressions) && impressions.length * 3 === exposures.length)
    )
      throw new InvalidSavedExposure("impressions is not one ImpressionId per exposure")
    for (let i = 0; i < exposures.length; i += 3) {
      const row = exposures[i]
      const d = exposures[i + 1]
      const dept = exposures[i + 2]
      if (!(Number.isInteger(row) && row >= 0 && row < this.customers))
        throw new InvalidSavedExposure(`customer row ${row} is outside 0..${this.customers - 1}`)
      if (!(Number.isInteger(d) && d <= (day as number)))
        throw new InvalidSavedExposure(`exposure day ${d} is after the saved day ${day}`)
      if (!(Number.isInteger(dept) && dept >= -1 && dept < 128))
        throw new InvalidSavedExposure(`department ${dept} is not an index`)
      const imp = impressions === undefined ? null : (impressions as Array<unknown>)[i / 3]
      if (!(imp === null || imp === undefined || Number.isSafeInteger(imp)))
        throw new InvalidSavedExposure(`impression ${String(imp)} is not an ImpressionId number`)
      this.record(row, d, 0, dept, typeof imp === "number" ? imp : Number.NaN)
    }
    return day as number
  }
}

/** A tracker for `customers` customers (rows `0..customers − 1`). */
export const tracker = (customers: number, settings: Settings): Tracker => new Tracker(customers, settings)
