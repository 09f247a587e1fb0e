import { spawn } from "node:child_process"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import { BIN, requireBuild, tempDir } from "./helpers.js"

beforeAll(requireBuild)

const temps: Array<ReturnType<typeof tempDir>> = []
afterEach(() => {
  for (const t of temps.splice(0)) t.cleanup()
})

describe("serve", () => {
  it("listens on 127.0.0.1, asks for the token, stops on SIGTERM", async () => {
    const t = tempDir()
    temps.push(t)
    const child = spawn(
      process.execPath,
      [BIN, "serve", "--port", "0", "--data-dir", t.dir, "--token", "tok"],
      {
        stdio: ["ignore", "pipe", "pipe"]
      }
    )
    const url = await new Promise<string>((resolve, reject) => {
      let out = ""
      child.stdout.on("data", (d) => {
        out += d
        const m = /listening on (http:\/\/\S+)/.exec(out)
        if (m !== null) resolve(m[1]!)
      })
      child.on("exit", (code) => reject(new Error(`serve exited with ${code}`)))
    })
    expect(new URL(url).hostname).toBe("127.0.0.1")
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: "ok" })
    const refused = await fetch(`${url}/runs`, { method: "POST", body: "{}" })
    expect(refused.status).toBe(401)
    const exit = new Promise<void>((resolve) => child.on("exit", () => resolve()))
    child.kill("SIGTERM")
    await exit
    expect(child.exitCode !== null || child.signalCode !== null).toBe(true)
  })

  it("rejects a bad flag value naming the flag", async () => {
    const child = spawn(process.execPath, [BIN, "serve", "--max-runs", "0"], {
      stdio: ["ignore", "pipe", "pipe"]
    })
    let err = ""
    child.stderr.on("data", (d) => (err += d))
    child.stdout.on("data", (d) => (err += d))
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)))
    expect(code).not.toBe(0)
    expect(err).toContain("--max-runs")
  })
})
