/**
 * Issue #16: a plugin that makes rows for every store of the chain, ignoring which stores its
 * shard owns, would write each row once per worker or shard. The engine checks every row's
 * partition key (`StoreID` here) against the shard's regions and fails the run naming the
 * plugin, table and row; the same plugin iterating `ctx.stores()` gives the same bytes however
 * the work is split.
 *
 * Worker threads run the compiled setup module (`dist`): build the packages first.
 */
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import type { Config } from "@retail-datagen/config"
import { Effect } from "effect"
import { afterAll } from "vitest"
import { Generator } from "../src/index.js"
import { cleanup, expectSameTree, FIXTURES, freshDir, smallConfig } from "./helpers.js"

afterAll(cleanup)

const NAIVE = path.join(FIXTURES, "naive.mjs")
const SAFE = path.join(FIXTURES, "safe.mjs")

const config = (dir: string, module: string) =>
  smallConfig(dir, {
    plugins: [module],
    dates: { start: "2024-02-01", end: "2024-02-02" }
  } as Config.Overrides)

const failure = (effect: Effect.Effect<unknown, unknown>) =>
  Effect.map(Effect.flip(effect), (e) => (e as { message: string }).message)

describe("shard safety", () => {
  it.effect(
    "the naive per-store plugin fails on 2 workers, naming plugin, table and row",
    () =>
      Effect.gen(function* () {
        const message = yield* failure(
          Generator.generate(config(freshDir(), NAIVE), { workers: 2, builtIn: false })
        )
        expect(message).toContain('plugin "naive_visits" failed in step')
        expect(message).toMatch(/table "naive_visits" row \d+ has StoreID \d+/)
        expect(message).toContain("ctx.stores()")
      }),
    60_000
  )

  it.effect(
    "the naive per-store plugin fails on shard 2/2 (and 1/2)",
    () =>
      Effect.gen(function* () {
        for (const index of [0, 1]) {
          const message = yield* failure(
            Generator.generate(config(freshDir(), NAIVE), {
              workers: 1,
              builtIn: false,
              shard: { index, count: 2 }
            })
          )
          expect(message).toMatch(
            /plugin "naive_visits" failed in step .*table "naive_visits" row \d+ has StoreID/
          )
        }
      }),
    60_000
  )

  it.effect(
    "iterating ctx.stores() is correct by construction: 1 worker = 2 workers = 2 shards merged",
    () =>
      Effect.gen(function* () {
        const one = freshDir()
        const r1 = yield* Generator.generate(config(one, SAFE), { workers: 1, builtIn: false })
        expect(r1.records.safe_visits).toBe(2 * 6)
        const two = freshDir()
        yield* Generator.generate(config(two, SAFE), { workers: 2, builtIn: false })
        expectSameTree(path.join(one, "facts", "safe_visits"), path.join(two, "facts", "safe_visits"))
        const split = freshDir()
        for (const index of [0, 1]) {
          yield* Generator.generate(config(split, SAFE), {
            workers: 1,
            builtIn: false,
            shard: { index, count: 2 }
          })
        }
        yield* Generator.merge(config(split, SAFE), {})
        expectSameTree(path.join(one, "facts", "safe_visits"), path.join(split, "facts", "safe_visits"))
      }),
    60_000
  )
})
