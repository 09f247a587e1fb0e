/**
 * Small files (manifests, saved states) written atomically: a temporary file next to the target,
 * fsync, rename, fsync of the directory — a reader sees the old file or the new one, never part.
 *
 * @example
 * import { AtomicFile } from "@retail-datagen/sinks"
 * import { Effect } from "effect"
 * await Effect.runPromise(AtomicFile.write("out/_manifest.json", "{}\n")) // { bytes: 3, checksum: "…" }
 */
import { createHash } from "node:crypto"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { Effect } from "effect"
import * as Directory from "./Directory.js"
import * as SinkError from "./SinkError.js"

/** What was written: size and SHA-256 (hex). */
export interface Written {
  readonly bytes: number
  readonly checksum: string
}

/**
 * Writes `text` to `target` atomically, creating its directory. On failure the temporary file is
 * removed and the effect fails with a `SinkError` naming the path and the step.
 */
export const write = (target: string, text: string): Effect.Effect<Written, SinkError.SinkError> => {
  let operation: SinkError.Operation = "mkdir"
  const dir = path.dirname(target)
  return Effect.tryPromise({
    try: async () => {
      const data = Buffer.from(text, "utf8")
      await Directory.create(dir)
      const temp = Directory.tempName(target)
      try {
        operation = "open"
        const fh = await fs.open(temp, "wx", 0o644)
        try {
          operation = "write"
          await fh.writeFile(data)
          operation = "fsync"
          await fh.sync()
        } finally {
          await fh.close()
        }
        operation = "rename"
        await fs.rename(temp, target)
      } catch (e) {
        await fs.unlink(temp).catch(() => undefined)
        throw e
      }
      operation = "fsync"
      await Directory.sync(dir)
      return { bytes: data.length, checksum: createHash("sha256").update(data).digest("hex") }
    },
    catch: (e) =>
      operation !== "mkdir"
        ? SinkError.fromCause(target, operation, e)
        : (e as { code?: string }).code === "EEXIST"
          ? new SinkError.SinkError({
              path: dir,
              operation,
              code: "EEXIST",
              reason: "a file of that name exists and is not a directory"
            })
          : SinkError.fromCause(dir, operation, e)
  })
}
