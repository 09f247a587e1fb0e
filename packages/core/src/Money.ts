/**
 * Money as integer cents. Every amount in the project is a safe integer number of cents; rates
 * are integer basis points (1 bp = 0.01 %). No float arithmetic touches money.
 *
 * @example
 * import { Money } from "@retail-datagen/core"
 * const line = Money.times(1299, 3)        // 3897
 * const tax = Money.applyBps(line, 825)    // 8.25 % → 321.5 → 322 (half-up)
 * Money.format(line + tax)                 // "42.19"
 */

/** An integer number of cents. */
export type Cents = number

/** An integer rate in basis points: 10000 = 100 %. */
export type Bps = number

const assertCents = (c: number, what: string): void => {
  if (!Number.isSafeInteger(c)) throw new RangeError(`${what} must be an integer number of cents, got ${c}`)
}

/** Sum of amounts. */
export const add = (a: Cents, b: Cents): Cents => a + b

/** Sum of all amounts. */
export const sum = (xs: ArrayLike<Cents>): Cents => {
  let s = 0
  for (let i = 0; i < xs.length; i++) s += xs[i]!
  return s
}

/** `unit × quantity`. */
export const times = (unit: Cents, quantity: number): Cents => unit * quantity

/**
 * `amount × bps / 10000`, rounded half-up (halves round away from zero, so negative amounts
 * mirror positive ones). Exact: integer arithmetic only.
 */
export const applyBps = (amount: Cents, bps: Bps): Cents => {
  const p = amount * bps
  if (!Number.isSafeInteger(p)) throw new RangeError(`amount × rate overflows: ${amount} × ${bps}`)
  const q = Math.trunc(p / 10000)
  const r = p - q * 10000
  if (r >= 5000) return q + 1
  if (r <= -5000) return q - 1
  return q
}

/** `amount` reduced by a discount of `bps`, rounded half-up: the price after a promotion. */
export const discount = (amount: Cents, bps: Bps): Cents => amount - applyBps(amount, bps)

/** Cents from a dollar figure, rounded to the nearest cent (for config values, not hot paths). */
export const fromDollars = (dollars: number): Cents => Math.round(dollars * 100)

/** `12.99`, `-0.05`, `0.00`: exactly two decimals. */
export const format = (c: Cents): string => {
  assertCents(c, "amount")
  const neg = c < 0
  const a = neg ? -c : c
  const whole = Math.floor(a / 100)
  const frac = a - whole * 100
  return `${neg ? "-" : ""}${whole}.${frac < 10 ? "0" : ""}${frac}`
}

const MONEY = /^(-)?(\d+)(?:\.(\d{1,2}))?$/

/** Parses `12.99`, `12.9`, `12`, `-0.05` into cents; throws a `RangeError` naming the text otherwise. */
export const parse = (text: string): Cents => {
  const m = MONEY.exec(text)
  if (m === null) throw new RangeError(`"${text}" is not an amount like 12.99`)
  const frac = m[3] === undefined ? 0 : Number(m[3].padEnd(2, "0"))
  const c = Number(m[2]) * 100 + frac
  return m[1] === undefined ? c : -c
}
