import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it, vi } from "@effect/vitest"

const root = fileURLToPath(new URL("..", import.meta.url))

describe("README, Pipeline section", () => {
  it("the pipeline example runs (with the plugin of the first example) and writes the layout it describes", async () => {
    const readme = readFileSync(join(root, "README.md"), "utf8")
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
    const first = blocks[0]!
    const pipeline = blocks.find((b) => b.includes("Pipeline.run({"))!
    const dir = mkdtempSync(join(root, ".readme-"))
    const src = JSON.stringify(join(root, "src/index.ts"))
    const code = [
      first.replace(`"@retail-datagen/engine"`, src),
      `import { Pipeline } from ${src}`,
      "{",
      pipeline
        .split("\n")
        .filter((l) => !l.startsWith("import "))
        .join("\n")
        .replace(`"out/facts"`, JSON.stringify(join(dir, "facts"))),
      "}"
    ].join("\n")
    const file = join(dir, "example.ts")
    writeFileSync(file, code)
    const log = vi.spyOn(console, "log").mockImplementation(() => {})
    try {
      await import(/* @vite-ignore */ file)
      const printed = log.mock.calls.map((args) => args.map(String).join(" "))
      expect(printed).toContain("7 21")
      expect(existsSync(join(dir, "facts", "visits", "dt=2024-01-07", "visits_20240107.csv"))).toBe(true)
      expect(existsSync(join(dir, "facts", "_manifest.json"))).toBe(true)
    } finally {
      log.mockRestore()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
