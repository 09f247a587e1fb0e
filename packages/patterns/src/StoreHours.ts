/**
 * Store opening hours: regular hours per store profile, and the actual opening window of a
 * given day after holiday rules (closed on Christmas Day for every store, short hours on
 * Thanksgiving / Christmas Eve / New Year's Eve / July 4 for regular stores, earlier opening on
 * Black Friday). A pure function of (day, hours).
 *
 * Hours are hours of the day, `0 ≤ open < close ≤ 24` (fractions such as 7.5 are allowed);
 * `{ open: 0, close: 24 }` is a 24-hour store. Opening windows of a day are in seconds of the
 * day, `[open, close)`; a store never opens past midnight.
 *
 * @example
 * import { Calendar } from "@retail-datagen/core"
 * import { StoreHours } from "@retail-datagen/patterns"
 * const h = StoreHours.parse("09-21")
 * StoreHours.forDay(Calendar.parse("2024-11-29"), h) // Black Friday: { open: 21600, close: 79200, … }
 * StoreHours.forDay(Calendar.parse("2024-12-25"), h).closed // true
 */
import type { Calendar } from "@retail-datagen/core"
import * as Holidays from "./Holidays.js"

/** Regular opening hours, in hours of the day. */
export interface Hours {
  readonly open: number
  readonly close: number
}

/** A day's actual opening window, in seconds of the day. */
export interface DayHours {
  /** Opening second (0–86400). */
  readonly open: number
  /** Closing second, exclusive (equal to `open` when closed). */
  readonly close: number
  /** Closed all day. */
  readonly closed: boolean
  /** A holiday rule changed the regular hours. */
  readonly changed: boolean
}

/** Common opening-hour profiles. */
export const PRESETS = {
  "24h": { open: 0, close: 24 },
  "07-23": { open: 7, close: 23 },
  "08-22": { open: 8, close: 22 },
  "09-21": { open: 9, close: 21 },
  "10-20": { open: 10, close: 20 }
} as const satisfies Record<string, Hours>

/** Suggested regular hours per store volume class (a 24-hour format overrides them). */
export const BY_VOLUME_CLASS = {
  flagship: PRESETS["07-23"],
  high: PRESETS["08-22"],
  medium: PRESETS["08-22"],
  low: PRESETS["09-21"],
  kiosk: PRESETS["10-20"]
} as const satisfies Record<string, Hours>

/** A 24-hour store. */
export const ALL_DAY: Hours = PRESETS["24h"]

/** True for 24-hour stores. */
export const is24h = (h: Hours): boolean => h.open <= 0 && h.close >= 24

/** Checks `0 ≤ open < close ≤ 24`; throws a `RangeError` naming the values otherwise. */
export const validate = (h: Hours): Hours => {
  if (!(h.open >= 0 && h.close <= 24 && h.open < h.close)) {
    throw new RangeError(`opening hours must satisfy 0 ≤ open < close ≤ 24, got ${h.open}–${h.close}`)
  }
  return h
}

const HOURS_TEXT = /^(\d{1,2})(?::(\d{2}))?-(\d{1,2})(?::(\d{2}))?$/

/** Parses `"24h"`, `"08-22"` or `"08:30-21:00"`; throws a `RangeError` naming the text. */
export const parse = (text: string): Hours => {
  if (text === "24h") return ALL_DAY
  const m = HOURS_TEXT.exec(text)
  if (m === null) throw new RangeError(`"${text}" is not opening hours like "08-22" or "24h"`)
  const open = Number(m[1]) + Number(m[2] ?? 0) / 60
  const close = Number(m[3]) + Number(m[4] ?? 0) / 60
  try {
    return validate({ open, close })
  } catch {
    throw new RangeError(`"${text}" is not opening hours within 00–24 with open < close`)
  }
}

const pad = (n: number): string => (n < 10 ? `0${n}` : `${n}`)
const clock = (h: number): string => {
  const mins = Math.round(h * 60)
  const mm = mins % 60
  return mm === 0 ? pad(Math.floor(mins / 60)) : `${pad(Math.floor(mins / 60))}:${pad(mm)}`
}

/** `"24h"`, `"08-22"` or `"08:30-21"`. */
export const format = (h: Hours): string => (is24h(h) ? "24h" : `${clock(h.open)}-${clock(h.close)}`)

const CLOSED: DayHours = Object.freeze({ open: 0, close: 0, closed: true, changed: true })

/** Applies a holiday hours rule (or none) to regular hours. */
export const apply = (h: Hours, rule: Holidays.HoursRule | undefined): DayHours => {
  const open = Math.round(h.open * 3600)
  const close = Math.round(h.close * 3600)
  if (rule === undefined) return { open, close, closed: false, changed: false }
  if (rule.closed === true) return CLOSED
  if (is24h(h)) {
    if (rule.closeBy24h === undefined) return { open, close, closed: false, changed: false }
    return { open, close: Math.round(rule.closeBy24h * 3600), closed: false, changed: true }
  }
  let o = h.open
  let c = h.close
  if (rule.openEarlier !== undefined) o = Math.max(0, o - rule.openEarlier)
  if (rule.openNotBefore !== undefined) o = Math.max(o, rule.openNotBefore)
  if (rule.closeLater !== undefined) c = Math.min(24, c + rule.closeLater)
  if (rule.closeBy !== undefined) c = Math.min(c, rule.closeBy)
  if (c <= o) return CLOSED
  const os = Math.round(o * 3600)
  const cs = Math.round(c * 3600)
  return { open: os, close: cs, closed: false, changed: os !== open || cs !== close }
}

/** The opening window of a store with regular hours `h` on `day`, holiday rules applied. */
export const forDay = (day: Calendar.EpochDay, h: Hours): DayHours => apply(h, Holidays.hoursRule(day))
