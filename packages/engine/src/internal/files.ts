/**
 * Small files of the pipeline (manifest, saved states) written atomically, and the clean-up of
 * what a killed run left behind. Temporary names follow the sinks' convention,
 * `.<name>.tmp-<pid>-<hex>`, so one sweep finds both.
 */
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { AtomicFile, Directory, SinkError } from "@retail-datagen/sinks"
import { Effect } from "effect"

/** Writes `text` to `target` atomically (see `AtomicFile.write`). */
export const writeAtomic = AtomicFile.write

/** Creates `dir` (and its parents), failing with a `SinkError` that names it. */
export const ensureDir = (dir: string): Effect.Effect<void, SinkError.SinkError> =>
  Effect.tryPromise({
    try: async () => {
      await fs.mkdir(dir, { recursive: true })
      // Prove the directory writable now rather than after the first day's work.
      const probe = Directory.tempName(path.join(dir, "_probe"))
      const fh = await fs.open(probe, "wx", 0o644)
      await fh.close()
      await fs.unlink(probe)
    },
    catch: (e) =>
      (e as { code?: string }).code === "EEXIST"
        ? new SinkError.SinkError({
            path: dir,
            operation: "mkdir",
            code: "EEXIST",
            reason: "a file of that name exists and is not a directory"
          })
        : SinkError.fromCause(dir, "mkdir", e)
  })

const entries = async (dir: string) => {
  try {
    return await fs.readdir(dir, { withFileTypes: true })
  } catch {
    return []
  }
}

/**
 * Removes temporary files left by processes that no longer run (a killed run), in `root`, its
 * `_state` directory and every partition directory `root/<table>/dt=…`, and partition
 * directories left empty. Returns the number of files removed. Best effort: never fails.
 */
export const sweep = (root: string): Effect.Effect<number> =>
  Effect.promise(async () => {
    let removed = 0
    const clean = async (dir: string): Promise<number> => {
      let left = 0
      for (const e of await entries(dir)) {
        if (e.isFile() && Directory.isStaleTemp(e.name)) {
          await fs.unlink(path.join(dir, e.name)).then(
            () => removed++,
            () => left++
          )
        } else left++
      }
      return left
    }
    await clean(root)
    await clean(path.join(root, "_state"))
    for (const t of await entries(root)) {
      if (!t.isDirectory() || t.name.startsWith("_") || t.name.startsWith(".")) continue
      const tableDir = path.join(root, t.name)
      for (const p of await entries(tableDir)) {
        if (!p.isDirectory() || !p.name.startsWith("dt=")) continue
        const dir = path.join(tableDir, p.name)
        if ((await clean(dir)) === 0) await fs.rmdir(dir).catch(() => undefined)
      }
    }
    return removed
  })

/** Removes a file if present; best effort. */
export const removeFile = (file: string): Effect.Effect<void> =>
  Effect.promise(() => fs.rm(file, { force: true }).catch(() => undefined))

/** Removes `dir` if it is empty; best effort. */
export const removeEmptyDir = (dir: string): Effect.Effect<void> =>
  Effect.promise(() => fs.rmdir(dir).catch(() => undefined))

/** Reads a text file; `undefined` when it does not exist. */
export const readText = (file: string): Effect.Effect<string | undefined, { readonly error: unknown }> =>
  Effect.tryPromise({
    try: () =>
      fs.readFile(file, "utf8").catch((e: unknown) => {
        const code = (e as { code?: string }).code
        if (code === "ENOENT" || code === "ENOTDIR") return undefined
        throw e
      }),
    catch: (error) => ({ error })
  })

/** Size of a file, or `undefined` when it is missing. */
export const sizeOf = (file: string): Effect.Effect<number | undefined> =>
  Effect.promise(() =>
    fs.stat(file).then(
      (s) => (s.isFile() ? s.size : undefined),
      () => undefined
    )
  )

/**
 * Removes the `*.json` files of `dir` except `keep` (a path relative to `root`, or none): saved
 * states a killed run left behind (written before its manifest, or not yet deleted after it).
 */
export const pruneStates = (root: string, dir: string, keep: string | undefined): Effect.Effect<void> =>
  Effect.promise(async () => {
    const kept = keep === undefined ? undefined : path.join(root, keep)
    for (const e of await entries(dir)) {
      const file = path.join(dir, e.name)
      if (e.isFile() && e.name.endsWith(".json") && file !== kept)
        await fs.rm(file, { force: true }).catch(() => undefined)
    }
  })
