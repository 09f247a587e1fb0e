/**
 * The knobs of the supply-chain model. Decoded with `Schema`; every field has a default, so `{}`
 * is valid. A bad value is rejected with a `SupplyOptionsError` naming the field and the range.
 *
 * @example
 * import { SupplyOptions } from "@retail-datagen/supply-chain"
 * const o = SupplyOptions.make({ supplierLeadDays: 4 })
 * o.coverDays // 7 (default)
 */
import { Scenario } from "@retail-datagen/scenario"
import { Effect, Either, ParseResult, Schema } from "effect"

/** The decoded options: every field present and within range. */
export interface SupplyOptions {
  /** Units a truck carries; `0` (default) = each truck's `CapacityUnits` from master data. */
  readonly truckCapacityUnits: number
  /** Hour (0–23) at which each DC consolidates the stores' open orders and starts loading trucks. */
  readonly dispatchHour: number
  /** Average road speed of a truck, km/h. */
  readonly speedKmh: number
  /** Road distance ÷ great-circle distance between a DC and a store. */
  readonly roadFactor: number
  /** Minutes from SCHEDULED to LOADING (dock assignment). */
  readonly scheduleMinutes: number
  /** Fixed minutes of loading (LOADING → IN_TRANSIT), plus `secondsPerUnit` per unit. */
  readonly loadingMinutes: number
  /** Minutes from ARRIVED to UNLOADING (waiting at the store's dock). */
  readonly dockWaitMinutes: number
  /** Fixed minutes of unloading (UNLOADING → COMPLETED), plus `secondsPerUnit` per unit. */
  readonly unloadingMinutes: number
  /** Handling seconds per unit, at loading and at unloading. */
  readonly secondsPerUnit: number
  /** Largest traffic delay of an arrival past its ETA, minutes (drawn, skewed to small). */
  readonly maxDelayMinutes: number
  /**
   * Store order-up-to level = reorder point + `coverDays` × smoothed daily demand (capped by shelf
   * capacity); both scaled by the demand outlook of the `patterns` calendar (README, "Outlook").
   */
  readonly coverDays: number
  /**
   * Joint replenishment: a truck going to a store anyway also tops up, with its room left, the
   * lines of its classes whose position is at or below reorder point + `canOrderDays` × smoothed
   * demand, to their order-up-to level. When the fleet cannot visit every store daily, the band
   * widens to `coverDays` + the expected days between deliveries.
   */
  readonly canOrderDays: number
  /** Weight of the latest day in the exponentially smoothed daily demand (0–1]. */
  readonly smoothing: number
  /** Shelf capacity = max(⌈factor × snapshot CurrentQuantity⌉, 2 × ReorderPoint + 1). */
  readonly shelfCapacityFactor: number
  /** Units a DC can load onto trucks per day. */
  readonly dcThroughputUnitsPerDay: number
  /** Days from a DC's supplier order (end of day d) to its delivery (day d + lead). */
  readonly supplierLeadDays: number
  /** DC order-up-to level = DC reorder point + `dcCoverDays` × smoothed daily demand on the DC. */
  readonly dcCoverDays: number
  /** Mean DAMAGED (shrink) events per store per day. */
  readonly storeShrinkPerDay: number
  /** Mean cycle-count ADJUSTMENT events per store per day. */
  readonly storeCycleCountsPerDay: number
  /** Mean DAMAGED events per DC per day. */
  readonly dcShrinkPerDay: number
  /** Mean cycle-count ADJUSTMENT events per DC per day. */
  readonly dcCycleCountsPerDay: number
  /** Name of the plugin producing `receipts` / `receipt_lines`. */
  readonly receiptsPlugin: string
  /** Name of the plugin producing `online_orders` and the order lines service; `null` = none. */
  readonly onlineOrdersPlugin: string | null
  /** What-if interventions (docs/scenarios.md): DCs closed or with a capacity cut. Default none. */
  readonly scenario?: Scenario.Scenario | undefined
}

/** The accepted input: any subset of the fields. */
export type SupplyOptionsInput = { readonly [K in keyof SupplyOptions]?: SupplyOptions[K] }

/** An option had the wrong type or range; `field` names it, `expected` says what fits. */
export class SupplyOptionsError extends Schema.TaggedError<SupplyOptionsError>()("SupplyOptionsError", {
  field: Schema.String,
  expected: Schema.String,
  actual: Schema.String
}) {
  override get message(): string {
    return `supply-chain options: ${this.field} must be ${this.expected}, got ${this.actual}`
  }
}

type NumericField = Exclude<keyof SupplyOptions, "receiptsPlugin" | "onlineOrdersPlugin" | "scenario">

interface Rule {
  readonly min: number
  readonly max: number
  readonly int: boolean
  readonly default: number
}

/** Range and default of every numeric field. */
export const RULES: { readonly [K in NumericField]: Rule } = {
  truckCapacityUnits: { min: 0, max: 1_000_000, int: true, default: 0 },
  dispatchHour: { min: 0, max: 23, int: true, default: 4 },
  speedKmh: { min: 5, max: 200, int: false, default: 60 },
  roadFactor: { min: 1, max: 3, int: false, default: 1.25 },
  scheduleMinutes: { min: 1, max: 240, int: true, default: 15 },
  loadingMinutes: { min: 1, max: 480, int: true, default: 20 },
  dockWaitMinutes: { min: 1, max: 240, int: true, default: 10 },
  unloadingMinutes: { min: 1, max: 480, int: true, default: 15 },
  secondsPerUnit: { min: 0, max: 60, int: false, default: 0.5 },
  maxDelayMinutes: { min: 0, max: 600, int: true, default: 30 },
  coverDays: { min: 1, max: 120, int: false, default: 7 },
  canOrderDays: { min: 0, max: 120, int: false, default: 3 },
  smoothing: { min: 0.001, max: 1, int: false, default: 0.2 },
  shelfCapacityFactor: { min: 1, max: 20, int: false, default: 1.5 },
  dcThroughputUnitsPerDay: { min: 1, max: 1e9, int: true, default: 250_000 },
  supplierLeadDays: { min: 1, max: 60, int: true, default: 5 },
  dcCoverDays: { min: 1, max: 365, int: false, default: 14 },
  storeShrinkPerDay: { min: 0, max: 100, int: false, default: 0.2 },
  storeCycleCountsPerDay: { min: 0, max: 100, int: false, default: 0.5 },
  dcShrinkPerDay: { min: 0, max: 1000, int: false, default: 1 },
  dcCycleCountsPerDay: { min: 0, max: 1000, int: false, default: 2 }
}

const NUMERIC = Object.keys(RULES) as ReadonlyArray<NumericField>
const FIELDS: ReadonlyArray<string> = [...NUMERIC, "receiptsPlugin", "onlineOrdersPlugin", "scenario"]

const expectedOf = (field: string): string => {
  if (field === "receiptsPlugin") return "a non-empty plugin name"
  if (field === "onlineOrdersPlugin") return "a non-empty plugin name or null"
  if (field === "scenario") return "a scenario document (docs/scenarios.md) or nothing"
  const r = RULES[field as NumericField]
  return `${r.int ? "an integer" : "a number"} from ${r.min} to ${r.max}`
}

const numeric = (field: NumericField) => {
  const r = RULES[field]
  const base = r.int ? Schema.Int : Schema.Number.pipe(Schema.finite())
  return Schema.optionalWith(base.pipe(Schema.between(r.min, r.max)), {
    default: () => r.default,
    exact: true
  })
}

const name = Schema.String.pipe(Schema.minLength(1))

const fields = Object.fromEntries(NUMERIC.map((f) => [f, numeric(f)])) as {
  readonly [K in NumericField]: ReturnType<typeof numeric>
}

/** The Schema of the options (input: optional fields; type: defaults applied). */
export const schema = Schema.Struct({
  ...fields,
  receiptsPlugin: Schema.optionalWith(name, { default: () => "receipts", exact: true }),
  onlineOrdersPlugin: Schema.optionalWith(Schema.NullOr(name), {
    default: () => "online_orders",
    exact: true
  }),
  scenario: Schema.optionalWith(Scenario.Scenario, { exact: true })
})

const show = (v: unknown): string => {
  if (v === undefined) return "nothing"
  const s = JSON.stringify(v) ?? String(v)
  return s.length > 60 ? `${s.slice(0, 57)}...` : s
}

const decodeStruct = Schema.decodeUnknownEither(schema, { errors: "first", onExcessProperty: "error" })

/** Decodes and validates options, applying defaults; never throws. */
export const decodeEither = (input: unknown): Either.Either<SupplyOptions, SupplyOptionsError> => {
  const decoded = decodeStruct(input)
  if (Either.isRight(decoded)) return Either.right(decoded.right)
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return Either.left(
      new SupplyOptionsError({
        field: "(options)",
        expected: "an object of option fields",
        actual: show(input)
      })
    )
  }
  const issue = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)[0]
  const field = String(issue?.path[0] ?? "(options)")
  return Either.left(
    new SupplyOptionsError({
      field,
      expected: FIELDS.includes(field) ? expectedOf(field) : `a known field (${FIELDS.join(", ")})`,
      actual: show((input as Record<string, unknown>)[field])
    })
  )
}

/** Decodes and validates options as an Effect. */
export const decode = (input: unknown): Effect.Effect<SupplyOptions, SupplyOptionsError> =>
  Either.match(decodeEither(input), { onLeft: Effect.fail, onRight: Effect.succeed })

/** Decodes and validates options, throwing the `SupplyOptionsError` (for scripts and tests). */
export const make = (input: SupplyOptionsInput = {}): SupplyOptions => {
  const r = decodeEither(input)
  if (Either.isLeft(r)) throw r.left
  return r.right
}
