import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** A fresh temporary directory; `cleanup` removes it. */
export const tempDir = (): {
  readonly dir: string
  readonly file: (name: string, text: string) => string
  readonly cleanup: () => void
} => {
  const dir = mkdtempSync(join(tmpdir(), "retail-datagen-cli-"))
  return {
    dir,
    file: (name, text) => {
      const path = join(dir, name)
      writeFileSync(path, text)
      return path
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true })
  }
}

/** The generator's test plugins (small deterministic fact tables), for configs of CLI tests. */
export const PLUGINS_FIXTURE = fileURLToPath(
  new URL("../../../packages/generator/test/fixtures/plugins.mjs", import.meta.url)
)

/** The built executable. */
export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url))

/** Throws a clear error when the CLI has not been built. */
export const requireBuild = (): void => {
  if (!existsSync(BIN)) {
    throw new Error(
      `${BIN} is missing: build the CLI first (pnpm --filter retail-datagen build, or pnpm build at the root)`
    )
  }
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g")

/** Removes terminal colour codes. */
export const plain = (s: string): string => s.replace(ANSI, "")

export interface Spawned {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `node dist/bin.js ...args` in `cwd`; output without colour codes. */
export const spawnCli = (args: ReadonlyArray<string>, cwd: string): Spawned => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" }
  })
  return { code: r.status, stdout: plain(r.stdout), stderr: plain(r.stderr) }
}
