/**
 * The knobs of the marketing plugin, decoded with `Schema`. Every field has a default, so `{}`
 * is valid. Config keys: `marketing_impressions_per_day` → `impressionsPerDay`,
 * `marketing_lift` → `lift`, `marketing_lookback_days` → `lookbackDays`. The run's patterns
 * come from the `"patterns"` plugin (`PatternsService`), not from these options.
 *
 * @example
 * import { MarketingOptions } from "@retail-datagen/marketing"
 * MarketingOptions.make({ impressionsPerDay: 20000 }) // { impressionsPerDay: 20000, lift: 1.3, lookbackDays: 7 }
 * MarketingOptions.make({ lift: 0.5 }) // throws MarketingOptionsError: lift must be a number from 1 to 10, got 0.5
 */

import { Scenario } from "@retail-datagen/scenario"
import { Effect, Either, ParseResult, Schema } from "effect"

/** Decoded options. */
export interface MarketingOptions {
  /** Mean impressions per day over a calendar year, all regions (0–100,000; default 5,000). */
  readonly impressionsPerDay: number
  /** Visit multiplier of a customer exposed in the last `lookbackDays` days (1–10; default 1.3). */
  readonly lift: number
  /** Days an impression keeps acting (1–90; default 7). */
  readonly lookbackDays: number
  /** What-if interventions (docs/scenarios.md): `marketing_budget` scales a channel's impressions. */
  readonly scenario?: Scenario.Scenario
}

/** Accepted input: any subset of the fields. */
export type MarketingOptionsInput = { readonly [K in keyof MarketingOptions]?: MarketingOptions[K] }

/** A bad option; `field` names it, `expected` says what fits. */
export class MarketingOptionsError extends Schema.TaggedError<MarketingOptionsError>()(
  "MarketingOptionsError",
  {
    field: Schema.String,
    expected: Schema.String,
    actual: Schema.String
  }
) {
  override get message(): string {
    return `marketing options: ${this.field} must be ${this.expected}, got ${this.actual}`
  }
}

/** Range, default and description of the numeric fields. */
export const RULES = {
  impressionsPerDay: { min: 0, max: 100_000, default: 5_000, int: true },
  lift: { min: 1, max: 10, default: 1.3, int: false },
  lookbackDays: { min: 1, max: 90, default: 7, int: true }
} as const

type NumericField = keyof typeof RULES

const expectedOf = (field: NumericField): string => {
  const r = RULES[field]
  return `${r.int ? "an integer" : "a number"} from ${r.min} to ${r.max.toLocaleString("en-US")}`
}

const numeric = (field: NumericField) => {
  const r = RULES[field]
  const base = r.int ? Schema.Int : Schema.Number.pipe(Schema.finite())
  return Schema.optionalWith(base.pipe(Schema.between(r.min, r.max)), {
    default: () => r.default,
    exact: true
  })
}

/** The Schema of the options (input: optional fields; type: defaults applied). */
export const schema = Schema.Struct({
  impressionsPerDay: numeric("impressionsPerDay"),
  lift: numeric("lift"),
  lookbackDays: numeric("lookbackDays"),
  scenario: Schema.optionalWith(Scenario.Scenario, { exact: true })
})

const FIELDS = ["impressionsPerDay", "lift", "lookbackDays", "scenario"] as const

const show = (v: unknown): string => {
  if (v === undefined) return "nothing"
  let s: string
  try {
    s = JSON.stringify(v) ?? String(v)
  } catch {
    s = String(v)
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s
}

const toError = (input: unknown, error: ParseResult.ParseError): MarketingOptionsError => {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    return new MarketingOptionsError({ field: "(options)", expected: "an object", actual: show(input) })
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  const field = String(issue?.path[0] ?? "(options)")
  const actual = show((input as Record<string, unknown>)[field])
  if (field === "scenario")
    return new MarketingOptionsError({
      field: ["scenario", ...issue!.path.slice(1).map(String)].join("."),
      expected: `a scenario document (docs/scenarios.md): ${issue!.message}`,
      actual: show(
        issue!.path
          .slice(1)
          .reduce<unknown>(
            (o, k) => (o as Record<PropertyKey, unknown>)?.[k as PropertyKey],
            (input as Record<string, unknown>).scenario
          )
      )
    })
  const known = (FIELDS as ReadonlyArray<string>).includes(field)
  return new MarketingOptionsError({
    field,
    expected: known ? expectedOf(field as NumericField) : `a known field (${FIELDS.join(", ")})`,
    actual
  })
}

const decodeStruct = Schema.decodeUnknownEither(schema, { errors: "first", onExcessProperty: "error" })

/** Decodes options, naming the first bad field. */
export const decodeEither = (input: unknown): Either.Either<MarketingOptions, MarketingOptionsError> =>
  Either.mapLeft(decodeStruct(input), (e) => toError(input, e))

/** Decodes options as an Effect failing with `MarketingOptionsError`. */
export const decode = (input: unknown): Effect.Effect<MarketingOptions, MarketingOptionsError> =>
  Either.match(decodeEither(input), { onLeft: Effect.fail, onRight: Effect.succeed })

/** Decodes options; throws the `MarketingOptionsError` on a bad field. */
export const make = (input: MarketingOptionsInput = {}): MarketingOptions =>
  Either.getOrThrowWith(decodeEither(input), (e) => e)
