import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc } from "effect"
import { Report, Validate } from "../src/index.js"
import * as F from "./fixture.js"
import { generate, type Params } from "./generate.js"

const params: fc.Arbitrary<Params> = fc.record({
  seed: fc.integer(),
  stores: fc.integer({ min: 1, max: 3 }),
  dcs: fc.integer({ min: 1, max: 2 }),
  products: fc.integer({ min: 1, max: 5 }),
  days: fc.integer({ min: 1, max: 4 }),
  offset: fc.integer({ min: 0, max: 40 }),
  receiptsPerStoreDay: fc.integer({ min: 0, max: 6 })
})

describe("random consistent datasets", () => {
  it.prop("always pass every check in memory", [params], ([p]) => {
    const report = Validate.batches(F.batches(generate(p)))
    expect(Report.ok(report), Report.text(report)).toBe(true)
  })

  it.effect.prop(
    "always pass every check on disk",
    [params],
    ([p]) =>
      Effect.gen(function* () {
        const dir = yield* Effect.promise(() => F.write(generate(p)))
        const report = yield* Validate.directory(dir)
        expect(Report.ok(report), Report.text(report)).toBe(true)
      }),
    { fastCheck: { numRuns: 15 } }
  )

  it.prop(
    "a one-cent change to any receipt's Total fails exactly I3, once, at that receipt",
    [params, fc.nat(), fc.constantFrom(1, -1)],
    ([p, pick, delta]) => {
      const fx = generate(p)
      const receipts = fx.facts.receipts!
      fc.pre(receipts.length > 0)
      const row = pick % receipts.length
      const total = F.col("receipts", "Total")
      const cents = Math.round(Number(receipts[row]![total]) * 100) + delta
      fc.pre(cents >= 0)
      receipts[row]![total] = (cents / 100).toFixed(2)
      const report = Validate.batches(F.batches(fx))
      expect(Report.failed(report)).toEqual(["I3"])
      const i3 = Report.get(report, "I3")!
      expect(i3.violations).toBe(1)
      expect(i3.examples[0]!.line).toBe(row + 1)
    }
  )

  it.prop("an extra deduction larger than any stock fails I4", [params, fc.nat()], ([p, pick]) => {
    const fx = generate(p)
    const snaps = fx.master.store_inventory_snapshots!
    const [store, product] = snaps[pick % snaps.length]!
    const last = fx.facts.truck_moves!.at(-1)![1]!.slice(0, 10)
    fx.facts.store_inventory_txn!.push([
      "TRC0",
      `${last} 23:59:59`,
      store!,
      product!,
      "-1000000",
      "DAMAGED",
      "SHRINK"
    ])
    const report = Validate.batches(F.batches(fx))
    expect(Report.failed(report)).toEqual(["I4"])
    expect(Report.get(report, "I4")!.violations).toBe(1)
  })
})
