/**
 * The checks a plugin ships run where the data is checked: with `validate: true` while
 * generating, and in `validateDirectory`, which loads the plugin modules the dataset records.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Generator } from "../src/index.js"
import { cleanup, FIXTURES, freshDir, smallConfig } from "./helpers.js"

afterAll(cleanup)

const CHECKED = path.join(FIXTURES, "checked.mjs")
const only = { builtIn: false, workers: 1 } as const

describe("plugin checks", () => {
  it.effect("fail the run with validate: true, and validateDirectory of the dataset, naming the check", () =>
    Effect.gen(function* () {
      const dir = freshDir()
      const config = smallConfig(dir, { plugins: [CHECKED] })
      const e = yield* Effect.flip(Generator.generate(config, { ...only, validate: true, end: "2024-02-02" }))
      expect(e._tag).toBe("ValidationFailed")
      if (e._tag === "ValidationFailed") {
        expect(e.failed).toStrictEqual(["plugin tables"])
        expect(e.report).toMatch(/checked_visits +visits below 400: 4\d\d visits/)
      }
      // the manifest records the table's declaration; validate loads the module for its check
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, "facts/_manifest.json"), "utf8"))
      expect(manifest.plugins[0].tables).toStrictEqual([
        {
          name: "checked_visits",
          columns: [
            { name: "EventTS", kind: "timestamp" },
            { name: "StoreID", kind: "int" },
            { name: "Visits", kind: "int" }
          ],
          partition: "StoreID"
        }
      ])
      const report = yield* Generator.validateDirectory(dir, config)
      const check = report.checks.find((c) => c.id === "P")
      expect(check?.violations).toBe(e._tag === "ValidationFailed" ? e.violations : -1)
      expect(check?.examples[0]?.file).toMatch(
        /^facts\/checked_visits\/dt=2024-02-0\d\/checked_visits_2024020\d\.csv$/
      )
      // a module that is gone fails validate, naming it
      const moved = yield* Effect.flip(
        Generator.validateDirectory(dir, config, { plugins: ["./gone.mjs"], cwd: FIXTURES })
      )
      expect(moved._tag).toBe("PluginModuleError")
      expect(moved.message).toContain("./gone.mjs")
    })
  )
})
