import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import { MarketingOptions, plugins } from "../src/index.js"

describe("MarketingOptions", () => {
  it("fills the defaults", () => {
    expect(MarketingOptions.make()).toEqual({ impressionsPerDay: 5000, lift: 1.3, lookbackDays: 7 })
    expect(MarketingOptions.make({ impressionsPerDay: 0 }).impressionsPerDay).toBe(0)
  })

  it.effect("names the bad field and the expected range", () =>
    Effect.gen(function* () {
      const e = yield* Effect.flip(MarketingOptions.decode({ lift: 0.5 }))
      expect(e._tag).toBe("MarketingOptionsError")
      expect(e.field).toBe("lift")
      expect(e.message).toBe("marketing options: lift must be a number from 1 to 10, got 0.5")
      const big = yield* Effect.flip(MarketingOptions.decode({ impressionsPerDay: 2.5 }))
      expect(big.message).toBe(
        "marketing options: impressionsPerDay must be an integer from 0 to 100,000, got 2.5"
      )
      const unknown = yield* Effect.flip(MarketingOptions.decode({ impressions: 10 }))
      expect(unknown.field).toBe("impressions")
      expect(unknown.expected).toMatch(/a known field/)
      const notObject = yield* Effect.flip(MarketingOptions.decode(7))
      expect(notObject.field).toBe("(options)")
    })
  )

  it("refuses `patterns` (they come from the patterns plugin), naming the field", () => {
    const e = MarketingOptions.decodeEither({ patterns: { events: { flashSales: false } } })
    expect(Either.isLeft(e)).toBe(true)
    if (Either.isLeft(e)) {
      expect(e.left.field).toBe("patterns")
      expect(e.left.expected).toMatch(/a known field/)
    }
  })

  it("plugins(options) validates eagerly and returns the one marketing plugin", () => {
    expect(() => plugins({ lookbackDays: 0 })).toThrow(/lookbackDays must be an integer from 1 to 90/)
    const [p, ...rest] = plugins({ impressionsPerDay: 10 })
    expect(rest).toEqual([])
    expect(p!.name).toBe("marketing")
    expect(p!.dependsOn).toEqual(["patterns"])
    expect(p!.tables.map((t) => t.name)).toEqual(["marketing"])
  })
})
