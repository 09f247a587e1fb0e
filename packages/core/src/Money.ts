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

const overflow = (what: string): never => {
  throw new RangeError(`${what} is not a safe integer number of cents`)
}

/** Sum of two amounts; throws a `RangeError` when the result is not a safe integer. */
export const add = (a: Cents, b: Cents): Cents => {
  const r = a + b
  return Number.isSafeInteger(r) ? r : overflow(`${a} + ${b}`)
}

/** Sum of all amounts; throws a `RangeError` when the result is not a safe integer. */
export const sum = (xs: ArrayLike<Cents>): Cents => {
  let s = 0
  for (let i = 0; i < xs.length; i++) s += xs[i]!
  return Number.isSafeInteger(s) ? s : overflow("sum")
}

/** `unit × quantity` (integer quantity); throws a `RangeError` when the result is not a safe integer. */
export const times = (unit: Cents, quantity: number): Cents => {
  const r = unit * quantity
  return Number.isSafeInteger(r) ? r : overflow(`${unit} × ${quantity}`)
}

/**
 * `amount × bps / 10000`, rounded half-up (halves round away from zero, so negative amounts
 * mirror positive ones). Exact: integer arithmetic only. Throws a `RangeError` when `amount` or
 * `bps` is not an integer or their product is not a safe integer.
 */
export const applyBps = (amount: Cents, bps: Bps): Cents => {
  const p = amount * bps
  if (!Number.isSafeInteger(p) || !Number.isInteger(amount) || !Number.isInteger(bps)) {
    throw new RangeError(`applyBps needs integer cents and bps with a safe product, got ${amount} × ${bps}`)
  }
  // |p| < 2^53: the float quotient can only round across an integer when the true remainder is
  // within 2e-4 of 0 (never near ±5000), and the remainder below is exact, so the half-way
  // decision is always exact.
  const q = Math.trunc(p / 10000)
  const r = p - q * 10000
  if (r >= 5000) return q + 1
  if (r <= -5000) return q - 1
  return q === 0 ? 0 : q
}

/** `amount` reduced by a discount of `bps`, rounded half-up: the price after a promotion. */
export const discount = (amount: Cents, bps: Bps): Cents => amount - applyBps(amount, bps)

/**
 * Cents from a dollar figure, rounded half away from zero on its shortest decimal form, so
 * `fromDollars(1.005)` is 101 although `1.005 * 100` is 100.49999…. For config values, not hot
 * paths; throws a `RangeError` for non-finite input or results beyond safe integers.
 */
export const fromDollars = (dollars: number): Cents => {
  if (!Number.isFinite(dollars)) throw new RangeError(`${dollars} is not an amount of dollars`)
  const a = Math.abs(dollars)
  let c: number
  const text = `${a}`
  if (text.includes("e")) {
    // Exponent form: either below 1e-6 (rounds to 0 cents) or at least 1e21 (too large).
    c = a < 1 ? 0 : Number.NaN
  } else {
    const dot = text.indexOf(".")
    const whole = dot < 0 ? text : text.slice(0, dot)
    const frac = dot < 0 ? "" : text.slice(dot + 1)
    c = Number(whole) * 100 + Number(frac.slice(0, 2).padEnd(2, "0"))
    if (frac.length > 2 && frac.charCodeAt(2) >= 53) c += 1
  }
  if (!Number.isSafeInteger(c)) overflow(`${dollars} dollars`)
  return dollars < 0 && c !== 0 ? -c : c
}

/** `12.99`, `-0.05`, `0.00`: exactly two decimals. Throws a `RangeError` for non-integer cents. */
export const format = (c: Cents): string => {
  assertCents(c, "amount")
  const neg = c < 0
  const a = neg ? -c : c
  const whole = Math.floor(a / 100)
  const frac = a - whole * 100
  return `${neg ? "-" : ""}${whole}.${frac < 10 ? "0" : ""}${frac}`
}

const MONEY = /^(-)?(\d+)(?:\.(\d{1,2}))?$/

/**
 * Parses `12.99`, `12.9`, `12`, `-0.05` into cents; throws a `RangeError` naming the text for
 * anything else (`1.234`, `1,00`, `+1`, `.5`, amounts beyond safe integers).
 */
export const parse = (text: string): Cents => {
  const m = MONEY.exec(text)
  if (m === null) throw new RangeError(`"${text}" is not an amount like 12.99`)
  const frac = m[3] === undefined ? 0 : Number(m[3].padEnd(2, "0"))
  const c = Number(m[2]) * 100 + frac
  if (!Number.isSafeInteger(c)) throw new RangeError(`"${text}" is too large an amount`)
  return m[1] === undefined || c === 0 ? c : -c
}
