import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it, vi } from "@effect/vitest"
import { VISITS } from "./helpers.js"

const root = fileURLToPath(new URL("..", import.meta.url))

describe("README", () => {
  it("the first example runs against a small configuration and prints its summary", async () => {
    const readme = readFileSync(join(root, "README.md"), "utf8")
    const code = /```ts\n([\s\S]*?)```/.exec(readme)![1]!
    const dir = mkdtempSync(join(root, ".readme-"))
    try {
      const config = join(dir, "retail-datagen.json")
      writeFileSync(
        config,
        JSON.stringify({
          volume: { stores: 5, dcs: 1, customers: 200, products: 100, geographies: 10 },
          paths: { master: join(dir, "master"), facts: join(dir, "facts") },
          plugins: [VISITS]
        })
      )
      const file = join(dir, "example.ts")
      writeFileSync(
        file,
        code
          .replace(`"@retail-datagen/generator"`, JSON.stringify(join(root, "src/index.ts")))
          .replace(`"retail-datagen.json"`, JSON.stringify(config))
          // the fixture plugins only, whatever the built-in families are today
          .replace(
            `{ start: "2024-01-01", end: "2024-01-30" }`,
            `{ start: "2024-01-01", end: "2024-01-30", builtIn: false }`
          )
      )
      const log = vi.spyOn(console, "log").mockImplementation(() => {})
      try {
        await import(/* @vite-ignore */ file)
        const printed = log.mock.calls.map((args) => args.map(String).join(" "))
        expect(printed[0]).toMatch(/^Generated \d+ records in \d+\.\ds$/)
        expect(printed.some((l) => /^daily_totals: 30 rows, \d+ bytes$/.test(l))).toBe(true)
        expect(printed.some((l) => /^store_visits: \d+ rows, \d+ bytes$/.test(l))).toBe(true)
      } finally {
        log.mockRestore()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
