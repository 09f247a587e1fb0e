import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { format } from "node:util"
import { describe, expect, it, vi } from "@effect/vitest"

const root = fileURLToPath(new URL("..", import.meta.url))

describe("README", () => {
  it("the example runs and prints exactly the output shown", async () => {
    const readme = readFileSync(join(root, "README.md"), "utf8")
    const code = /```js\n([\s\S]*?)```/.exec(readme)![1]!
    const shown = /Output \(the same on every machine\):\n\n```\n([\s\S]*?)```/.exec(readme)![1]!
    const dir = mkdtempSync(join(root, ".readme-"))
    const file = join(dir, "example.ts")
    writeFileSync(
      file,
      code.replace(`"@retail-datagen/customers"`, JSON.stringify(join(root, "src/index.ts")))
    )
    const log = vi.spyOn(console, "log").mockImplementation(() => {})
    try {
      await import(/* @vite-ignore */ file)
      const printed = log.mock.calls.map((args) => format(...args)).join("\n")
      expect(printed).toBe(shown.trimEnd())
    } finally {
      log.mockRestore()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
