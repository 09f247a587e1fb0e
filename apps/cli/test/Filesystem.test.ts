/**
 * Real file-system failures over the built executable, named as such: a full disk (ENOSPC, a
 * 64 KiB tmpfs) and a read-only file system (EROFS, a read-only bind mount). Both mounts live in a
 * private mount namespace of an unprivileged user namespace (`unshare --user --map-root-user
 * --mount`), so the test needs no privileges and leaves nothing mounted behind.
 */
import { spawnSync } from "node:child_process"
import { mkdirSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { afterAll, beforeAll } from "vitest"
import { BIN, PLUGINS_FIXTURE, plain, requireBuild, tempDir } from "./helpers.js"

const tmp = tempDir()
beforeAll(requireBuild)
afterAll(tmp.cleanup)

const CONFIG = tmp.file(
  "fs.json",
  JSON.stringify({
    seed: 4,
    volume: { stores: 4, dcs: 2, customers: 200, products: 100, geographies: 10 },
    dates: { start: "2024-01-01", end: "2024-01-03" },
    plugins: [PLUGINS_FIXTURE]
  })
)

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`

/**
 * Runs `mountScript` then `generate --out <out>` then `find <root>` inside a private mount
 * namespace; returns the generator's exit code and stderr and the files left under `root`.
 */
const generateInNamespace = (mountScript: string, root: string, out: string) => {
  const generate = [
    process.execPath,
    BIN,
    "generate",
    "--config",
    CONFIG,
    "--only-config-plugins",
    "--workers",
    "1"
  ]
  const script = [
    "set -e",
    mountScript,
    `set +e; ${generate.map(quote).join(" ")} --out ${quote(out)} 2>${quote(join(tmp.dir, "stderr.txt"))} >/dev/null`,
    'code=$?; echo "exit=$code"',
    `cat ${quote(join(tmp.dir, "stderr.txt"))} >&2`,
    `find ${quote(root)} -type f`
  ].join("\n")
  const r = spawnSync("unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", script], {
    cwd: tmp.dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" }
  })
  const lines = r.stdout.split("\n").filter((l) => l !== "")
  const exit = lines.find((l) => l.startsWith("exit="))
  expect(exit, `unshare could not run the generator: ${r.stderr}`).toBeDefined()
  return {
    code: Number(exit!.slice("exit=".length)),
    stderr: plain(r.stderr),
    files: lines.filter((l) => !l.startsWith("exit="))
  }
}

describe("file-system failures", () => {
  it("a full disk is reported as ENOSPC naming the file, and no temporary file is left", () => {
    const root = join(tmp.dir, "full")
    mkdirSync(root)
    const out = join(root, "data")
    const r = generateInNamespace(`mount -t tmpfs -o size=64k tmpfs ${quote(root)}`, root, out)
    expect(r.code, r.stderr).toBe(1)
    expect(r.stderr).toMatch(
      new RegExp(`^error: cannot write ${out}/\\S+: no space left on device \\(ENOSPC\\) while writing$`, "m")
    )
    // Files that were written are whole; the one that did not fit is gone, not left as a temp file.
    expect(r.files.length).toBeGreaterThan(0)
    for (const f of r.files) expect(f, "a temporary file was left").toMatch(/\.csv$/)
    expect(r.files.some((f) => f.includes("/facts/"))).toBe(false)
  })

  it("a read-only file system is reported as EROFS naming the directory, and exits 1", () => {
    const root = join(tmp.dir, "readonly")
    mkdirSync(root)
    const out = join(root, "data")
    const r = generateInNamespace(`mount -o bind,ro ${quote(root)} ${quote(root)}`, root, out)
    expect(r.code, r.stderr).toBe(1)
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: cannot write ${out}/master: read-only file system \\(EROFS\\) while creating its directory$`,
        "m"
      )
    )
    expect(r.files).toEqual([])
  })
})
