import * as fs from "node:fs/promises"
import * as path from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { client, exited, listFiles, spawnServer, terminal, tinyConfig, tmpDir } from "./helpers.js"

// Servers in child processes (the built package): killed with SIGKILL and SIGTERM.

const children: Array<import("node:child_process").ChildProcess> = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL")
})

const start = async (dataDir: string) => {
  const s = await spawnServer([dataDir])
  children.push(s.child)
  return { ...s, api: client(s.url) }
}

const RUN = { config: tinyConfig, start: "2024-01-01", end: "2024-01-10" }

/** The dataset's files (master, facts, states) and their bytes, `run.json` left out. */
const dataset = async (dir: string) => {
  const files = (await listFiles(dir)).filter((f) => f !== "run.json")
  return Object.fromEntries(
    await Promise.all(files.map(async (f) => [f, await fs.readFile(path.join(dir, f))]))
  )
}

describe("faults", () => {
  it("after kill -9 the run is listed as interrupted; continue finishes it byte-identical to an uninterrupted run", async () => {
    const dataDir = await tmpDir("kill")
    const first = await start(dataDir)
    const created = await first.api.post("/runs", RUN)
    const id = created.body.id as string
    await first.api.until(`/runs/${id}`, (s) => s.days_done >= 1 || terminal(s))
    first.child.kill("SIGKILL")
    await exited(first.child)

    const second = await start(dataDir)
    const listed = await second.api.get(`/runs/${id}`)
    expect(listed.body).toMatchObject({ status: "cancelled", interrupted: true })
    expect(listed.body.days_done).toBeLessThan(10)
    expect((await second.api.post(`/runs/${id}/continue`, {})).status).toBe(202)
    const finished = await second.api.until(`/runs/${id}`, terminal)
    expect(finished).toMatchObject({ status: "completed", days_done: 10, interrupted: false })

    const reference = await second.api.post("/runs", RUN)
    const ref = await second.api.until(`/runs/${reference.body.id}`, terminal)
    expect(ref.status).toBe("completed")
    const a = await dataset(path.join(dataDir, id))
    const b = await dataset(path.join(dataDir, ref.id))
    expect(Object.keys(a)).toEqual(Object.keys(b))
    for (const f of Object.keys(a)) expect([f, a[f]!.equals(b[f]!)]).toEqual([f, true])
    second.child.kill("SIGTERM")
    await exited(second.child)
  }, 300_000)

  it("SIGTERM stops the server within 10 s, the run cancelled at a day boundary, nothing half-written", async () => {
    const dataDir = await tmpDir("term")
    const server = await start(dataDir)
    const created = await server.api.post("/runs", { ...RUN, end: "2024-03-01" })
    const id = created.body.id as string
    await server.api.until(`/runs/${id}`, (s) => s.days_done >= 1)
    const t0 = Date.now()
    server.child.kill("SIGTERM")
    const exit = await exited(server.child)
    const seconds = (Date.now() - t0) / 1000
    expect(exit.signal === "SIGTERM" || exit.code !== null).toBe(true)
    expect(seconds).toBeLessThan(10)
    const dir = path.join(dataDir, id)
    const files = await listFiles(dir)
    expect(files.filter((f) => /\.tmp-/.test(f))).toEqual([])
    const record = JSON.parse(await fs.readFile(path.join(dir, "run.json"), "utf8"))
    expect(record).toMatchObject({ status: "cancelled", interrupted: true })
    // every committed file is whole: its bytes match the manifest's sha256
    const manifest = JSON.parse(await fs.readFile(path.join(dir, "facts", "_manifest.json"), "utf8"))
    const { createHash } = await import("node:crypto")
    for (const f of manifest.files) {
      const bytes = await fs.readFile(path.join(dir, "facts", f.path))
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(f.sha256)
    }
    expect(files.filter((f) => f.startsWith("facts/") && !f.startsWith("facts/_"))).toHaveLength(
      manifest.files.length
    )
  }, 300_000)
})
