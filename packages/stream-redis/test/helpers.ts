import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Config } from "@retail-datagen/config"
import { Effect } from "effect"

/** A fresh temporary directory. */
export const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "rdg-stream-"))

/** A tiny configuration writing under `dir`. */
export const tinyConfig = (dir: string, overrides: Config.Overrides = {}): Config.Config =>
  Effect.runSync(
    Config.merge(
      Effect.runSync(
        Config.decode({
          seed: 7,
          volume: {
            stores: 4,
            dcs: 2,
            customers: 300,
            products: 150,
            geographies: 20,
            customers_per_day: 60
          },
          dates: { start: "2024-11-28", end: "2024-11-30" },
          paths: { master: path.join(dir, "master"), facts: path.join(dir, "facts") }
        })
      ),
      overrides
    )
  )
