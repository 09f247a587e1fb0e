/**
 * What a finished run serves beyond its files: the realism report page (`GET /runs/:id/report`)
 * and the preview of a Parquet partition, read with DuckDB like the CSV preview reads the file.
 */

import * as path from "node:path"
import { DuckDBInstance } from "@duckdb/node-api"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Server } from "../src/index.js"
import { type Client, client, type Json, terminal, tinyConfig, tmpDir } from "./helpers.js"

let server: Server.Started
let dataDir: string
let api: Client
let parquet: Json // a completed Parquet run of 1 day

beforeAll(async () => {
  dataDir = await tmpDir("reports")
  server = await Server.start({ port: 0, dataDir })
  api = client(server.url)
  const created = await api.post("/runs", {
    config: tinyConfig,
    start: "2024-01-01",
    days: 1,
    format: "parquet"
  })
  expect(created.status).toBe(202)
  parquet = await api.until(created.headers.get("location")!, terminal)
  expect(parquet.status).toBe("completed")
}, 300_000)

afterAll(async () => {
  await server?.close()
})

describe("a finished run's report and previews", () => {
  it("previews a Parquet partition: the columns and first rows, as DuckDB reads the file", async () => {
    const p = await api.get(`/runs/${parquet.id}/tables/receipts/preview?dt=2024-01-01&limit=3`)
    expect(p.status).toBe(200)
    expect(p.body.path).toMatch(/\.parquet$/)
    expect(p.body.columns).toContain("TraceId")
    expect(p.body.rows).toHaveLength(3)
    const instance = await DuckDBInstance.create(":memory:")
    const connection = await instance.connect()
    const file = path.join(dataDir, parquet.id, p.body.path)
    const reader = await connection.runAndReadAll(`SELECT TraceId FROM read_parquet('${file}') LIMIT 3`)
    expect(p.body.rows.map((r: Array<string>) => r[p.body.columns.indexOf("TraceId")])).toEqual(
      reader.getRowsJS().map((r) => r[0])
    )
    connection.closeSync()
    instance.closeSync()
    expect(p.body.rows.every((r: Array<string>) => r.length === p.body.columns.length)).toBe(true)
  })

  it("serves the realism report of a finished run as HTML, kept in the run's directory", async () => {
    const r = await api.get(`/runs/${parquet.id}/report`)
    expect(r.status).toBe(200)
    expect(r.headers.get("content-type")).toContain("text/html")
    expect(r.text).toContain("<svg")
    expect(r.text.toLowerCase()).toContain("target")
    const again = await api.get(`/runs/${parquet.id}/report`)
    expect(again.text).toBe(r.text)
    expect((await api.get("/runs/r20240101T000000-abcdef/report")).status).toBe(404)
  }, 300_000)

  it("refuses the report of a run that is not over (409)", async () => {
    const created = await api.post("/runs", { config: tinyConfig, start: "2024-01-01", days: 30 })
    const r = await api.get(`/runs/${created.body.id}/report`)
    expect(r.status).toBe(409)
    expect(r.body.error).toBe("Conflict")
    await api.del(`/runs/${created.body.id}`)
    await api.until(`/runs/${created.body.id}`, terminal)
  }, 300_000)
})
