/**
 * Issue #16, loading and options: a `plugins` entry is a specifier or `{ module, options }`; a
 * factory module validates its options and errors name the path; specifiers resolve against the
 * given base directory (the CLI passes the config file's), ESM-only packages load from its
 * `node_modules`, and a plugin whose own dependency is missing says so.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Effect } from "effect"
import { afterAll } from "vitest"
import { Plugins } from "../src/index.js"
import { cleanup, FIXTURES, freshDir, VISITS } from "./helpers.js"

afterAll(cleanup)

const config = (plugins: ReadonlyArray<unknown>) => Effect.runSync(Config.decode({ plugins }))
const message = <E extends { message: string }>(e: Effect.Effect<unknown, E>) =>
  Effect.map(Effect.flip(e), (x) => x.message)

/** Writes `files` (relative path → text) under a fresh directory and returns it. */
const project = (files: Record<string, string>): string => {
  const dir = freshDir()
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), text)
  }
  return dir
}

/** A self-contained plugin module (no imports) with one table-less plugin named `name`. */
const moduleText = (name: string, imports = "") =>
  `${imports}\nexport const plugins = [{ name: ${JSON.stringify(name)}, tables: [], dependsOn: [], init: () => null, step: () => [] }]\n`

describe("plugin options", () => {
  it.effect("a factory gets its decoded options (defaults filled in)", () =>
    Effect.gen(function* () {
      const mod = yield* Plugins.loadModule({ module: "./factory.mjs", options: { rate: 0.5 } }, FIXTURES, 0)
      expect(mod.plugins.map((p) => p.name)).toStrictEqual(["factory_rows"])
      const plain = yield* Plugins.loadModule("./factory.mjs", FIXTURES, 0)
      expect(plain.plugins).toHaveLength(1)
    })
  )

  it.effect("bad options name the entry's path: plugins[1].options.rate: expected …", () =>
    Effect.gen(function* () {
      const c = config([VISITS, { module: path.join(FIXTURES, "factory.mjs"), options: { rate: 2 } }])
      const text = yield* message(Plugins.fromConfig(c, { builtIn: false }))
      expect(text).toMatch(/^plugins\[1\]\.options\.rate: expected a number between 0 and 1, got 2/)
      expect(text).toContain('options of plugin module "')
      const label = yield* message(
        Plugins.fromConfig(config([{ module: "./factory.mjs", options: { label: "" } }]), {
          cwd: FIXTURES,
          builtIn: false
        })
      )
      expect(label).toMatch(/^plugins\[0\]\.options\.label: expected a non empty string/)
    })
  )

  it.effect("options for a module that exports a plain plugin array are refused", () =>
    Effect.gen(function* () {
      const text = yield* message(
        Plugins.fromConfig(config([{ module: VISITS, options: { rate: 1 } }]), { builtIn: false })
      )
      expect(text).toBe(
        `plugins[0].options: the module takes no options (it exports a plugin array, not a Plugin.factory) (options of plugin module "${VISITS}")`
      )
    })
  )
})

describe("plugin loading", () => {
  it.effect("relative specifiers resolve against the base directory, not the working directory", () =>
    Effect.gen(function* () {
      const dir = project({ "plugins/mine.mjs": moduleText("mine") })
      const c = config(["./plugins/mine.mjs"])
      const loaded = yield* Plugins.fromConfig(c, { cwd: dir, builtIn: false })
      expect(loaded.map((p) => p.name)).toStrictEqual(["mine"])
      const text = yield* message(Plugins.fromConfig(c, { cwd: freshDir(), builtIn: false }))
      expect(text).toMatch(/config plugins\[0\]\): module not found: .*plugins\/mine\.mjs does not exist$/)
    })
  )

  it.effect("an ESM-only package (exports with only `import`) loads from the base's node_modules", () =>
    Effect.gen(function* () {
      const dir = project({
        "node_modules/@acme/esm-only/package.json": JSON.stringify({
          name: "@acme/esm-only",
          version: "1.2.3",
          type: "module",
          exports: {
            ".": { types: "./index.d.ts", import: "./index.js" },
            "./extra": { import: "./extra.js" }
          }
        }),
        "node_modules/@acme/esm-only/index.js": moduleText("esm_only"),
        "node_modules/@acme/esm-only/extra.js": moduleText("esm_extra"),
        "sub/dir/.keep": ""
      })
      // found from a nested directory too (node_modules of the parents)
      const mod = yield* Plugins.loadModule("@acme/esm-only", path.join(dir, "sub", "dir"), 0)
      expect(mod.plugins.map((p) => p.name)).toStrictEqual(["esm_only"])
      expect(mod.version).toBe("1.2.3")
      expect(mod.codeHash).toMatch(/^[0-9a-f]{64}$/)
      const extra = yield* Plugins.loadModule("@acme/esm-only/extra", dir, 0)
      expect(extra.plugins.map((p) => p.name)).toStrictEqual(["esm_extra"])
      const missing = yield* message(Plugins.loadModule("@acme/esm-only/nope", dir, 0))
      expect(missing).toContain('exports no "./nope" for an ES module import')
    })
  )

  it.effect("a plugin whose own dependency is missing shows that dependency, not 'module not found'", () =>
    Effect.gen(function* () {
      const dir = project({
        "node_modules/needs-dep/package.json": JSON.stringify({
          name: "needs-dep",
          version: "0.1.0",
          type: "module",
          exports: { import: "./index.js" }
        }),
        "node_modules/needs-dep/index.js": moduleText("needs_dep", 'import "left-pad-not-installed"')
      })
      const text = yield* message(Plugins.loadModule("needs-dep", dir, 2))
      expect(text).toContain('cannot load fact plugins from "needs-dep" (config plugins[2]): loading ')
      expect(text).toContain("left-pad-not-installed")
      const absent = yield* message(Plugins.loadModule("not-installed-anywhere", dir, 0))
      expect(absent).toContain("module not found: no node_modules/not-installed-anywhere in")
    })
  )

  it.effect("the code hash follows the code: one changed byte changes it", () =>
    Effect.gen(function* () {
      const dir = project({ "p.mjs": moduleText("hashed") })
      const a = yield* Plugins.loadModule("./p.mjs", dir, 0)
      const b = yield* Plugins.loadModule("./p.mjs", dir, 0)
      expect(a.codeHash).toBe(b.codeHash)
      const other = project({ "p.mjs": `${moduleText("hashed")}// changed\n` })
      const c = yield* Plugins.loadModule("./p.mjs", other, 0)
      expect(c.codeHash).not.toBe(a.codeHash)
      expect(a.version).toBe("")
    })
  )
})
