import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Effect } from "effect"
import { afterAll } from "vitest"
import { Init } from "../src/index.js"
import { tempDir } from "./helpers.js"

const tmp = tempDir()
afterAll(tmp.cleanup)

describe("init", () => {
  it.effect("writes every field of the default configuration; it decodes back to the defaults", () =>
    Effect.gen(function* () {
      const out = join(tmp.dir, "fresh.json")
      expect(yield* Init.init({ out, force: false })).toBe(out)
      const text = readFileSync(out, "utf8")
      const json = JSON.parse(text)
      for (const row of Config.reference) {
        const value = row.key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], json)
        expect(value, row.key).not.toBeUndefined()
      }
      expect(yield* Config.parse(text)).toStrictEqual(Config.defaults)
    })
  )

  it.effect("refuses to overwrite an existing file and leaves it untouched", () =>
    Effect.gen(function* () {
      const out = tmp.file("existing.json", "keep me")
      const error = yield* Init.init({ out, force: false }).pipe(Effect.flip)
      expect(error._tag).toBe("OutputExists")
      expect(error.message).toBe(`${out} already exists; use --overwrite to replace it`)
      expect(readFileSync(out, "utf8")).toBe("keep me")
    })
  )

  it.effect("overwrites with force", () =>
    Effect.gen(function* () {
      const out = tmp.file("forced.json", "old")
      yield* Init.init({ out, force: true })
      expect(yield* Config.load(out)).toStrictEqual(Config.defaults)
    })
  )

  it.effect("an unwritable location is a WriteFailed naming the path", () =>
    Effect.gen(function* () {
      const out = join(tmp.dir, "no", "such", "dir.json")
      const error = yield* Init.init({ out, force: false }).pipe(Effect.flip)
      expect(error._tag).toBe("WriteFailed")
      expect(error.message.startsWith(`cannot write ${out}: `)).toBe(true)
    })
  )
})
