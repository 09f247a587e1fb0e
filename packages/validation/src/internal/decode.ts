/**
 * Text → value decoders shared by the CSV reader and the batch converter. They return a number,
 * `NaN` for an empty cell (null) or `BAD` when the text is malformed; no `Date`, no regex.
 */
import { Calendar } from "@retail-datagen/core"

/** Marks a malformed value. */
export const BAD = Number.NEGATIVE_INFINITY

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48
  return c >= 0 && c <= 9 ? c : -1
}

/** Value of `len` digits at `from`, or -1. */
const digits = (s: string, from: number, len: number): number => {
  let v = 0
  for (let i = from; i < from + len; i++) {
    const d = digit(s, i)
    if (d < 0) return -1
    v = v * 10 + d
  }
  return v
}

/** `-?\d{1,15}`. */
export const int = (s: string): number => {
  const n = s.length
  if (n === 0) return Number.NaN
  let i = s.charCodeAt(0) === 45 ? 1 : 0
  if (i === n || n - i > 15) return BAD
  let v = 0
  for (; i < n; i++) {
    const d = digit(s, i)
    if (d < 0) return BAD
    v = v * 10 + d
  }
  return s.charCodeAt(0) === 45 ? -v : v
}

/** `-?\d+(\.\d+)?`. */
export const num = (s: string): number => {
  const n = s.length
  if (n === 0) return Number.NaN
  let i = s.charCodeAt(0) === 45 ? 1 : 0
  let dot = -1
  const start = i
  for (; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c === 46 && dot < 0) dot = i
    else if (c < 48 || c > 57) return BAD
  }
  if (dot === start || dot === n - 1 || start === n) return BAD
  return Number(s)
}

/** `-?\d+\.\d\d` → integer cents: exactly two decimals, as the contract writes money. */
export const cents = (s: string): number => {
  const n = s.length
  if (n === 0) return Number.NaN
  const neg = s.charCodeAt(0) === 45
  const start = neg ? 1 : 0
  if (n - start < 4 || n - start > 18 || s.charCodeAt(n - 3) !== 46) return BAD
  const whole = digits(s, start, n - 3 - start)
  const frac = digits(s, n - 2, 2)
  if (whole < 0 || frac < 0) return BAD
  const c = whole * 100 + frac
  return neg ? -c : c
}

let lastDate = ""
let lastDay = 0

/** `YYYY-MM-DD` → epoch day. */
export const date = (s: string): number => {
  if (s.length === 0) return Number.NaN
  if (s.length !== 10) return BAD
  if (s === lastDate) return lastDay
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return BAD
  const y = digits(s, 0, 4)
  const m = digits(s, 5, 2)
  const d = digits(s, 8, 2)
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > Calendar.daysInMonth(y, m)) return BAD
  lastDate = s
  lastDay = Calendar.fromYmd(y, m, d)
  return lastDay
}

/** `YYYY-MM-DD HH:MM:SS` → local epoch seconds. */
export const ts = (s: string): number => {
  if (s.length === 0) return Number.NaN
  if (s.length !== 19 || s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58)
    return BAD
  const day = date(s.slice(0, 10))
  if (day === BAD) return BAD
  const h = digits(s, 11, 2)
  const m = digits(s, 14, 2)
  const sec = digits(s, 17, 2)
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) return BAD
  return day * 86400 + h * 3600 + m * 60 + sec
}

/** `true` / `false` → 1 / 0. */
export const bool = (s: string): number =>
  s === "" ? Number.NaN : s === "true" ? 1 : s === "false" ? 0 : BAD

/** An hour of the day as `H`, `HH` or `HH:MM` (0–24) → seconds of the day. */
export const hour = (s: string): number => {
  const n = s.length
  if (n === 0) return Number.NaN
  let h: number
  let m = 0
  if (n <= 2) h = digits(s, 0, n)
  else if (n === 5 && s.charCodeAt(2) === 58) {
    h = digits(s, 0, 2)
    m = digits(s, 3, 2)
  } else return BAD
  if (h < 0 || m < 0 || m > 59 || h * 60 + m > 1440) return BAD
  return h * 3600 + m * 60
}

/** Index of `s` in an enum domain (a Map built once per column). */
export const enumCode = (
  domain: ReadonlyMap<string, number>,
  open: boolean,
  size: number,
  s: string
): number => {
  if (s === "") return Number.NaN
  const c = domain.get(s)
  return c !== undefined ? c : open ? size : BAD
}

/**
 * The numeric form of a key: the digits after `prefix` when the text is `prefix + digits` with no
 * leading zero and at most 15 digits; NaN otherwise (the key is then kept as text).
 */
export const keyNumber = (prefix: string, s: string): number => {
  const p = prefix.length
  const n = s.length - p
  if (n < 1 || n > 15 || !s.startsWith(prefix)) return Number.NaN
  if (n > 1 && s.charCodeAt(p) === 48) return Number.NaN
  const v = digits(s, p, n)
  return v < 0 ? Number.NaN : v
}

/** The digits after `prefix` (leading zeros allowed), or NaN: resolves `TRK0012` to truck 12. */
export const idAfter = (prefix: string, s: string): number => {
  const p = prefix.length
  const n = s.length - p
  if (n < 1 || n > 15 || !s.startsWith(prefix)) return Number.NaN
  const v = digits(s, p, n)
  return v < 0 ? Number.NaN : v
}

/** The label used in findings for each kind. */
export const KIND_LABEL: Readonly<Record<string, string>> = {
  int: "integer",
  num: "number",
  cents: "amount (two decimals, e.g. 12.99)",
  ts: "timestamp (YYYY-MM-DD HH:MM:SS)",
  date: "date (YYYY-MM-DD)",
  bool: "boolean (true/false)",
  hour: "hour (H, HH or HH:MM)"
}
