import { defineConfig } from "vitest/config"

/**
 * Shared vitest settings: tests resolve workspace packages to their TypeScript sources
 * (the "source" export condition), so tests need no prior build of dependencies. Each package
 * also writes `.vitest-results.json`, which `scripts/test-summary.mjs` sums into one line.
 */
export const preset = defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-results.json" },
    pool: "forks"
  }
})
