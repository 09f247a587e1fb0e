/**
 * A dataset started on two worker threads and continued by `facts` equals one run (moved out of
 * Generator.test.ts: it starts worker threads, so it runs in the `test:e2e` task with ScaleOut).
 */
import { describe, expect, it } from "@effect/vitest"
import type { Config } from "@retail-datagen/config"
import { Effect } from "effect"
import { afterAll } from "vitest"
import { Generator } from "../src/index.js"
import { cleanup, expectSameTree, freshDir, smallConfig } from "./helpers.js"

afterAll(cleanup)

/** The fixture plugins only, as in Generator.test.ts. */
const only = { builtIn: false, workers: 1 } as const
const generate = (config: Config.Config, options: Generator.Options = {}) =>
  Generator.generate(config, { ...only, ...options })
const facts = (config: Config.Config, options: Generator.Options = {}) =>
  Generator.facts(config, { ...only, ...options })

describe("generate on worker threads, then facts", () => {
  it.effect(
    "days 1–2 with generate, then facts without a start to day 4, equal one generate of days 1–4",
    () =>
      Effect.gen(function* () {
        // on two worker threads; the continuation asks for one and keeps the dataset's two (the
        // saved states belong to that count)
        const whole = freshDir()
        yield* generate(smallConfig(whole), { workers: 2 })
        const split = freshDir()
        yield* generate(smallConfig(split), { end: "2024-02-02", workers: 2 })
        const rest = yield* facts(smallConfig(split), { end: "2024-02-04", workers: 1 })
        expect(rest.workers).toBe(2)
        expect(rest.resumedAfter).toBe("2024-02-02")
        expect(rest.firstDay).toBe("2024-02-03")
        expect(rest.master.written).toBe(false)
        // paths differ by directory only: compare the trees relative to each run's root
        expectSameTree(whole, split)
      })
  )
})
