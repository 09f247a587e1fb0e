import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it, vi } from "@effect/vitest"

const root = fileURLToPath(new URL("..", import.meta.url))

describe("README", () => {
  it("the first example runs and prints what it says", async () => {
    const readme = readFileSync(join(root, "README.md"), "utf8")
    const code = /```ts\n([\s\S]*?)```/.exec(readme)![1]!
    const dir = mkdtempSync(join(root, ".readme-"))
    const file = join(dir, "example.ts")
    writeFileSync(file, code.replace(`"@retail-datagen/engine"`, JSON.stringify(join(root, "src/index.ts"))))
    const log = vi.spyOn(console, "log").mockImplementation(() => {})
    try {
      await import(/* @vite-ignore */ file)
      const printed = log.mock.calls.map((args) => args.map(String).join(" "))
      expect(printed).toContain("21")
      expect(printed.some((l) => l.includes("2024-01-07 visits: 3 rows"))).toBe(true)
      expect(printed.some((l) => l.includes("run finished: 7 days, 21 rows"))).toBe(true)
    } finally {
      log.mockRestore()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
