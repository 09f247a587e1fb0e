import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Report, Validate } from "../src/index.js"
import * as F from "./fixture.js"

describe("Validate on the consistent fixture", () => {
  it.effect("a directory passes every check with nothing skipped", () =>
    Effect.gen(function* () {
      const dir = yield* Effect.promise(() => F.write(F.base()))
      const report = yield* Validate.directory(dir)
      expect(Report.ok(report), Report.text(report)).toBe(true)
      expect(report.checks.map((c) => c.id)).toEqual(["F", "I1", "I2", "I3", "I4", "I5", "I6", "I7"])
      for (const c of report.checks) {
        expect(c.notes, c.name).toEqual([])
        expect(c.rows, c.name).toBeGreaterThan(0)
      }
    })
  )

  it("in-memory batches pass every check with nothing skipped", () => {
    const report = Validate.batches(F.batches(F.base()))
    expect(Report.ok(report), Report.text(report)).toBe(true)
    for (const c of report.checks) expect(c.notes, c.name).toEqual([])
  })
})
