/**
 * Local wall-clock timestamps as plain numbers: seconds since 1970-01-01 00:00:00 in the chain's
 * time zone (`day * 86400 + secondOfDay`). Formatting to `YYYY-MM-DD HH:MM:SS` uses a cached day
 * prefix and a precomputed second-of-day table, so no `Date` is built per row.
 *
 * @example
 * import { Calendar, Timestamp } from "@retail-datagen/core"
 * const ts = Timestamp.make(Calendar.parse("2024-01-01"), 9 * 3600 + 30 * 60)
 * Timestamp.format(ts) // "2024-01-01 09:30:00"
 */
import * as Calendar from "./Calendar.js"

/** Seconds since 1970-01-01 00:00:00, local wall clock. */
export type Timestamp = number

/** 86400. */
export const SECONDS_PER_DAY = 86400

/** The timestamp of a second of the day (`0..86399`) on an epoch day. */
export const make = (day: Calendar.EpochDay, secondOfDay: number): Timestamp =>
  day * SECONDS_PER_DAY + secondOfDay

/** The epoch day a timestamp falls on. */
export const day = (ts: Timestamp): Calendar.EpochDay => Math.floor(ts / SECONDS_PER_DAY)

/** Seconds since local midnight, `0..86399`. */
export const secondOfDay = (ts: Timestamp): number => ts - Math.floor(ts / SECONDS_PER_DAY) * SECONDS_PER_DAY

/** Hour of the day, `0..23`. */
export const hour = (ts: Timestamp): number => Math.floor(secondOfDay(ts) / 3600)

let clockBytes: Uint8Array | undefined
let clockText: Array<string> | undefined

/**
 * `HH:MM:SS` of every second of the day as ASCII, 8 bytes per second (`86400 * 8` bytes),
 * for sinks that encode straight into buffers. Built on first use.
 */
export const clockTable = (): Uint8Array => {
  if (clockBytes !== undefined) return clockBytes
  const t = new Uint8Array(SECONDS_PER_DAY * 8)
  for (let s = 0; s < SECONDS_PER_DAY; s++) {
    const h = Math.floor(s / 3600)
    const m = Math.floor(s / 60) % 60
    const sec = s % 60
    const o = s * 8
    t[o] = 48 + Math.floor(h / 10)
    t[o + 1] = 48 + (h % 10)
    t[o + 2] = 58
    t[o + 3] = 48 + Math.floor(m / 10)
    t[o + 4] = 48 + (m % 10)
    t[o + 5] = 58
    t[o + 6] = 48 + Math.floor(sec / 10)
    t[o + 7] = 48 + (sec % 10)
  }
  clockBytes = t
  return t
}

/** `HH:MM:SS` of a second of the day (an integer in `0..86399`; anything else gives `undefined`). */
export const clock = (secondOfDay: number): string => {
  if (clockText === undefined) {
    const bytes = clockTable()
    const text = new Array<string>(SECONDS_PER_DAY)
    const decoder = new TextDecoder()
    for (let s = 0; s < SECONDS_PER_DAY; s++) text[s] = decoder.decode(bytes.subarray(s * 8, s * 8 + 8))
    clockText = text
  }
  return clockText[secondOfDay]!
}

/**
 * Formats timestamps, caching the `YYYY-MM-DD ` prefix of the last day seen; rows of one day
 * therefore cost one table lookup and one concatenation each.
 */
export class Formatter {
  private lastDay = Number.NaN
  private prefix = ""

  /** `YYYY-MM-DD HH:MM:SS` of `ts`; fractions of a second are dropped (floor). */
  format(ts: Timestamp): string {
    const d = Math.floor(ts / SECONDS_PER_DAY)
    if (d !== this.lastDay) {
      if (!Number.isFinite(ts)) throw new RangeError(`timestamp must be finite, got ${ts}`)
      this.prefix = `${Calendar.format(d)} `
      this.lastDay = d
    }
    return this.prefix + clock(Math.floor(ts) - d * SECONDS_PER_DAY)
  }
}

const shared = new Formatter()

/** `YYYY-MM-DD HH:MM:SS`. */
export const format = (ts: Timestamp): string => shared.format(ts)

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})$/

/** Parses `YYYY-MM-DD HH:MM:SS`; throws a `RangeError` naming the text when malformed. */
export const parse = (text: string): Timestamp => {
  const m = TIMESTAMP.exec(text)
  if (m === null) throw new RangeError(`"${text}" is not a timestamp in YYYY-MM-DD HH:MM:SS form`)
  const h = Number(m[2])
  const mi = Number(m[3])
  const s = Number(m[4])
  if (h > 23 || mi > 59 || s > 59) throw new RangeError(`"${text}" has an impossible time of day`)
  return make(Calendar.parse(m[1]!), h * 3600 + mi * 60 + s)
}
