/** Atomic small-file writes and tolerant reads for the master manifest. */
import { randomBytes } from "node:crypto"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { Directory, SinkError } from "@retail-datagen/sinks"
import { Effect } from "effect"

const syncDir = async (dir: string): Promise<void> => {
  const fh = await fs.open(dir, "r")
  try {
    await fh.sync()
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code !== "EINVAL" && code !== "EISDIR" && code !== "EPERM" && code !== "EBADF") throw e
  } finally {
    await fh.close()
  }
}

/** Writes `text` to `target` atomically (temp name in the sinks' pattern, fsync, rename, fsync dir). */
export const writeAtomic = (target: string, text: string): Effect.Effect<void, SinkError.SinkError> => {
  let operation: SinkError.Operation = "mkdir"
  return Effect.tryPromise({
    try: async () => {
      const dir = path.dirname(target)
      await Directory.create(dir)
      const temp = path.join(
        dir,
        `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`
      )
      try {
        operation = "open"
        const fh = await fs.open(temp, "wx", 0o644)
        try {
          operation = "write"
          await fh.writeFile(text, "utf8")
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
      await syncDir(dir)
    },
    catch: (e) =>
      operation !== "mkdir"
        ? SinkError.fromCause(target, operation, e)
        : (e as { code?: string }).code === "EEXIST"
          ? new SinkError.SinkError({
              path: path.dirname(target),
              operation,
              code: "EEXIST",
              reason: "a file of that name exists and is not a directory"
            })
          : SinkError.fromCause(path.dirname(target), operation, e)
  })
}

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

/** `.<name>.tmp-<pid>-<hex>`: a temporary file of the sinks or of this module. */
const TEMP = /^\..+\.tmp-(\d+)-[0-9a-f]+$/

const alive = (pid: number): boolean => {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as { code?: string }).code === "EPERM"
  }
}

/** Removes the temporary files that processes no longer running (a killed run) left in `dir`. */
export const sweepTemps = (dir: string): Effect.Effect<number> =>
  Effect.promise(async () => {
    let removed = 0
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const e of entries) {
      const m = TEMP.exec(e.name)
      if (e.isFile() && m !== null && !alive(Number(m[1]))) {
        await fs.unlink(path.join(dir, e.name)).then(
          () => removed++,
          () => undefined
        )
      }
    }
    return removed
  })
