import { execFile } from "node:child_process"
import { readFileSync } from "node:fs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Server } from "../src/index.js"
import { tmpDir } from "./helpers.js"

// Runs the curl examples of the root README's "Server" section against a server on a free port.

const README = readFileSync(new URL("../../../README.md", import.meta.url), "utf8")
const section = README.slice(README.indexOf("## Server"))
const block = /```sh[^\n]*\n([\s\S]*?)```/.exec(section)![1]!

let server: Server.Started
beforeAll(async () => {
  server = await Server.start({ port: 0, dataDir: await tmpDir("readme") })
})
afterAll(async () => {
  await server?.close()
})

describe("README Server section", () => {
  it("its curl examples work", async () => {
    // the server is already running: skip the lines that start it and name its URL
    const script = block
      .split("\n")
      .filter((l) => !l.startsWith("pnpm retail-datagen serve") && !l.startsWith("URL="))
      .join("\n")
    const cwd = await tmpDir("readme-curl")
    // (asynchronously: the server answers in this process)
    const r = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        "bash",
        ["-euo", "pipefail", "-c", script],
        { cwd, env: { ...process.env, URL: server.url }, encoding: "utf8", timeout: 180_000 },
        (error, stdout, stderr) => resolve({ status: error === null ? 0 : 1, stdout, stderr })
      )
    })
    expect(r.status, r.stderr).toBe(0)
    const out = String(r.stdout)
    expect(out).toContain('{"status":"ok"}')
    expect(out).toContain('"status":"completed"')
    expect(out).toContain('"columns":["TraceId"')
    expect(out).toContain('"state":"completed"')
    expect(readFileSync(`${cwd}/report.html`, "utf8")).toContain("<svg")
    expect(readFileSync(`${cwd}/events.sse`, "utf8")).toMatch(/^id: EVT20240101-000000000$/m)
    const csv = readFileSync(`${cwd}/receipts_20240101.csv`, "utf8")
    expect(csv.startsWith("TraceId,EventTS")).toBe(true)
  }, 300_000)
})
