import { availableParallelism } from "node:os"
import { configDefaults, defineConfig } from "vitest/config"

/**
 * Worker processes per vitest run. `npm test` (scripts/test.mjs) runs a few packages at once and
 * passes each its share of the cores in RETAIL_DATAGEN_TEST_WORKERS; a vitest started by hand
 * takes every core but one.
 */
const workers = Number(process.env.RETAIL_DATAGEN_TEST_WORKERS) || Math.max(1, availableParallelism() - 1)

/**
 * Shared vitest settings: tests resolve workspace packages to their TypeScript sources
 * (the "source" export condition), so tests need no prior build of dependencies. Each package
 * also writes its results as JSON, which `scripts/test-summary.mjs` sums into one line.
 *
 * A package may name end-to-end files (`e2e`: worker threads, spawned processes). Its `test`
 * script runs `vitest run --mode unit`, every `test/**\/*.test.ts` but those, into
 * `.vitest-results.json`; its `test:e2e` script runs `vitest run --mode e2e`, only those, into
 * `.vitest-results.e2e.json` (`npm test` runs the e2e tasks after all the others, one package at a
 * time). A plain `vitest run [files]` runs everything it is given.
 *
 * Test files of one worker share its module cache (`isolate: false`): loading effect and the
 * package once per worker instead of once per file is most of the suite's time on a small machine.
 * Tests must therefore restore what they mock, and a shared helper module's state lives as long as
 * the worker (e.g. a temporary root removed by one file's afterAll is recreated by the next).
 */
export const suites = (e2e: ReadonlyArray<string> = []) =>
  defineConfig(({ mode }) => ({
    resolve: { conditions: ["source"] },
    ssr: { resolve: { conditions: ["source"] } },
    test: {
      include: mode === "e2e" ? [...e2e] : ["test/**/*.test.ts"],
      exclude: mode === "unit" ? [...configDefaults.exclude, ...e2e] : configDefaults.exclude,
      // End-to-end tests start processes, threads, browsers and brokers: their limit only catches
      // a hang, so it leaves room for a machine that is busy with other work.
      testTimeout: mode === "e2e" ? 300_000 : 60_000,
      hookTimeout: mode === "e2e" ? 300_000 : 60_000,
      reporters: ["default", "json"],
      outputFile: { json: mode === "e2e" ? ".vitest-results.e2e.json" : ".vitest-results.json" },
      pool: "forks",
      maxWorkers: workers,
      minWorkers: 1,
      isolate: false
    }
  }))

/** The settings of a package without end-to-end files. */
export const preset = suites()
