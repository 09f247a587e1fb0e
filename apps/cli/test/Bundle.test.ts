/**
 * `internal/bundle.ts`: which commands run from the bundle, and that a bundle older than any build
 * it was made from (a package rebuilt with `tsc -b` since) is left for the modules.
 */
import { mkdirSync, utimesSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { afterAll } from "vitest"
import * as Bundle from "../src/internal/bundle.js"
import { tempDir } from "./helpers.js"

const tmp = tempDir()
afterAll(tmp.cleanup)

/** A bundle directory at `<name>/cli/dist/bundle` made from one package build, with mtimes given. */
const layout = (name: string, times: { readonly bundle: number; readonly source: number }) => {
  const root = join(tmp.dir, name)
  const bundle = join(root, "cli", "dist", "bundle")
  const build = join(root, "core", "dist", "tsconfig.build.tsbuildinfo")
  mkdirSync(bundle, { recursive: true })
  mkdirSync(join(root, "core", "dist"), { recursive: true })
  writeFileSync(join(bundle, "main.js"), "")
  writeFileSync(build, "{}")
  writeFileSync(
    join(bundle, "sources.json"),
    JSON.stringify(["../../../core/dist/tsconfig.build.tsbuildinfo"])
  )
  utimesSync(join(bundle, "main.js"), times.bundle, times.bundle)
  utimesSync(build, times.source, times.source)
  return { dir: pathToFileURL(`${bundle}/`), main: pathToFileURL(join(bundle, "main.js")).href }
}

describe("Bundle.entry", () => {
  it("serves the commands that generate and check datasets when the bundle is newer than its builds", () => {
    const { dir, main } = layout("fresh", { bundle: 2_000_000, source: 1_000_000 })
    for (const command of ["init", "generate", "master", "facts", "validate", "merge"])
      expect(Bundle.entry([command, "--out", "x"], dir)).toBe(main)
    // a flag before the command is skipped; a flag's value there is taken for the command, which
    // then runs from the modules (as fast as without a bundle, and as correct)
    expect(Bundle.entry(["-x", "generate"], dir)).toBe(main)
    expect(Bundle.entry(["--log-level", "info", "generate"], dir)).toBeUndefined()
  })

  it("leaves serve, stream, report and diff (and no command) to the modules", () => {
    const { dir } = layout("others", { bundle: 2_000_000, source: 1_000_000 })
    for (const command of ["serve", "stream", "report", "diff", "nonsense"])
      expect(Bundle.entry([command], dir)).toBeUndefined()
    expect(Bundle.entry([], dir)).toBeUndefined()
  })

  it("a build newer than the bundle makes it stale", () => {
    const { dir } = layout("stale", { bundle: 1_000_000, source: 2_000_000 })
    expect(Bundle.entry(["generate"], dir)).toBeUndefined()
  })

  it("no bundle: the modules", () => {
    expect(Bundle.entry(["generate"], pathToFileURL(join(tmp.dir, "none/")))).toBeUndefined()
  })

  it("an installed bundle (under node_modules) is used without comparing times", () => {
    const { dir, main } = layout(join("node_modules", "retail-datagen"), {
      bundle: 1_000_000,
      source: 2_000_000
    })
    expect(Bundle.entry(["generate"], dir)).toBe(main)
  })
})
