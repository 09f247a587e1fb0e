/**
 * What master data to generate: sizes, the seed and the dates that shape it. Decoded and
 * validated with `Schema`; every field has a default, so `{}` is a valid spec. A bad value is
 * rejected with a `MasterSpecError` naming the field and the expected range.
 *
 * @example
 * import { MasterSpec } from "@retail-datagen/master"
 * const spec = MasterSpec.make({ seed: 7, stores: 20, dcs: 2, customers: 1000, products: 500 })
 * spec.geographies // 50 (default)
 */
import { Calendar } from "@retail-datagen/core"
import { Effect, Either, ParseResult, Schema } from "effect"
import { CITIES } from "./internal/cities.js"

/** The decoded spec: every field present and within range. */
export interface MasterSpec {
  /** Root seed of every stream. */
  readonly seed: number
  /** Number of stores (1–99,999). */
  readonly stores: number
  /** Number of distribution centres (1–999, at most `stores`). */
  readonly dcs: number
  /** Number of customers (1–50,000,000). */
  readonly customers: number
  /** Number of products (1–1,000,000). */
  readonly products: number
  /** Number of geography rows sampled from the city dictionary (1–`Geographies.CITY_COUNT`). */
  readonly geographies: number
  /** Trucks per DC (1–1,000). */
  readonly trucksPerDc: number
  /** Capacity of a truck in units (1–1,000,000). */
  readonly truckCapacityUnits: number
  /** First day of the run (epoch day); launch dates and snapshot dates are relative to it. */
  readonly startDate: Calendar.EpochDay
  /** Days of the run after `startDate` during which some products launch (0 = none). */
  readonly horizonDays: number
  /** Units an average store sells per day; sizes the starting inventory (1–10,000,000). */
  readonly unitsPerStoreDay: number
}

/** The accepted input: any subset of the fields. */
export type MasterSpecInput = { readonly [K in keyof MasterSpec]?: number }

/** A spec field was missing its type or range; `field` names it, `expected` says what fits. */
export class MasterSpecError extends Schema.TaggedError<MasterSpecError>()("MasterSpecError", {
  field: Schema.String,
  expected: Schema.String,
  actual: Schema.String
}) {
  override get message(): string {
    return `master spec: ${this.field} must be ${this.expected}, got ${this.actual}`
  }
}

interface Rule {
  readonly min: number
  readonly max: number
  readonly default: number
}

/** Range and default of every field (geographies' default depends on stores and dcs). */
export const RULES: { readonly [K in keyof MasterSpec]: Rule } = {
  seed: { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, default: 42 },
  stores: { min: 1, max: 99_999, default: 250 },
  dcs: { min: 1, max: 999, default: 12 },
  customers: { min: 1, max: 50_000_000, default: 100_000 },
  products: { min: 1, max: 1_000_000, default: 10_000 },
  geographies: { min: 1, max: CITIES.length, default: 50 },
  trucksPerDc: { min: 1, max: 1_000, default: 8 },
  truckCapacityUnits: { min: 1, max: 1_000_000, default: 2_400 },
  startDate: { min: 0, max: Calendar.fromYmd(2199, 12, 31), default: Calendar.fromYmd(2024, 1, 1) },
  horizonDays: { min: 0, max: 36_600, default: 0 },
  unitsPerStoreDay: { min: 1, max: 10_000_000, default: 400 }
}

/** Upper bound of stores × products: the store snapshot grows with it. */
export const MAX_STORE_PRODUCT_PAIRS = 500_000_000

const FIELD_NAMES = Object.keys(RULES) as ReadonlyArray<keyof MasterSpec>

const expectedOf = (field: keyof MasterSpec): string => {
  const r = RULES[field]
  if (field === "seed") return "a safe integer"
  if (field === "startDate") return `an epoch day from ${r.min} to ${r.max} (1970-01-01 to 2199-12-31)`
  return `an integer from ${r.min} to ${r.max}`
}

const ranged = (field: keyof MasterSpec) =>
  Schema.Int.pipe(Schema.between(RULES[field].min, RULES[field].max)).annotations({
    description: expectedOf(field)
  })

const withDefault = (field: keyof MasterSpec) =>
  Schema.optionalWith(ranged(field), { default: () => RULES[field].default, exact: true })

/** The Schema of the spec (input side: optional fields; type side: defaults applied, except geographies). */
export const schema = Schema.Struct({
  seed: withDefault("seed"),
  stores: withDefault("stores"),
  dcs: withDefault("dcs"),
  customers: withDefault("customers"),
  products: withDefault("products"),
  geographies: Schema.optionalWith(ranged("geographies"), { exact: true }),
  trucksPerDc: withDefault("trucksPerDc"),
  truckCapacityUnits: withDefault("truckCapacityUnits"),
  startDate: withDefault("startDate"),
  horizonDays: withDefault("horizonDays"),
  unitsPerStoreDay: withDefault("unitsPerStoreDay")
})

const show = (v: unknown): string => {
  if (v === undefined) return "nothing"
  let s: string
  try {
    s = typeof v === "string" ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v))
  } catch {
    s = String(v)
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s
}

const valueAt = (input: unknown, field: string): unknown =>
  typeof input === "object" && input !== null ? (input as Record<string, unknown>)[field] : undefined

const toError = (input: unknown, error: ParseResult.ParseError): MasterSpecError => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  const head = issue?.path[0]
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return new MasterSpecError({ field: "(spec)", expected: "an object of spec fields", actual: show(input) })
  }
  const field = String(head ?? "(spec)")
  const known = (FIELD_NAMES as ReadonlyArray<string>).includes(field)
  return new MasterSpecError({
    field,
    expected: known ? expectedOf(field as keyof MasterSpec) : `a known field (${FIELD_NAMES.join(", ")})`,
    actual: show(valueAt(input, field))
  })
}

const decodeStruct = Schema.decodeUnknownEither(schema, { errors: "first", onExcessProperty: "error" })

/** Decodes and validates a spec, applying defaults; never throws. */
export const decodeEither = (input: unknown): Either.Either<MasterSpec, MasterSpecError> => {
  const decoded = decodeStruct(input)
  if (Either.isLeft(decoded)) return Either.left(toError(input, decoded.left))
  const s = decoded.right
  if (s.dcs > s.stores) {
    return Either.left(
      new MasterSpecError({
        field: "dcs",
        expected: `an integer from 1 to ${Math.min(RULES.dcs.max, s.stores)} (at most stores = ${s.stores})`,
        actual: show(s.dcs)
      })
    )
  }
  if (s.stores * s.products > MAX_STORE_PRODUCT_PAIRS) {
    return Either.left(
      new MasterSpecError({
        field: "products",
        expected: `an integer from 1 to ${Math.floor(MAX_STORE_PRODUCT_PAIRS / s.stores)} (stores × products at most ${MAX_STORE_PRODUCT_PAIRS})`,
        actual: show(s.products)
      })
    )
  }
  const geographies =
    s.geographies ??
    Math.min(CITIES.length, Math.max(RULES.geographies.default, s.dcs, Math.ceil(s.stores / 4)))
  return Either.right({ ...s, geographies })
}

/** Decodes and validates a spec as an Effect. */
export const decode = (input: unknown): Effect.Effect<MasterSpec, MasterSpecError> =>
  Either.match(decodeEither(input), { onLeft: Effect.fail, onRight: Effect.succeed })

/** Decodes and validates a spec, throwing the `MasterSpecError` (for scripts and tests). */
export const make = (input: MasterSpecInput = {}): MasterSpec => {
  const r = decodeEither(input)
  if (Either.isLeft(r)) throw r.left
  return r.right
}
