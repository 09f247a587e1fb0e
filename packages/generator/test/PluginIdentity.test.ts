/**
 * Issue #16, identity: the facts manifest records each module plugin's name, module, package
 * version and code hash; continuing a dataset with other plugin code is refused naming the plugin
 * and how to start over, and `force` starts over. Built-in plugins add nothing to the manifest.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import type { Config } from "@retail-datagen/config"
import { Manifest } from "@retail-datagen/engine"
import { Effect } from "effect"
import { afterAll } from "vitest"
import { Generator } from "../src/index.js"
import { cleanup, FIXTURES, freshDir, smallConfig } from "./helpers.js"

afterAll(cleanup)

const SAFE = fs.readFileSync(path.join(FIXTURES, "naive.mjs"), "utf8")

describe("plugin identity", () => {
  it.effect(
    "the manifest records the module plugins; changed code is refused, force starts over",
    () =>
      Effect.gen(function* () {
        const dir = freshDir()
        // a plugin module next to the "config", loaded through a relative specifier
        fs.writeFileSync(path.join(dir, "naive.mjs"), SAFE)
        fs.writeFileSync(
          path.join(dir, "plugin.mjs"),
          'import { safe } from "./naive.mjs"\nexport default [safe]\n'
        )
        const first = smallConfig(dir, {
          plugins: ["./plugin.mjs"],
          dates: { start: "2024-02-01", end: "2024-02-01" }
        } as Config.Overrides)
        yield* Generator.generate(first, { cwd: dir, builtIn: false, workers: 1 })
        const manifest = (yield* Manifest.read(first.paths.facts))!
        expect(manifest.plugins).toHaveLength(1)
        const [id] = manifest.plugins!
        expect(id).toMatchObject({ name: "safe_visits", module: "./plugin.mjs", version: "" })
        expect(id!.codeHash).toMatch(/^[0-9a-f]{64}$/)

        // the same code continues
        const next = { ...first, dates: { ...first.dates, end: "2024-02-02" } }
        const cont = yield* Generator.generate(next, { cwd: dir, builtIn: false, workers: 1 })
        expect(cont.resumedAfter).toBe("2024-02-01")

        // changed code: refused, naming the plugin and how to start over
        fs.writeFileSync(
          path.join(dir, "plugin.mjs"),
          'import { safe } from "./naive.mjs"\nexport default [safe]\n// v2\n'
        )
        const later = { ...first, dates: { ...first.dates, end: "2024-02-03" } }
        const error = yield* Effect.flip(Generator.generate(later, { cwd: dir, builtIn: false, workers: 1 }))
        expect(error._tag).toBe("PluginChanged")
        expect(error.message).toContain('other code of plugin "safe_visits" (module "./plugin.mjs"')
        expect(error.message).toContain("use --overwrite (option force) to discard the facts and start over")
        const forced = yield* Generator.generate(later, { cwd: dir, builtIn: false, workers: 1, force: true })
        expect(forced.resumedAfter).toBeUndefined()
        const again = (yield* Manifest.read(first.paths.facts))!
        expect(again.plugins![0]!.codeHash).not.toBe(id!.codeHash)
      }),
    60_000
  )
})
