/**
 * The dataset lock over the built executable: while this test process holds the lock of a
 * dataset (as a running writer would), `generate` — same configuration or another seed — fails
 * at once naming the holder and writes nothing; `validate` refuses the dataset unless
 * `--allow-locked`; a lock left by a process that is gone is taken over with a note.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { hostname } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { afterAll, beforeAll } from "vitest"
import { PLUGINS_FIXTURE, requireBuild, spawnCli, tempDir } from "./helpers.js"

const tmp = tempDir()
beforeAll(requireBuild)
afterAll(tmp.cleanup)

const CONFIG = tmp.file(
  "lock.json",
  JSON.stringify({
    seed: 3,
    volume: { stores: 4, dcs: 2, customers: 200, products: 100, geographies: 10 },
    dates: { start: "2024-03-01", end: "2024-03-02" },
    plugins: [PLUGINS_FIXTURE]
  })
)

const generate = (out: string, ...extra: ReadonlyArray<string>) =>
  spawnCli(
    ["generate", "--config", CONFIG, "--only-config-plugins", "--workers", "1", "--out", out, ...extra],
    tmp.dir
  )

/** Files under `dir`, relative, sorted. */
const files = (dir: string): Array<string> =>
  existsSync(dir)
    ? (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<import("node:fs").Dirent>)
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
        .sort()
    : []

const holdLock = (facts: string, pid: number) => {
  mkdirSync(facts, { recursive: true })
  const holder = { pid, host: hostname(), since: "2024-05-06T07:08:09.000Z", command: "generate" }
  writeFileSync(join(facts, "_lock.json"), JSON.stringify(holder))
  return holder
}

describe("the dataset lock", () => {
  it("a second writer fails at once, whatever its seed, and the first writer's files stay as they were", () => {
    const out = join(tmp.dir, "busy")
    expect(generate(out).code).toBe(0)
    const before = files(out).map((f) => [f, readFileSync(join(out, f)).toString("base64")])
    // this process is now "writing" the dataset
    holdLock(join(out, "facts"), process.pid)
    for (const seed of ["3", "4"]) {
      const r = generate(out, "--seed", seed, "--end", "2024-03-04")
      expect(r.code, r.stderr).toBe(1)
      expect(r.stderr.trim()).toBe(
        `error: dataset ${join(out, "facts")} is being written by pid ${process.pid} on ${hostname()} since 2024-05-06T07:08:09.000Z (generate); wait for it to finish, or remove ${join(out, "facts", "_lock.json")} if that process is gone`
      )
    }
    const after = files(out)
      .filter((f) => f !== "facts/_lock.json")
      .map((f) => [f, readFileSync(join(out, f)).toString("base64")])
    expect(after).toStrictEqual(before)
    const refused = spawnCli(["validate", out], tmp.dir)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(`is being written by pid ${process.pid}`)
    expect(refused.stderr).toContain("--allow-locked")
    const allowed = spawnCli(["validate", "--allow-locked", "--fast", out], tmp.dir)
    expect(allowed.code, allowed.stdout + allowed.stderr).toBe(0)
  }, 300_000)

  it("a lock left by a process that is gone is taken over, with a note", () => {
    const out = join(tmp.dir, "stale")
    const dead = Number(
      spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout
    )
    holdLock(join(out, "facts"), dead)
    const r = generate(out)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain(
      `note:    took over the lock of ${join(out, "facts")}: left by pid ${dead} on ${hostname()} since 2024-05-06T07:08:09.000Z (generate), which is no longer running`
    )
    expect(files(out).filter((f) => f.includes("_lock"))).toStrictEqual([])
  }, 300_000)
})
