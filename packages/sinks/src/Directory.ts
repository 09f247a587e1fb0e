/**
 * Directories for the writers and their callers.
 *
 * @example
 * import { Directory } from "@retail-datagen/sinks"
 * await Directory.create("out/facts/receipts/dt=2024-01-01")
 */
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
