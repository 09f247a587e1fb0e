/**
 * `PatternOverrides`: the `patterns` section of the configuration file, as a Schema. Every
 * field is optional; an empty object keeps all defaults. Decoding rejects unknown keys and bad
 * values with a `PatternOverridesError` whose `path` names the field (e.g.
 * `patterns.weekly[3]`).
 *
 * @example
 * import { Overrides } from "@retail-datagen/patterns"
 * const o = Overrides.decodeSync({ weekly: [0.7, 0.8, 0.9, 1, 1.2, 1.4, 1.1], holidays: { "black-friday": 4 } })
 */
import { Calendar } from "@retail-datagen/core"
import { Effect, Either, ParseResult, Schema } from "effect"
import * as Departments from "./Departments.js"
import * as Holidays from "./Holidays.js"
import * as Weather from "./Weather.js"

const Multiplier = Schema.Number.pipe(
  Schema.finite(),
  Schema.greaterThan(0, { message: () => "must be a number > 0" }),
  Schema.lessThanOrEqualTo(100, { message: () => "must be at most 100" })
)
const NonNegativeMultiplier = Schema.Number.pipe(
  Schema.finite(),
  Schema.greaterThanOrEqualTo(0, { message: () => "must be a number ≥ 0" }),
  Schema.lessThanOrEqualTo(100, { message: () => "must be at most 100" })
)

/** Seven day-of-week multipliers, Monday first. */
export const WeeklyMultipliers = Schema.Array(Multiplier).pipe(
  Schema.itemsCount(7, { message: () => "must be exactly 7 multipliers, Monday first" })
)

/** Twenty-four hourly weights (relative; at least one > 0). */
export const HourWeights = Schema.Array(NonNegativeMultiplier).pipe(
  Schema.itemsCount(24, { message: () => "must be exactly 24 hourly weights, hour 0 first" }),
  Schema.filter((ws) => ws.some((w) => w > 0) || "at least one hourly weight must be > 0")
)

/** Hour-of-day curves to replace (per hour; each replaces the default minute curve). */
export const HourlyOverrides = Schema.Struct({
  weekday: Schema.optionalWith(HourWeights, { exact: true }),
  weekend: Schema.optionalWith(HourWeights, { exact: true }),
  online: Schema.optionalWith(HourWeights, { exact: true })
})

/** Twelve monthly seasonal anchors, January first (renormalised to a yearly mean of 1). */
export const SeasonalAnchors = Schema.Array(Multiplier).pipe(
  Schema.itemsCount(12, { message: () => "must be exactly 12 monthly anchors, January first" })
)

/** A holiday's store multiplier, or `{ store, online }`. */
export const HolidayMultiplier = Schema.Union(
  NonNegativeMultiplier,
  Schema.Struct({
    store: Schema.optionalWith(NonNegativeMultiplier, { exact: true }),
    online: Schema.optionalWith(NonNegativeMultiplier, { exact: true })
  })
).annotations({
  // A number reports one plain message; an object reports the problems of its fields.
  message: (issue) =>
    typeof issue.actual === "object" && issue.actual !== null
      ? "must be { store?, online? } with multipliers in 0–100"
      : { message: "must be a multiplier in 0–100 or { store?, online? }", override: true }
})

type HolidayFields = {
  readonly [K in Holidays.HolidayName]: Schema.optionalWith<typeof HolidayMultiplier, { exact: true }>
}

/** Multipliers by holiday name (see `Holidays.NAMES`). */
export const HolidayOverrides = Schema.Struct(
  Object.fromEntries(
    Holidays.NAMES.map((n) => [n, Schema.optionalWith(HolidayMultiplier, { exact: true })])
  ) as unknown as HolidayFields
).pipe(
  Schema.filter((h) => {
    const c = h["christmas-day"]
    return c === undefined || (typeof c === "object" && c.store === undefined)
      ? undefined
      : {
          path: ["christmas-day"],
          message:
            'stores are closed on Christmas Day; only its online multiplier can change, e.g. { "online": 0.5 }'
        }
  })
)

/** A `YYYY-MM-DD` date. */
export const DateString = Schema.String.pipe(
  Schema.filter((s) => Calendar.isValid(s) || `must be a real date in YYYY-MM-DD form, got "${s}"`)
)

/** A department key (see `Departments.DEPARTMENTS`). */
export const DepartmentName = Schema.Literal(...Departments.DEPARTMENTS).annotations({
  message: (issue) => ({
    message: `must be one of ${Departments.DEPARTMENTS.map((d) => JSON.stringify(d)).join(", ")}; got ${JSON.stringify(issue.actual)}`,
    override: true
  })
})

/** A climate class (see `Weather.CLIMATES`). */
export const ClimateName = Schema.Literal(...Weather.CLIMATES).annotations({
  message: (issue) => ({
    message: `must be one of ${Weather.CLIMATES.map((c) => JSON.stringify(c)).join(", ")}; got ${JSON.stringify(issue.actual)}`,
    override: true
  })
})

/** A promo code: 2–24 upper-case letters, digits, `-` or `_`. */
export const PromoCode = Schema.String.pipe(
  Schema.pattern(/^[A-Z0-9_-]{2,24}$/, { message: () => "must be 2–24 characters A–Z, 0–9, - or _" })
)

/** A custom promotional event. */
export const ExtraEvent = Schema.Struct({
  code: PromoCode,
  name: Schema.optionalWith(Schema.String, { exact: true }),
  start: DateString,
  end: DateString,
  discountBps: Schema.Number.pipe(
    Schema.int({ message: () => "must be an integer number of basis points" }),
    Schema.between(0, 9000, { message: () => "must be between 0 and 9000 basis points" })
  ),
  departments: Schema.Array(DepartmentName).pipe(
    Schema.minItems(1, { message: () => "must name at least one department" })
  ),
  trafficMultiplier: Schema.optionalWith(Multiplier, { exact: true })
}).pipe(Schema.filter((e) => e.start <= e.end || { path: ["end"], message: "must be on or after start" }))

/** Promotional events. */
export const EventOverrides = Schema.Struct({
  flashSales: Schema.optionalWith(Schema.Boolean, { exact: true }),
  seasonal: Schema.optionalWith(Schema.Boolean, { exact: true }),
  extra: Schema.optionalWith(Schema.Array(ExtraEvent), { exact: true })
})

/** Weather settings. */
export const WeatherOverrides = Schema.Struct({
  enabled: Schema.optionalWith(Schema.Boolean, { exact: true }),
  climates: Schema.optionalWith(Schema.Record({ key: Schema.String, value: ClimateName }), {
    exact: true
  })
})

/** The `patterns` section of the configuration. */
export const PatternOverrides = Schema.Struct({
  weekly: Schema.optionalWith(WeeklyMultipliers, { exact: true }),
  hourly: Schema.optionalWith(HourlyOverrides, { exact: true }),
  seasonal: Schema.optionalWith(SeasonalAnchors, { exact: true }),
  holidays: Schema.optionalWith(HolidayOverrides, { exact: true }),
  weather: Schema.optionalWith(WeatherOverrides, { exact: true }),
  events: Schema.optionalWith(EventOverrides, { exact: true })
}).annotations({ identifier: "PatternOverrides" })

export type PatternOverrides = typeof PatternOverrides.Type

/** One problem of an overrides document. */
export interface Issue {
  readonly path: string
  readonly message: string
}

/** Overrides that do not decode. `path` names the first bad field; `issues` lists all. */
export class PatternOverridesError extends Schema.TaggedError<PatternOverridesError>()(
  "PatternOverridesError",
  {
    path: Schema.String,
    message: Schema.String,
    issues: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))
  }
) {}

const IDENT = /^[A-Za-z0-9_-]+$/

/** `patterns.weekly[3]`, `patterns.holidays.black-friday`, `patterns.weather.climates["Gulf Coast"]`. */
export const formatPath = (root: string, path: ReadonlyArray<PropertyKey>): string => {
  let out = root
  for (const k of path) {
    if (typeof k === "number") out += `[${k}]`
    else if (typeof k === "string" && IDENT.test(k)) out += `.${k}`
    else out += `[${JSON.stringify(String(k))}]`
  }
  return out
}

const decodeEither = Schema.decodeUnknownEither(PatternOverrides, {
  errors: "all",
  onExcessProperty: "error"
})

/**
 * Decodes the `patterns` section. `root` prefixes error paths (default `"patterns"`).
 */
export const decode = (
  input: unknown,
  root = "patterns"
): Either.Either<PatternOverrides, PatternOverridesError> =>
  Either.mapLeft(decodeEither(input), (e) => {
    const seen = new Set<string>()
    const issues: Array<Issue> = []
    for (const i of ParseResult.ArrayFormatter.formatErrorSync(e)) {
      const issue = { path: formatPath(root, i.path), message: i.message }
      const key = `${issue.path}\u0000${issue.message}`
      if (seen.has(key)) continue
      seen.add(key)
      issues.push(issue)
    }
    // A union reports a type mismatch for each alternative; when another issue names a field
    // inside the same value, that mismatch is noise (e.g. "Expected number" next to the real
    // problem in `{ store: -2 }`).
    const specific = issues.filter(
      (i) =>
        !i.message.startsWith("Expected ") ||
        !issues.some((j) => j.path.startsWith(`${i.path}.`) || j.path.startsWith(`${i.path}[`))
    )
    return new PatternOverridesError({
      path: specific[0]?.path ?? root,
      message: specific.map((i) => `${i.path}: ${i.message}`).join("\n"),
      issues: specific
    })
  })

/** `decode` as an Effect. */
export const decodeEffect = (
  input: unknown,
  root = "patterns"
): Effect.Effect<PatternOverrides, PatternOverridesError> =>
  Either.match(decode(input, root), { onLeft: Effect.fail, onRight: Effect.succeed })

/** `decode`, throwing the `PatternOverridesError`. */
export const decodeSync = (input: unknown, root = "patterns"): PatternOverrides =>
  Either.getOrThrowWith(decode(input, root), (e) => e)
