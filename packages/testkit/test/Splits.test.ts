import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Splits } from "../src/index.js"

// Worker threads run the compiled generator (dist): build the packages before these tests.
const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url))

describe("Splits.check", () => {
  it.effect(
    "a well-behaved plugin gives the same bytes on 1, 2, 3 workers and 2, 3 shards + merge",
    () =>
      Effect.gen(function* () {
        const result = yield* Splits.check({ plugins: ["./plugins.mjs"], cwd: FIXTURES })
        expect(result.runs).toStrictEqual([
          "workers 1",
          "workers 2",
          "workers 3",
          "shards 2 + merge",
          "shards 3 + merge"
        ])
        // 6 stores × 2 days, one file per day
        expect(result.rows).toStrictEqual({ counts: 12 })
        expect(result.files).toBe(2)
      }),
    120_000
  )

  it.effect(
    "a plugin keying its randomness by shard fails, naming the run and the file",
    () =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(
          Splits.check({ plugins: ["./shard-keyed.mjs"], cwd: FIXTURES, workers: [1, 2], shards: [] })
        )
        expect(error._tag).toBe("SplitsDiffer")
        expect(error.message).toMatch(
          /^workers 2 differs from workers 1: shard_keyed\/dt=2024-03-01\/shard_keyed_20240301\.csv has other bytes/
        )
      }),
    120_000
  )
})
