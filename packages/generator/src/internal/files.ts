/** Atomic small-file writes and tolerant reads for the master manifest. */
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { AtomicFile, Directory, SinkError } from "@retail-datagen/sinks"
import { Effect } from "effect"

/** Writes `text` to `target` atomically (see `AtomicFile.write`). */
export const writeAtomic = (target: string, text: string): Effect.Effect<void, SinkError.SinkError> =>
  Effect.asVoid(AtomicFile.write(target, text))

/** Reads a text file; `undefined` when it (or its directory) does not exist or cannot be read. */
export const readOptional = (file: string): Effect.Effect<string | undefined> =>
  Effect.promise(() => fs.readFile(file, "utf8").catch(() => undefined))

/** Size of a regular file, or `undefined`. */
export const sizeOf = (file: string): Effect.Effect<number | undefined> =>
  Effect.promise(() =>
    fs.stat(file).then(
      (s) => (s.isFile() ? s.size : undefined),
      () => undefined
    )
  )

/** Removes a file if present; best effort. */
export const removeFile = (file: string): Effect.Effect<void> =>
  Effect.promise(() => fs.rm(file, { force: true }).catch(() => undefined))

/** Creates `dir` (and parents), failing with a `SinkError` naming it. */
export const ensureDir = (dir: string): Effect.Effect<void, SinkError.SinkError> =>
  Effect.tryPromise({
    try: () => Directory.create(dir),
    catch: (e) => SinkError.fromCause(dir, "mkdir", e)
  })

/** Removes the temporary files that processes no longer running (a killed run) left in `dir`. */
export const sweepTemps = (dir: string): Effect.Effect<number> =>
  Effect.promise(async () => {
    let removed = 0
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const e of entries) {
      if (e.isFile() && Directory.isStaleTemp(e.name)) {
        await fs.unlink(path.join(dir, e.name)).then(
          () => removed++,
          () => undefined
        )
      }
    }
    return removed
  })
