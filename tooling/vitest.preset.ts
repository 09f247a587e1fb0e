import { availableParallelism } from "node:os"
import { configDefaults, defineConfig } from "vitest/config"

/**
 * Worker processes per vitest run. `npm test` (scripts/test.mjs) runs a few packages at once and
 * passes each its share of the cores in RETAIL_DATAGEN_TEST_WORKERS; a vitest started by hand
 * takes every core but one.
 */
const workers = Number(process.env.RETAIL_DATAGEN_TEST_WORKERS) || Math.max(1, availableParallelism() - 1)

/** The test tasks of a package: `test` (unit), `test:e2e` and `test:heavy`. */
type Task = "unit" | "e2e" | "heavy"

/**
 * Shared vitest settings: tests resolve workspace packages to their TypeScript sources
 * (the "source" export condition), so tests need no prior build of dependencies. Each package
 * also writes its results as JSON, which `scripts/test-summary.mjs` sums into one line.
 *
 * A package may name end-to-end files (`e2e`: worker threads, spawned processes) and heavy
 * end-to-end files (`heavy`: cases that take more than 10 s even when shrunk — a publish through a
 * local registry, a browser, kill-and-resume runs, byte comparisons over many workers and shards).
 * Its `test` script runs `vitest run --mode unit`, every `test/**\/*.test.ts` but those, into
 * `.vitest-results.json`; `test:e2e` runs `vitest run --mode e2e`, only the e2e files, into
 * `.vitest-results.e2e.json`; `test:heavy` runs `vitest run --mode heavy`, only the heavy files,
 * into `.vitest-results.heavy.json`. `npm test` runs the unit tasks, then the e2e tasks; CI then
 * runs `npm run test:heavy` (the heavy tasks). A plain `vitest run [files]` runs everything it is
 * given.
 *
 * Test files of one worker share its module cache (`isolate: false`): loading effect and the
 * package once per worker instead of once per file is most of the suite's time on a small machine.
 * Tests must therefore restore what they mock, and a shared helper module's state lives as long as
 * the worker (e.g. a temporary root removed by one file's afterAll is recreated by the next).
 */
export const suites = (e2e: ReadonlyArray<string> = [], heavy: ReadonlyArray<string> = []) =>
  defineConfig(({ mode }) => {
    const task: Task | undefined = mode === "unit" || mode === "e2e" || mode === "heavy" ? mode : undefined
    // End-to-end tests start processes, threads, browsers and brokers: their limit only catches
    // a hang, so it leaves room for a machine that is busy with other work.
    const timeout = task === "e2e" || task === "heavy" ? 300_000 : 60_000
    return {
      resolve: { conditions: ["source"] },
      ssr: { resolve: { conditions: ["source"] } },
      test: {
        include: task === "e2e" ? [...e2e] : task === "heavy" ? [...heavy] : ["test/**/*.test.ts"],
        exclude: task === "unit" ? [...configDefaults.exclude, ...e2e, ...heavy] : configDefaults.exclude,
        testTimeout: timeout,
        hookTimeout: timeout,
        reporters: ["default", "json"],
        outputFile: {
          json: task === "e2e" || task === "heavy" ? `.vitest-results.${task}.json` : ".vitest-results.json"
        },
        pool: "forks",
        maxWorkers: workers,
        minWorkers: 1,
        isolate: false
      }
    }
  })

/** The settings of a package without end-to-end files. */
export const preset = suites()
