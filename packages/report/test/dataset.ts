/**
 * Small generated datasets for the report's tests: 4 stores on 2 DCs, 300 receipts a day from 600
 * customers (about 14 visits each, so a customer's top brand is not a small-sample accident), four
 * weeks of November 2024 ending with Black Friday weekend — long enough for weekday patterns,
 * small enough to generate in a few seconds. Generated once per test file (in process).
 */
import * as fs from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"
import { Config } from "@retail-datagen/config"
import { Generator } from "@retail-datagen/generator"
import { Effect } from "effect"

/** A fresh temporary directory. */
export const tempDir = (name: string): string => fs.mkdtempSync(path.join(tmpdir(), `report-test-${name}-`))

/** The test configuration writing under `dir`. */
export const config = (dir: string, overrides: Record<string, unknown> = {}): Config.Config =>
  Effect.runSync(
    Config.decode({
      seed: 7,
      volume: {
        stores: 4,
        dcs: 2,
        customers_per_day: 300,
        customers: 600,
        products: 400,
        geographies: 20,
        online_orders_per_day: 30,
        marketing_impressions_per_day: 500
      },
      dates: { start: "2024-11-04", end: "2024-12-01" },
      paths: { master: path.join(dir, "master"), facts: path.join(dir, "facts") },
      ...overrides
    })
  )

/** Generates the test dataset into a fresh directory and returns it. */
export const generate = async (name: string, overrides: Record<string, unknown> = {}): Promise<string> => {
  const dir = tempDir(name)
  await Effect.runPromise(Generator.generate(config(dir, overrides), { workers: 1 }))
  return dir
}

/** Copies a dataset directory. */
export const copy = (from: string, name: string): string => {
  const to = tempDir(name)
  fs.cpSync(from, to, { recursive: true })
  return to
}

/** Every `facts/<table>/dt=*` file of `dir`. */
export const factFiles = (dir: string, table: string): ReadonlyArray<string> => {
  const root = path.join(dir, "facts", table)
  return fs
    .readdirSync(root)
    .filter((p) => p.startsWith("dt="))
    .sort()
    .flatMap((p) => fs.readdirSync(path.join(root, p)).map((f) => path.join(root, p, f)))
}

/** Rewrites every CSV file of `table` with `f(header, rows, file)` (rows without the header, as lines). */
export const rewrite = (
  dir: string,
  table: string,
  f: (header: ReadonlyArray<string>, rows: ReadonlyArray<string>, file: string) => ReadonlyArray<string>
): void => {
  for (const file of factFiles(dir, table)) {
    const [head, ...rows] = fs.readFileSync(file, "utf8").trimEnd().split("\n")
    const out = f(head!.split(","), rows, file)
    fs.writeFileSync(file, [head, ...out].join("\n") + "\n")
  }
}
