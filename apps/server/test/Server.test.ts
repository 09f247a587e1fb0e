import { createHash } from "node:crypto"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Server } from "../src/index.js"
import { type Client, client, type Json, parseSse, terminal, tinyConfig, tmpDir } from "./helpers.js"

// The runs execute in worker threads from the built package (`dist/internal/runWorker.js`).

let server: Server.Started
let dataDir: string
let api: Client
let done: Json // a completed run of 2 days

beforeAll(async () => {
  dataDir = await tmpDir("api")
  server = await Server.start({ port: 0, dataDir, maxRuns: 1, maxQueue: 1, bodyLimit: 64 * 1024 })
  api = client(server.url)
  const created = await api.post("/runs", { config: tinyConfig, start: "2024-01-01", days: 2 })
  expect(created.status).toBe(202)
  done = await api.until(created.headers.get("location")!, terminal)
}, 300_000)

afterAll(async () => {
  await server?.close()
})

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex")

describe("system and config routes", () => {
  it("binds 127.0.0.1, answers health and version", async () => {
    expect(new URL(server.url).hostname).toBe("127.0.0.1")
    expect((await api.get("/health")).body).toEqual({ status: "ok" })
    const v = await api.get("/version")
    expect(v.body.name).toBe("retail-datagen")
    expect(v.body.version).toMatch(/^\d+\.\d+\.\d+/)
  })

  it("serves the default configuration, which validates", async () => {
    const d = await api.get("/config/default")
    expect(d.body.volume.stores).toBe(10)
    const v = await api.post("/config/validate", d.body)
    expect(v.status).toBe(200)
    expect(v.body.ok).toBe(true)
  })

  it("lists every bad field of a configuration with the CLI's messages", async () => {
    const v = await api.post("/config/validate", { volume: { stores: -3 }, seed: "x", colour: 1 })
    expect(v.status).toBe(400)
    expect(v.body.error).toBe("BadRequest")
    const paths = v.body.problems.map((p: Json) => p.path).sort()
    expect(paths).toEqual(["colour", "seed", "volume.stores"])
    expect(v.body.message).toContain("volume.stores: expected an integer from 1 to 99,999, got -3")
  })

  it("refuses malformed JSON (400), an oversized body (413), unknown routes and ids (404)", async () => {
    const bad = await api.post("/runs", "{not json")
    expect(bad.status).toBe(400)
    expect(bad.body.error).toBe("BadRequest")
    const big = await api.post("/config/validate", { seed: 1, pad: "x".repeat(100_000) })
    expect(big.status).toBe(413)
    expect(big.body.error).toBe("PayloadTooLarge")
    expect((await api.get("/nowhere")).body.error).toBe("NotFound")
    const unknown = await api.get("/runs/r20240101T000000-abcdef")
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({ error: "NotFound", path: "id" })
    expect((await api.del("/runs/nope")).status).toBe(404)
    expect((await api.get("/runs/nope/events")).status).toBe(404)
  })

  it("rejects a bad run request naming the field", async () => {
    const r = await api.post("/runs", { config: { volume: { stores: 0 } }, days: 1 })
    expect(r.status).toBe(400)
    expect(r.body.path).toBe("config.volume.stores")
    const d = await api.post("/runs", { days: 0, format: "xml" })
    expect(d.status).toBe(400)
    expect(d.body.problems.map((p: Json) => p.path).sort()).toEqual(["days", "format"])
    const q = await api.get("/runs?limit=abc")
    expect(q.status).toBe(400)
    expect(q.body).toMatchObject({ error: "BadRequest", path: "limit" })
  })

  it("publishes the OpenAPI document and the docs page, and Prometheus metrics", async () => {
    const o = await api.get("/openapi.json")
    expect(o.body.openapi).toMatch(/^3\./)
    expect(Object.keys(o.body.paths)).toEqual(
      expect.arrayContaining(["/runs", "/runs/{id}", "/runs/{id}/events"])
    )
    const docs = await api.get("/docs")
    expect(docs.status).toBe(200)
    expect(docs.text).toContain("<html")
    const m = await api.get("/metrics")
    expect(m.text).toMatch(/retail_datagen_runs\{status="completed"\} [1-9]/)
    expect(m.text).toContain("retail_datagen_queue_length 0")
    expect(m.text).toMatch(/retail_datagen_rows_written_total [1-9]/)
  })

  it("sends no CORS headers by default", async () => {
    const r = await api.get("/health", { origin: "http://example.com" })
    expect(r.headers.get("access-control-allow-origin")).toBeNull()
  })
})

describe("a run", () => {
  it("completes with the status contract, rows per table equal to the manifest", async () => {
    expect(done).toMatchObject({
      status: "completed",
      progress: 1,
      days_done: 2,
      days: 2,
      interrupted: false
    })
    expect(done.current_day).toBe("2024-01-02")
    expect(done.tables_remaining).toEqual([])
    expect(done.tables_completed.length).toBe(9)
    const manifest = (await api.get(`/runs/${done.id}/manifest`)).body
    const rows: Record<string, number> = {}
    for (const f of manifest.files) rows[f.table] = (rows[f.table] ?? 0) + f.rows
    expect(done.rows).toEqual(rows)
    expect(done.total_rows).toBe(Object.values(rows).reduce((a, b) => a + b, 0))
    // its own directory under the data directory
    const files = await fs.readdir(path.join(dataDir, done.id))
    expect(files.sort()).toEqual(["facts", "master", "run.json"])
  })

  it("lists runs newest first, paged", async () => {
    const all = (await api.get("/runs")).body
    expect(all.total).toBeGreaterThanOrEqual(1)
    const created = all.runs.map((r: Json) => r.created_at)
    expect([...created].sort().reverse()).toEqual(created)
    const page = (await api.get("/runs?offset=0&limit=1")).body
    expect(page.runs.length).toBe(1)
    expect(page.limit).toBe(1)
  })

  it("streams the events of a finished run: one terminal event with the days", async () => {
    const r = await fetch(`${server.url}/runs/${done.id}/events`)
    expect(r.headers.get("content-type")).toContain("text/event-stream")
    const text = await r.text()
    const events = parseSse(text)
    expect(events.length).toBe(1)
    expect(events[0]!.data.status).toBe("completed")
    expect(events[0]!.data.days_committed.map((d: Json) => d.day)).toEqual(["2024-01-01", "2024-01-02"])
  })

  it("queues beyond --max-runs with a position, refuses beyond --max-queue (429), cancels and continues", async () => {
    const a = await api.post("/runs", { config: tinyConfig, start: "2024-01-01", days: 4 })
    const b = await api.post("/runs", { config: tinyConfig, start: "2024-01-01", days: 2 })
    const c = await api.post("/runs", { config: tinyConfig, days: 1 })
    expect(a.status).toBe(202)
    expect(b.status).toBe(202)
    expect(b.body.status).toBe("pending")
    expect(b.body.queue_position).toBe(1)
    expect(c.status).toBe(429)
    expect(c.body.error).toBe("TooManyRequests")
    // cancel the waiting one: it never starts
    const cb = await api.del(`/runs/${b.body.id}`)
    expect(cb.status).toBe(202)
    expect(cb.body.status).toBe("cancelled")
    // follow the first one live over SSE while it runs to completion
    const events = parseSse(await (await fetch(`${server.url}/runs/${a.body.id}/events`)).text())
    const ids = events.map((e) => e.id)
    expect([...ids].sort((x, y) => x - y)).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
    const last = events[events.length - 1]!.data
    expect(last.status).toBe("completed")
    const days = events.flatMap((e) => e.data.days_committed.map((d: Json) => d.day))
    expect(days).toEqual(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"])
    // a reconnect after the first event gets only what followed
    const resumed = parseSse(
      await (
        await fetch(`${server.url}/runs/${a.body.id}/events`, {
          headers: { "last-event-id": String(ids[0]) }
        })
      ).text()
    )
    expect(resumed.length).toBe(1)
    expect(resumed[0]!.data.days_committed.map((d: Json) => d.day)).toEqual(
      events.slice(1).flatMap((e) => e.data.days_committed.map((d: Json) => d.day))
    )
    // the cancelled run continues (runs it), to the same bytes as the first run's first two days
    const cont = await api.post(`/runs/${b.body.id}/continue`, {})
    expect(cont.status).toBe(202)
    const finished = await api.until(`/runs/${b.body.id}`, terminal)
    expect(finished.status).toBe("completed")
    const mb = (await api.get(`/runs/${b.body.id}/manifest`)).body
    const md = (await api.get(`/runs/${done.id}/manifest`)).body
    expect(mb).toEqual(md)
    // extend it by a day
    const more = await api.post(`/runs/${b.body.id}/continue`, { days: 1 })
    expect(more.status).toBe(202)
    const extended = await api.until(`/runs/${b.body.id}`, terminal)
    expect(extended).toMatchObject({
      status: "completed",
      days_done: 3,
      end: "2024-01-03",
      current_day: "2024-01-03"
    })
    expect((await api.post(`/runs/${b.body.id}/continue`, { end: "2024-01-02" })).status).toBe(400)
  }, 300_000)
})

describe("files", () => {
  it("lists tables and partitions, downloads with Content-Length, ETag and Range", async () => {
    const list = (await api.get(`/runs/${done.id}/files`)).body
    expect(list.master.map((m: Json) => m.path)).toContain("master/stores.csv")
    const receipts = list.tables.receipts
    expect(receipts.map((p: Json) => p.dt)).toEqual(["2024-01-01", "2024-01-02"])
    const file = receipts[0].path as string
    const disk = await fs.readFile(path.join(dataDir, done.id, file))
    const r = await fetch(`${server.url}/runs/${done.id}/files/${file}`)
    expect(r.status).toBe(200)
    const bytes = Buffer.from(await r.arrayBuffer())
    expect(bytes.equals(disk)).toBe(true)
    expect(Number(r.headers.get("content-length"))).toBe(disk.length)
    expect(r.headers.get("etag")).toBe(`"${sha256(disk)}"`)
    const again = await fetch(`${server.url}/runs/${done.id}/files/${file}`, {
      headers: { "if-none-match": r.headers.get("etag")! }
    })
    expect(again.status).toBe(304)
    const part = await fetch(`${server.url}/runs/${done.id}/files/${file}`, {
      headers: { range: "bytes=10-19" }
    })
    expect(part.status).toBe(206)
    expect(part.headers.get("content-range")).toBe(`bytes 10-19/${disk.length}`)
    expect(Buffer.from(await part.arrayBuffer()).equals(disk.subarray(10, 20))).toBe(true)
    const tail = await fetch(`${server.url}/runs/${done.id}/files/${file}`, {
      headers: { range: "bytes=-5" }
    })
    expect(Buffer.from(await tail.arrayBuffer()).equals(disk.subarray(disk.length - 5))).toBe(true)
    const outside = await fetch(`${server.url}/runs/${done.id}/files/${file}`, {
      headers: { range: `bytes=${disk.length + 10}-` }
    })
    expect(outside.status).toBe(416)
  })

  it("previews the first rows of a partition", async () => {
    const p = await api.get(`/runs/${done.id}/tables/receipts/preview?dt=2024-01-02&limit=3`)
    expect(p.status).toBe(200)
    expect(p.body.columns[0]).toBe("TraceId")
    expect(p.body.rows.length).toBe(3)
    expect(p.body.rows[0].length).toBe(p.body.columns.length)
    expect((await api.get(`/runs/${done.id}/tables/receipts/preview?dt=1999-01-01`)).status).toBe(404)
    expect((await api.get(`/runs/${done.id}/tables/nope/preview`)).status).toBe(404)
  })

  it("validates the dataset", async () => {
    const v = await api.post(`/runs/${done.id}/validate`)
    expect(v.status).toBe(200)
    expect(v.body.ok).toBe(true)
    expect(v.body.text).toContain("I3")
  })

  it("serves only the files of the run's manifests: hostile paths get 404", async () => {
    const runDir = path.join(dataDir, done.id)
    // a symlink inside the run directory, to a file outside it, and an unlisted real file
    await fs.writeFile(path.join(dataDir, "secret.txt"), "TOP-SECRET-CONTENT")
    await fs.symlink(path.join(dataDir, "secret.txt"), path.join(runDir, "master", "link.csv"))
    const hostile = [
      "../secret.txt",
      "..%2Fsecret.txt",
      "%2e%2e/secret.txt",
      "%2E%2E%2F%2E%2E%2Fsecret.txt",
      "master/../../secret.txt",
      "master%2F..%2F..%2Fsecret.txt",
      "/etc/passwd",
      "%2Fetc%2Fpasswd",
      "..\\secret.txt",
      "master\\..\\..\\secret.txt",
      "master%5C..%5C..%5Csecret.txt",
      "master/link.csv",
      "run.json",
      "facts/_manifest.json",
      "master/_manifest.json",
      "master/stores.csv%00.txt",
      "facts/receipts"
    ]
    for (const h of hostile) {
      const r = await fetch(`${server.url}/runs/${done.id}/files/${h}`)
      expect([r.status, h]).toEqual([404, h])
      expect(await r.text()).not.toContain("TOP-SECRET")
    }
    expect((await fetch(`${server.url}/runs/${done.id}/files/master/stores.csv`)).status).toBe(200)
  })
})
