/**
 * `validate` (the command line, run in this process) trusts nothing: a directory that is not a
 * dataset exits 2; a file changed after generation fails with a finding naming it; `--fast` still
 * sees a changed row count.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { afterAll, beforeAll } from "vitest"
import { PLUGINS_FIXTURE, requireBuild, runCli, tempDir } from "./helpers.js"

const tmp = tempDir()
beforeAll(requireBuild)
afterAll(tmp.cleanup)

describe("validate trusts nothing", () => {
  it("not a dataset: exit 2; a file with rows deleted: exit 1 naming it, with or without --fast", async () => {
    const empty = join(tmp.dir, "empty")
    mkdirSync(empty)
    const none = await runCli(["validate", empty])
    expect(none.code).toBe(2)
    expect(none.stderr).toBe(`error: dataset ${empty}: not a dataset: no master/ or facts/ directory in it\n`)
    expect(none.stdout).toBe("")
    const config = tmp.file(
      "v.json",
      JSON.stringify({
        volume: { stores: 3, dcs: 1, customers: 100, products: 60, geographies: 10 },
        dates: { start: "2024-03-01", end: "2024-03-01" },
        plugins: [PLUGINS_FIXTURE]
      })
    )
    const out = join(tmp.dir, "v")
    const gen = await runCli([
      "generate",
      "--config",
      config,
      "--only-config-plugins",
      "--workers",
      "1",
      "--out",
      out,
      "--quiet"
    ])
    expect(gen.code, gen.stderr).toBe(0)
    const ok = await runCli(["validate", out])
    expect(ok.code, ok.stdout + ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/^files\s+pass/m)
    expect(ok.stdout).toMatch(/^OK: [\d,]+ rows from \d+ sources; every file matches its manifest$/m)
    expect(ok.stdout).not.toMatch(/_manifest|_config\.json|_state/)
    const manifest = JSON.parse(readFileSync(join(out, "facts", "_manifest.json"), "utf8"))
    const rel: string = manifest.files.find((f: { rows: number }) => f.rows > 2).path
    const file = join(out, "facts", rel)
    const lines = readFileSync(file, "utf8").split("\n")
    writeFileSync(file, [...lines.slice(0, -2), ""].join("\n"))
    for (const extra of [[], ["--fast"]]) {
      const bad = await runCli(["validate", ...extra, out])
      expect(bad.code).toBe(1)
      expect(bad.stdout).toMatch(
        new RegExp(
          `^  facts/${rel.replace(/[.]/g, "\\.")}  \\S*  changed: [\\d,]+ rows, facts/_manifest\\.json says`,
          "m"
        )
      )
    }
  }, 300_000)
})
