import * as fs from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { expect } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Effect } from "effect"

/** The fixture plugin modules. */
export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url))
export const VISITS = path.join(FIXTURES, "plugins.mjs")
export const BAD_RECEIPTS = path.join(FIXTURES, "bad-receipts.mjs")

const base = fs.mkdtempSync(path.join(tmpdir(), "generator-test-"))
let n = 0

/** A fresh directory under the test's temporary root. */
export const freshDir = (): string => {
  const dir = path.join(base, `t${n++}`)
  fs.mkdirSync(dir, { recursive: true })
  return dir
}

/** Removes every temporary directory. */
export const cleanup = () => fs.rmSync(base, { recursive: true, force: true })

/** A small configuration writing under `dir`, with the fixture plugins unless told otherwise. */
export const smallConfig = (dir: string, overrides: Config.Overrides = {}): Config.Config =>
  Effect.runSync(
    Config.merge(
      Effect.runSync(
        Config.decode({
          seed: 5,
          volume: {
            stores: 6,
            dcs: 2,
            customers: 300,
            products: 200,
            geographies: 20,
            customers_per_day: 200
          },
          dates: { start: "2024-02-01", end: "2024-02-04" },
          paths: { master: path.join(dir, "master"), facts: path.join(dir, "facts") },
          plugins: [VISITS]
        })
      ),
      overrides
    )
  )

/** Every file under `dir` (hidden ones included) → its bytes. */
export const tree = (dir: string, keep: (name: string) => boolean = () => true): Map<string, Buffer> => {
  const out = new Map<string, Buffer>()
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (!keep(e.name)) continue
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.set(path.relative(dir, p), fs.readFileSync(p))
    }
  }
  if (fs.existsSync(dir)) walk(dir)
  return out
}

/**
 * The data files of a dataset — master tables, fact partitions and the ground truth, without the
 * bookkeeping (`_manifest*.json`, `_state/`, `_config.json`): relative path → bytes.
 */
export const dataFiles = (dir: string): Map<string, Buffer> =>
  tree(dir, (name) => !name.startsWith("_") || name === "_truth")

/** Asserts that the data files of `dir` are `expected`'s, byte for byte. */
export const expectSameData = (expected: Map<string, Buffer>, dir: string, label: string) => {
  const actual = dataFiles(dir)
  expect([...actual.keys()].sort(), label).toStrictEqual([...expected.keys()].sort())
  for (const [file, bytes] of expected)
    expect(bytes.equals(actual.get(file)!), `${label}: ${file} differs`).toBe(true)
}

/** Asserts that two directories hold the same files with the same bytes. */
export const expectSameTree = (a: string, b: string) => {
  const ta = tree(a)
  const tb = tree(b)
  expect([...ta.keys()].sort()).toStrictEqual([...tb.keys()].sort())
  for (const [k, v] of ta) expect(v.equals(tb.get(k)!), `${k} differs`).toBe(true)
}
