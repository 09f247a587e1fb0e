import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Calendar, Timestamp } from "../src/index.js"

const FIRST = Calendar.fromYmd(1600, 1, 1) * 86400
const LAST = Calendar.fromYmd(2400, 12, 31) * 86400 + 86399
const ts = fc.integer({ min: FIRST, max: LAST })

/** Independent formatting through Date (the chain's wall clock is formatted as if UTC). */
const viaDate = (t: number): string => new Date(t * 1000).toISOString().slice(0, 19).replace("T", " ")

describe("Timestamp", () => {
  it.prop("format equals formatting through Date", [ts], ([t]) => {
    expect(Timestamp.format(t)).toBe(viaDate(t))
  })

  it.prop("parse ∘ format is the identity", [ts], ([t]) => {
    expect(Timestamp.parse(Timestamp.format(t))).toBe(t)
  })

  it.prop("make, day and secondOfDay decompose a timestamp (also before 1970)", [ts], ([t]) => {
    const d = Timestamp.day(t)
    const s = Timestamp.secondOfDay(t)
    expect(Number.isInteger(s) && s >= 0 && s < 86400).toBe(true)
    expect(Timestamp.make(d, s)).toBe(t)
    expect(Calendar.format(d)).toBe(viaDate(t).slice(0, 10))
    expect(Timestamp.hour(t)).toBe(new Date(t * 1000).getUTCHours())
  })

  it("a Formatter caches the day prefix correctly across day changes", () => {
    const f = new Timestamp.Formatter()
    const day = Calendar.parse("2024-03-10") * 86400
    const sequence = [
      day,
      day + 1,
      day + 86399,
      day + 86400,
      day - 1,
      day + 5,
      day + 86400 * 400 + 7,
      day + 5
    ]
    for (const t of sequence) expect(f.format(t)).toBe(viaDate(t))
  })

  it.prop(
    "a long-lived Formatter agrees with Date on arbitrary sequences",
    [fc.array(ts, { maxLength: 50 })],
    ([xs]) => {
      const f = new Timestamp.Formatter()
      expect(xs.map((t) => f.format(t))).toEqual(xs.map(viaDate))
    }
  )

  it("drops fractions of a second and rejects non-finite timestamps", () => {
    const t = Calendar.parse("2024-01-01") * 86400 + 3600
    expect(Timestamp.format(t + 0.75)).toBe("2024-01-01 01:00:00")
    expect(() => Timestamp.format(Number.NaN)).toThrow(RangeError)
    expect(() => Timestamp.format(Number.POSITIVE_INFINITY)).toThrow(RangeError)
    expect(Timestamp.format(t)).toBe("2024-01-01 01:00:00")
  })

  it("clockTable holds HH:MM:SS of every second, matching clock()", () => {
    const bytes = Timestamp.clockTable()
    expect(bytes.length).toBe(86400 * 8)
    expect(Timestamp.clockTable()).toBe(bytes)
    const decoder = new TextDecoder()
    let mismatches = 0
    for (let s = 0; s < 86400; s++) {
      const text = decoder.decode(bytes.subarray(s * 8, s * 8 + 8))
      const h = Math.floor(s / 3600)
      const m = Math.floor((s % 3600) / 60)
      const expected = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`
      if (text !== expected || Timestamp.clock(s) !== expected) mismatches++
    }
    expect(mismatches).toBe(0)
    expect(Timestamp.clock(0)).toBe("00:00:00")
    expect(Timestamp.clock(86399)).toBe("23:59:59")
  })

  it("parse rejects malformed and impossible timestamps", () => {
    for (const text of [
      "2024-01-01 24:00:00",
      "2024-01-01 12:60:00",
      "2024-01-01 12:00:60",
      "2024-02-30 00:00:00",
      "2024-01-01T00:00:00",
      "2024-01-01 1:00:00",
      "2024-01-01",
      "2024-01-01 00:00:00Z",
      ""
    ]) {
      expect(() => Timestamp.parse(text), text).toThrow(RangeError)
    }
    expect(Timestamp.parse("1970-01-01 00:00:00")).toBe(0)
    expect(Timestamp.parse("1969-12-31 23:59:59")).toBe(-1)
  })

  it("make composes a day and a second of the day", () => {
    expect(Timestamp.format(Timestamp.make(Calendar.parse("2024-01-01"), 9 * 3600 + 30 * 60))).toBe(
      "2024-01-01 09:30:00"
    )
    expect(Timestamp.SECONDS_PER_DAY).toBe(86400)
  })
})
