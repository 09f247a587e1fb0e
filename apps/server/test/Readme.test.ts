import { execFile } from "node:child_process"
import { readFileSync } from "node:fs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Server } from "../src/index.js"
import { tmpDir } from "./helpers.js"

// Runs the curl examples of the root README's "Server" section against a server on a free port.

/** The first sh block after `heading` in a README. */
const blockAfter = (readme: URL, heading: string): string => {
  const text = readFileSync(readme, "utf8")
  return /```sh[^\n]*\n([\s\S]*?)```/.exec(text.slice(text.indexOf(heading)))![1]!
}

const block = blockAfter(new URL("../../../README.md", import.meta.url), "## Server")

let server: Server.Started
beforeAll(async () => {
  server = await Server.start({ port: 0, dataDir: await tmpDir("readme") })
})
afterAll(async () => {
  await server?.close()
})

/** Runs a block's curl lines against the server (the lines that start it and name its URL left out). */
const runAgainstServer = async (code: string) => {
  const script = code
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
  return { r, cwd }
}

describe("README Server section", () => {
  it("its curl examples work", async () => {
    const { r, cwd } = await runAgainstServer(block)
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

describe("apps/server/README.md scenarios section", () => {
  it("its curl examples work: a scenario run against its baseline, its diff, a bad scenario's 400", async () => {
    const code = blockAfter(new URL("../README.md", import.meta.url), "### Scenarios and their baseline")
    const { r, cwd } = await runAgainstServer(code)
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/"baseline":"r\d{8}T\d{6}-[0-9a-f]{6}"/)
    expect(r.stdout).toContain(
      '"message":"scenario.interventions[0].factor: expected a number > 0 and ≤ 100, got -1"'
    )
    const diff = JSON.parse(readFileSync(`${cwd}/diff.json`, "utf8"))
    expect(diff.name).toBe("store 1 refit")
    // the closed store's region sold nothing on the closed days, and did in the baseline
    const closed = diff.cells.filter(
      (c: { metric: string; day: string }) =>
        c.metric === "receipts" && ["2024-12-10", "2024-12-11"].includes(c.day)
    )
    expect(closed.some((c: { base: number; scenario: number }) => c.scenario < c.base)).toBe(true)
    expect(readFileSync(`${cwd}/diff.html`, "utf8")).toContain("<svg")
  }, 300_000)
})
