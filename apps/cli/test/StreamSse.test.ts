/**
 * `stream --sink sse --listen` end to end with the built CLI: a consumer of the event stream gets
 * the same events, in the same order, as stdout for the same configuration and days; the stream
 * waits for its first client.
 */
import { spawn, spawnSync } from "node:child_process"
import { afterAll, describe, expect, it } from "vitest"
import { sseMessages } from "../../../packages/stream/test/helpers.js"
import { BIN, plain, requireBuild, tempDir } from "./helpers.js"

const tmp = tempDir()
const CONFIG = tmp.file(
  "c.json",
  JSON.stringify({
    seed: 7,
    volume: { stores: 2, dcs: 1, customers: 200, products: 100, geographies: 20, customers_per_day: 40 },
    dates: { start: "2024-11-28", end: "2024-11-29" }
  })
)

afterAll(() => tmp.cleanup())

describe("stream --sink sse", () => {
  it("a consumer gets the events stdout gets for the same config and days (ids and envelopes, in order)", async () => {
    requireBuild()
    const stdout = spawnSync(
      process.execPath,
      [BIN, "stream", "--config", CONFIG, "--days", "2", "--speed", "max", "--quiet"],
      { cwd: tmp.dir, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }
    )
    expect(stdout.status).toBe(0)
    const want = stdout.stdout.trimEnd().split("\n")
    expect(want.length).toBeGreaterThan(1000)

    const child = spawn(
      process.execPath,
      [BIN, "stream", "--config", CONFIG, "--days", "2", "--speed", "max", "--sink", "sse", "--listen", "0"],
      { cwd: tmp.dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } }
    )
    let stderr = ""
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr!.on("data", (d) => {
          stderr += d
          const m = /events at (http:\/\/\S+)/.exec(stderr)
          if (m !== null) resolve(m[1]!)
        })
        child.on("exit", (code) => reject(new Error(`stream exited with ${code}: ${stderr}`)))
      })
      // nothing is sent before the first client: this consumer gets the stream from its start
      const res = await fetch(url)
      expect(res.status).toBe(200)
      expect(res.headers.get("content-type")).toContain("text/event-stream")
      const body = await res.text() // the stream ends when the sink closes after the last day
      const got = sseMessages(body)
      expect(got.map(([id]) => id)).toEqual(want.map((l) => JSON.parse(l).event_id))
      expect(got.map(([, data]) => data)).toEqual(want)
      expect(await exited).toBe(0)
      expect(plain(stderr)).toContain(`streamed ${want.length} events of 2 days`)
    } finally {
      child.kill("SIGKILL")
    }
  }, 300_000)

  it("refuses --sink sse without --listen, and --listen without --sink sse", () => {
    requireBuild()
    const run = (args: Array<string>) =>
      spawnSync(process.execPath, [BIN, "stream", "--config", CONFIG, "--days", "1", ...args], {
        cwd: tmp.dir,
        encoding: "utf8"
      })
    const a = run(["--sink", "sse"])
    expect(a.status).not.toBe(0)
    expect(plain(a.stderr)).toContain("--listen")
    const b = run(["--listen", "0"])
    expect(b.status).not.toBe(0)
    expect(plain(b.stderr)).toContain("goes with --sink sse only")
  }, 300_000)
})
