import { availableParallelism } from "node:os"
import { defineConfig } from "vitest/config"

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
 * Two suites: `vitest run` runs `test/**\/*.test.ts` into `.vitest-results.json`; `vitest run
 * --mode e2e` (the `test:e2e` script and turbo task) runs the heavier end-to-end files
 * `test/**\/*.e2e.ts` into `.vitest-results.e2e.json`.
 *
 * Test files of one worker share its module cache (`isolate: false`): loading effect and the
 * package once per worker instead of once per file is most of the suite's time on a small machine.
 * Tests therefore restore what they mock and keep no state in module scope.
 */
export const preset = defineConfig(({ mode }) => ({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: mode === "e2e" ? ["test/**/*.e2e.ts"] : ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ["default", "json"],
    outputFile: { json: mode === "e2e" ? ".vitest-results.e2e.json" : ".vitest-results.json" },
    pool: "forks",
    maxWorkers: workers,
    minWorkers: 1,
    isolate: false
  }
}))
