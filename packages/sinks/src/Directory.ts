/**
 * Directories for the writers and their callers.
 *
 * @example
 * import { Directory } from "@retail-datagen/sinks"
 * await Directory.create("out/facts/receipts/dt=2024-01-01")
 */
import { randomBytes } from "node:crypto"
import * as fs from "node:fs/promises"
import * as path from "node:path"

/**
 * `mkdir -p` that reports the real cause: Node's recursive `mkdir` says ENOENT when creating a
 * missing ancestor fails (EROFS on a read-only file system, EACCES, …); then the first missing
 * ancestor is created alone, so its own error code surfaces. Returns the first directory
 * created, as `fs.mkdir(dir, { recursive: true })` does.
 */
export const create = async (dir: string): Promise<string | undefined> => {
  try {
    return await fs.mkdir(dir, { recursive: true })
  } catch (e) {
    if ((e as { code?: string }).code !== "ENOENT") throw e
    let missing = path.resolve(dir)
    for (;;) {
      const parent = path.dirname(missing)
      if (parent === missing) break
      const exists = await fs.stat(parent).then(
        () => true,
        () => false
      )
      if (exists) break
      missing = parent
    }
    await fs.mkdir(missing)
    await fs.mkdir(dir, { recursive: true })
    return missing
  }
}

/**
 * fsyncs a directory so that a rename or a new entry in it survives a crash. Platforms and file
 * systems that cannot fsync a directory are let be (nothing more can be done there).
 */
export const sync = async (dir: string): Promise<void> => {
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

/** A temporary name next to `target`: `.<name>.tmp-<pid>-<hex>` (what `isStaleTemp` recognises). */
export const tempName = (target: string): string =>
  path.join(
    path.dirname(target),
    `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`
  )

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

/** Whether `name` is a temporary file (see `tempName`) of a process that no longer runs (a killed run). */
export const isStaleTemp = (name: string): boolean => {
  const m = TEMP.exec(name)
  return m !== null && !alive(Number(m[1]))
}
