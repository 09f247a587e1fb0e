/**
 * Ctrl-C over the built executable: a `generate` interrupted (SIGINT) after its first day was
 * committed exits 130 saying the last day kept and how to continue; the lock is released; the
 * same command then continues after that day. The signal is sent when the first "done" line is
 * read, never after a fixed delay.
 */
import { spawn } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { afterAll, beforeAll } from "vitest"
import { BIN, plain, PLUGINS_FIXTURE, requireBuild, spawnCli, tempDir } from "./helpers.js"

const tmp = tempDir()
beforeAll(requireBuild)
afterAll(tmp.cleanup)

const CONFIG = tmp.file(
  "signals.json",
  JSON.stringify({
    seed: 4,
    volume: { stores: 4, dcs: 2, customers: 200, products: 100, geographies: 10 },
    dates: { start: "2024-01-01", end: "2024-12-31" },
    plugins: [PLUGINS_FIXTURE]
  })
)

describe("Ctrl-C", () => {
  it("generate stops with exit 130, names the last day kept, and the same command continues", async () => {
    const out = join(tmp.dir, "interrupted")
    const args = ["generate", "--config", CONFIG, "--only-config-plugins", "--workers", "1", "--out", out]
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: tmp.dir,
      env: { ...process.env, NO_COLOR: "1" }
    })
    let stdout = ""
    let stderr = ""
    let signalled = false
    child.stdout.on("data", (b: Buffer) => {
      stdout += b.toString()
      if (!signalled && /^\d{4}-\d{2}-\d{2} done/m.test(stdout)) {
        signalled = true
        child.kill("SIGINT")
      }
    })
    child.stderr.on("data", (b: Buffer) => {
      stderr += b.toString()
    })
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)))
    expect(signalled).toBe(true)
    expect(code, plain(stderr)).toBe(130)
    const m =
      /^interrupted: stopped after (\d{4}-\d{2}-\d{2}) \(every day through it is complete in (.+)\); rerun the same command to continue$/m.exec(
        plain(stderr)
      )
    expect(m, plain(stderr)).not.toBeNull()
    expect(m![2]).toBe(join(out, "facts"))
    const manifest = JSON.parse(readFileSync(join(out, "facts", "_manifest.json"), "utf8"))
    expect(manifest.lastDay).toBe(m![1])
    expect(existsSync(join(out, "facts", "_lock.json"))).toBe(false)
    // the same command continues after the day kept (here up to the next day, to stay quick)
    const next = new Date(Date.parse(`${m![1]}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    const again = spawnCli([...args, "--end", next], tmp.dir)
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout).toContain(`continuing after ${m![1]}: 1 day to go`)
  }, 300_000)
})
