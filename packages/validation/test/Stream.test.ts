import { describe, expect, it } from "@effect/vitest"
import { Calendar, Timestamp } from "@retail-datagen/core"
import { Report, Validate } from "../src/index.js"
import * as F from "./fixture.js"

const D1 = "2024-03-04"
const D2 = "2024-03-05"

/** The fixture's fact rows of one day, as batches. */
const dayTables = (fx: F.Fixture, date: string) =>
  Object.fromEntries(
    Object.entries(fx.facts).map(([t, rows]) => [
      t,
      [
        F.batch(
          t,
          rows.filter((r) => r[1]!.startsWith(date))
        )
      ]
    ])
  )

const summary = (r: Report.Report) =>
  r.checks.map((c) => [c.id, c.rows, c.violations, c.examples.map((e) => e.reason)])

describe("Validate.stream", () => {
  it("day-by-day feeding gives the same results as whole batches", () => {
    for (const mutate of [
      (_: F.Fixture) => {},
      (fx: F.Fixture) => F.set(fx, "receipts", 4, "Total", "1.00"),
      (fx: F.Fixture) => F.set(fx, "truck_moves", 6, "EventTS", `${D1} 05:00:00`)
    ]) {
      const fx = F.base()
      mutate(fx)
      const v = Validate.stream()
      v.master(F.batches(fx).master)
      v.day(Calendar.parse(D1), dayTables(fx, D1))
      v.day(Calendar.parse(D2), dayTables(fx, D2))
      const streamed = v.finish()
      expect(summary(streamed)).toEqual(summary(Validate.batches(F.batches(fx))))
    }
  })

  it("a row fed with another day is an I5 partition violation named by its batch", () => {
    const fx = F.base()
    const v = Validate.stream()
    v.master(F.batches(fx).master)
    const day1 = dayTables(fx, D1)
    const marketing2 = F.batch(
      "marketing",
      fx.facts.marketing!.filter((r) => r[1]!.startsWith(D2))
    )
    v.day(Calendar.parse(D1), { ...day1, marketing: [day1.marketing![0]!, marketing2] })
    const r = v.finish()
    expect(Report.failed(r)).toEqual(["I5"])
    expect(Report.get(r, "I5")!.examples[0]).toEqual({
      table: "marketing",
      file: "marketing@2024-03-04[1]",
      line: 1,
      reason: "EventTS 2024-03-05 09:30:00 in the partition of 2024-03-04"
    })
  })
})

describe("the hours option", () => {
  it("applies a day's own opening window: closed days and earlier openings", () => {
    const closedOnD2 = (day: number, open: number, close: number) =>
      day === Calendar.parse(D2) ? { open, close: open, closed: true } : { open, close, closed: false }
    const r = Validate.batches(F.batches(F.base()), { hours: closedOnD2 })
    expect(Report.failed(r)).toEqual(["I5"])
    expect(Report.get(r, "I5")!.examples.map((e) => e.reason)).toEqual([
      "RCP104 at 2024-03-05 10:00:00 outside store 2's hours (closed that day)",
      "RCP105 at 2024-03-05 18:45:00 outside store 1's hours (closed that day)"
    ])

    // a receipt at 07:45 is outside the regular 08–22 but inside a 07:00 opening that day
    const fx = F.base()
    const ts = `${D1} 07:45:10`
    F.set(fx, "receipts", 1, "EventTS", ts)
    F.set(fx, "receipt_lines", 2, "EventTS", ts)
    F.set(fx, "store_inventory_txn", 3, "EventTS", ts)
    F.set(fx, "foot_traffic", 1, "EventTS", `${D1} 07:00:00`)
    expect(Report.failed(Validate.batches(F.batches(fx)))).toEqual(["I5"])
    const calls: Array<string> = []
    const early = (day: number, open: number, close: number) => {
      calls.push(`${Calendar.format(day)} ${Timestamp.clock(open)}`)
      return { open: Math.min(open, 7 * 3600), close, closed: false }
    }
    expect(Report.ok(Validate.batches(F.batches(fx), { hours: early }))).toBe(true)
    // once per (store, day) with receipts
    expect(calls.sort()).toEqual([`${D1} 00:00:00`, `${D1} 08:00:00`, `${D2} 00:00:00`, `${D2} 08:00:00`])
  })
})
