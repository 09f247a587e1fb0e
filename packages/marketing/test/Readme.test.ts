import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it, vi } from "@effect/vitest"

const root = fileURLToPath(new URL("..", import.meta.url))

describe("README", () => {
  it("the first example runs and prints the rows it shows", async () => {
    const readme = readFileSync(join(root, "README.md"), "utf8")
    const code = /```js\n([\s\S]*?)```/.exec(readme)![1]!
    const shown = /Output:\n\n```\n([\s\S]*?)```/
      .exec(readme)![1]!
      .split("\n")
      .filter((l) => l.startsWith("TRC"))
    const dir = mkdtempSync(join(root, ".readme-"))
    const file = join(dir, "example.ts")
    writeFileSync(
      file,
      code.replace(`"@retail-datagen/marketing"`, JSON.stringify(join(root, "src/index.ts")))
    )
    const log = vi.spyOn(console, "log").mockImplementation(() => {})
    try {
      await import(/* @vite-ignore */ file)
      const [rows, text] = log.mock.calls.map((args) => args[0])
      expect(rows).toEqual({ marketing: 48283 })
      expect(shown.length).toBe(4)
      expect((text as string).split("\n").slice(0, 4)).toEqual(shown)
    } finally {
      log.mockRestore()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
