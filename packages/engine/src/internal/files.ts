/**
 * Small files of the pipeline (manifest, saved states) written atomically, and the clean-up of
 * what a killed run left behind. Temporary names follow the sinks' convention,
 * `.<name>.tmp-<pid>-<hex>`, so one sweep finds both.
 */
import { createHash, randomBytes } from "node:crypto"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { SinkError } from "@retail-datagen/sinks"
import { Effect } from "effect"

class Step extends Error {
  constructor(
    readonly operation: SinkError.Operation,
    override readonly cause: unknown
  ) {
    super(cause instanceof Error ? cause.message : String(cause))
  }
}

const step = async <A>(operation: SinkError.Operation, f: () => Promise<A>): Promise<A> => {
  try {
    return await f()
  } catch (e) {
    throw e instanceof Step ? e : new Step(operation, e)
  }
}

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

/** A temporary name next to `target`, in the sinks' pattern. */
export const tempName = (target: string): string =>
  path.join(
    path.dirname(target),
    `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`
  )

/** What was written: size and SHA-256 (hex). */
export interface Written {
  readonly bytes: number
  readonly checksum: string
}

/**
 * Writes `text` to `target` atomically: temporary file, fsync, rename, fsync of the directory.
 * On failure the temporary file is removed and the effect fails with a `SinkError`.
 */
export const writeAtomic = (target: string, text: string): Effect.Effect<Written, SinkError.SinkError> =>
  Effect.tryPromise({
    try: async () => {
      const data = Buffer.from(text, "utf8")
      const dir = path.dirname(target)
      await step("mkdir", () => fs.mkdir(dir, { recursive: true }))
      const temp = tempName(target)
      const fh = await step("open", () => fs.open(temp, "wx", 0o644))
      try {
        try {
          await step("write", () => fh.writeFile(data))
          await step("fsync", () => fh.sync())
        } finally {
          await fh.close()
        }
        await step("rename", () => fs.rename(temp, target))
      } catch (e) {
        await fs.unlink(temp).catch(() => undefined)
        throw e
      }
      await step("fsync", () => syncDir(dir))
      return { bytes: data.length, checksum: createHash("sha256").update(data).digest("hex") }
    },
    catch: (e) =>
      e instanceof Step
        ? SinkError.fromCause(target, e.operation, e.cause)
        : SinkError.fromCause(target, "open", e)
  })

/** Creates `dir` (and its parents), failing with a `SinkError` that names it. */
export const ensureDir = (dir: string): Effect.Effect<void, SinkError.SinkError> =>
  Effect.tryPromise({
    try: async () => {
      await fs.mkdir(dir, { recursive: true })
      // Prove the directory writable now rather than after the first day's work.
      const probe = tempName(path.join(dir, "_probe"))
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
        const m = TEMP.exec(e.name)
        if (e.isFile() && m !== null && !alive(Number(m[1]))) {
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
