/**
 * The numeric limits of the shopper plugins' options, checked with `Schema`: the one home of
 * these ranges (the run configuration's Schema builds its `volume` fields from them, so a bad
 * value in a config file is reported with the file and key before any work starts).
 *
 * @example
 * import { ShopperOptions } from "@retail-datagen/customers"
 * ShopperOptions.RULES.itemsPerTicketMean // { min: 1, max: 50 }
 * ShopperOptions.check({ customersPerDay: 1000, itemsPerTicketMean: 0.5, onlineOrdersPerDay: 10 })
 * // throws InvalidOptions: shopper option itemsPerTicketMean must be a number from 1 to 50, got 0.5
 */
import { Either, ParseResult, Schema } from "effect"
import { InvalidOptions } from "./ShopperError.js"

/** An inclusive range of a numeric option (`max: Infinity`: no upper bound). */
export interface Range {
  readonly min: number
  readonly max: number
}

/** Range of every numeric shopper option. */
export const RULES = {
  /** Chain-wide in-store receipts on an average day. */
  customersPerDay: { min: 0, max: Number.POSITIVE_INFINITY },
  /** Mean lines per receipt over a month. */
  itemsPerTicketMean: { min: 1, max: 50 },
  /** Chain-wide online orders on an average day. */
  onlineOrdersPerDay: { min: 0, max: Number.POSITIVE_INFINITY }
} as const satisfies Record<string, Range>

type Field = keyof typeof RULES

/** What fits a range, completing "must be …": "a number from 1 to 50", "a finite number ≥ 0". */
export const expectedOf = (r: Range): string =>
  Number.isFinite(r.max) ? `a number from ${r.min} to ${r.max}` : `a finite number ≥ ${r.min}`

const ranged = (r: Range) =>
  Number.isFinite(r.max)
    ? Schema.Finite.pipe(Schema.between(r.min, r.max))
    : Schema.Finite.pipe(Schema.greaterThanOrEqualTo(r.min))

/** The Schema of the numeric options (other fields pass through). */
export const schema = Schema.Struct({
  customersPerDay: ranged(RULES.customersPerDay),
  itemsPerTicketMean: ranged(RULES.itemsPerTicketMean),
  onlineOrdersPerDay: ranged(RULES.onlineOrdersPerDay)
})

const decodeFirst = Schema.decodeUnknownEither(schema, { errors: "first" })

/** Checks the numeric options; throws `InvalidOptions` naming the first bad field. */
export const check = <A extends { readonly [K in Field]: number }>(options: A): A => {
  const decoded = decodeFirst(options)
  if (Either.isRight(decoded)) return options
  const issue = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)[0]
  const field = String(issue?.path[0] ?? "customersPerDay") as Field
  throw new InvalidOptions({
    field,
    expected: expectedOf(RULES[field] ?? RULES.customersPerDay),
    actual: String(options[field])
  })
}
