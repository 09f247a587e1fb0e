/**
 * `init`: writes the default configuration, every field present, as pretty JSON.
 */
import { writeFile } from "node:fs/promises"
import { Config } from "@retail-datagen/config"
import { Effect } from "effect"
import { OutputExists, WriteFailed } from "../Failure.js"

export interface InitOptions {
  /** File to write. */
  readonly out: string
  /** Overwrite an existing file. */
  readonly force: boolean
}

/**
 * Writes `Config.toJson(Config.defaults)` to `out`; refuses to replace an existing file unless
 * `force`. Returns the path written.
 */
export const init = (options: InitOptions): Effect.Effect<string, OutputExists | WriteFailed> =>
  Effect.tryPromise({
    try: () => writeFile(options.out, Config.toJson(Config.defaults), { flag: options.force ? "w" : "wx" }),
    catch: (error) => {
      const code = (error as { code?: unknown }).code
      return code === "EEXIST"
        ? new OutputExists({ path: options.out })
        : new WriteFailed({
            path: options.out,
            reason: error instanceof Error ? error.message : String(error)
          })
    }
  }).pipe(Effect.as(options.out))
