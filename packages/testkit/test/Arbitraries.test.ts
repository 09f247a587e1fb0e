import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Effect, Either, FastCheck as fc } from "effect"
import { Arbitraries, Splits } from "../src/index.js"

describe("Arbitraries", () => {
  it("every generated world is a valid configuration over the small world", () => {
    const base = Effect.runSync(Config.decode(Splits.SMALL_WORLD))
    fc.assert(
      fc.property(Arbitraries.world(), (overrides) => {
        const merged = Effect.runSync(Effect.either(Config.merge(base, overrides)))
        expect(Either.isRight(merged)).toBe(true)
        const c = Either.getOrThrow(merged)
        expect(c.volume.dcs).toBeLessThanOrEqual(c.volume.stores)
        expect(c.dates.end >= c.dates.start).toBe(true)
      }),
      { numRuns: 100 }
    )
  })

  it("shards are in range", () => {
    fc.assert(
      fc.property(Arbitraries.shard(5), (s) => s.index >= 0 && s.index < s.count && s.count <= 5),
      { numRuns: 100 }
    )
  })
})
