import { defineConfig } from "vitest/config"

/**
 * Shared vitest settings: tests resolve workspace packages to their TypeScript sources
 * (the "source" export condition), so `pnpm test` needs no prior build of dependencies.
 */
export const preset = defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ["default"],
    pool: "forks"
  }
})
