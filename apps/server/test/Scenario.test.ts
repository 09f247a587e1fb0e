/**
 * Scenario runs over HTTP: `POST /runs` with a `scenario` and a `baseline`, and
 * `GET /runs/:id/diff` comparing the two finished runs (the JSON of `diff --json`, the HTML of
 * `diff --out`). A world of 3 stores in 2 DC regions, 2 days.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Server } from "../src/index.js"
import { type Client, client, type Json, terminal, tinyConfig, tmpDir } from "./helpers.js"

const TOKEN = "scenario-token"
const config = { volume: { ...tinyConfig.volume, stores: 3, dcs: 2 } }
const days = { start: "2024-01-01", days: 2 }

let server: Server.Started
let api: Client
let baseline: Json // a completed run without a scenario
let closedStores: Array<number> // every store of DC 1
let twin: Json // the same world with DC 1's stores closed on the second day

/** A scenario that closes `stores` on 2024-01-02. */
const closing = (stores: ReadonlyArray<number>) => ({
  name: "DC 1's stores closed",
  interventions: [{ type: "store_closed", stores, start: "2024-01-02", end: "2024-01-02" }]
})

beforeAll(async () => {
  server = await Server.start({ port: 0, dataDir: await tmpDir("scenario"), token: TOKEN })
  api = client(server.url, TOKEN)
  const created = await api.post("/runs", { config, ...days })
  expect(created.status).toBe(202)
  baseline = await api.until(`/runs/${created.body.id}`, terminal)
  expect(baseline.status).toBe("completed")
  // the stores of DC 1, from the baseline's master data
  const stores = (await api.get(`/runs/${baseline.id}/files/master/stores.csv`)).text.trim().split("\n")
  const header = stores[0]!.split(",")
  closedStores = stores
    .slice(1)
    .map((line) => line.split(","))
    .filter((cells) => cells[header.indexOf("DCID")] === "1")
    .map((cells) => Number(cells[header.indexOf("ID")]))
  expect(closedStores.length).toBeGreaterThan(0)
  expect(closedStores.length).toBeLessThan(3)
  const started = await api.post("/runs", {
    config,
    ...days,
    scenario: closing(closedStores),
    baseline: baseline.id
  })
  expect(started.status).toBe(202)
  twin = await api.until(`/runs/${started.body.id}`, terminal)
  expect(twin.status).toBe("completed")
}, 300_000)

afterAll(async () => {
  await server?.close()
})

describe("POST /runs with a scenario", () => {
  it("records the scenario and the baseline, shown by GET /runs/:id", async () => {
    const status = (await api.get(`/runs/${twin.id}`)).body
    expect(status.scenario).toEqual(closing(closedStores))
    expect(status.baseline).toBe(baseline.id)
    expect(baseline.scenario).toBeUndefined()
    expect(baseline.baseline).toBeUndefined()
    // the dataset records it too, as `generate --scenario` does
    const listed = (await api.get("/runs")).body.runs.find((r: Json) => r.id === twin.id)
    expect(listed.scenario.interventions[0].type).toBe("store_closed")
  })

  it("refuses a bad scenario with 400 naming the path", async () => {
    const shock = { type: "demand_shock", dc: 1, factor: -1, start: "2024-01-02", end: "2024-01-02" }
    const bad = await api.post("/runs", { config, ...days, scenario: { interventions: [shock] } })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ error: "BadRequest", path: "scenario.interventions[0].factor" })
    expect(bad.body.message).toBe("scenario.interventions[0].factor: expected a number > 0 and ≤ 100, got -1")
    // ids the world does not have
    const store = await api.post("/runs", { config, ...days, scenario: closing([9]) })
    expect(store.status).toBe(400)
    expect(store.body.path).toBe("scenario.interventions[0].stores[0]")
    expect(store.body.message).toContain("expected a StoreID from 1 to 3")
    const missing = await api.post("/runs", { config, ...days, scenario: { name: "no interventions" } })
    expect(missing.status).toBe(400)
    expect(missing.body.path).toBe("scenario.interventions")
    const both = await api.post("/runs", {
      config: { ...config, scenario: closing([1]) },
      ...days,
      scenario: closing([1])
    })
    expect(both.status).toBe(400)
    expect(both.body.path).toBe("scenario")
  })

  it("refuses a baseline that cannot be compared: unknown (400), another configuration or days (400), not finished (409)", async () => {
    const scenario = closing([1])
    const unknown = await api.post("/runs", {
      config,
      ...days,
      scenario,
      baseline: "r20240101T000000-abcdef"
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.path).toBe("baseline")
    const seed = await api.post("/runs", {
      config: { ...config, seed: 7 },
      ...days,
      scenario,
      baseline: baseline.id
    })
    expect(seed.status).toBe(400)
    expect(seed.body.message).toContain("seed is 42 there and 7 here")
    const longer = await api.post("/runs", {
      config,
      start: "2024-01-01",
      days: 3,
      scenario,
      baseline: baseline.id
    })
    expect(longer.status).toBe(400)
    expect(longer.body.message).toContain("same days")
    // another file format is the same rows: accepted
    const parquet = await api.post("/runs", {
      config,
      ...days,
      format: "parquet",
      scenario,
      baseline: baseline.id
    })
    expect(parquet.status).toBe(202)
    await api.del(`/runs/${parquet.body.id}`)
    await api.until(`/runs/${parquet.body.id}`, terminal)
    // a run that is going is no baseline, and has no diff yet
    const going = await api.post("/runs", { config, start: "2024-01-01", days: 60 })
    expect(going.status).toBe(202)
    const early = await api.post("/runs", { config, ...days, scenario, baseline: going.body.id })
    expect(early.status).toBe(409)
    expect(early.body.error).toBe("Conflict")
    expect(early.body.message).toContain("a baseline must be a completed run")
    const diff = await api.get(`/runs/${twin.id}/diff?base=${going.body.id}`)
    expect(diff.status).toBe(409)
    expect((await api.get(`/runs/${going.body.id}/diff?base=${baseline.id}`)).status).toBe(409)
    await api.del(`/runs/${going.body.id}`)
    await api.until(`/runs/${going.body.id}`, terminal)
  }, 120_000)

  it("needs the server's token, like every mutating route", async () => {
    for (const c of [client(server.url), client(server.url, "wrong")]) {
      const r = await c.post("/runs", { config, ...days, scenario: closing([1]), baseline: baseline.id })
      expect(r.status).toBe(401)
      expect(r.body.error).toBe("Unauthorized")
    }
  })

  it("is documented in the OpenAPI document", async () => {
    const o = (await api.get("/openapi.json")).body
    expect(Object.keys(o.components.schemas.RunRequest.properties)).toEqual(
      expect.arrayContaining(["scenario", "baseline"])
    )
    const diff = o.paths["/runs/{id}/diff"].get
    expect(diff.parameters.map((p: Json) => p.name)).toEqual(["id", "base", "format"])
    expect(Object.keys(diff.responses["200"].content)).toEqual(["application/json", "text/html"])
  })
})

describe("GET /runs/:id/diff", () => {
  it("compares the run with its baseline: the closed stores' region has no receipts on the closed day", async () => {
    const r = await client(server.url).get(`/runs/${twin.id}/diff`)
    expect(r.status).toBe(200)
    expect(r.headers.get("content-type")).toContain("application/json")
    const diff = r.body
    expect(diff).toMatchObject({ base: baseline.id, scenario: twin.id, name: "DC 1's stores closed" })
    expect(diff.interventions).toEqual(closing(closedStores).interventions)
    const receipts = (day: string, dc: number) =>
      diff.cells.find((c: Json) => c.metric === "receipts" && c.day === day && c.dc === dc)
    // the closed day: none in the twin, some in the baseline
    expect(receipts("2024-01-02", 1).scenario).toBe(0)
    expect(receipts("2024-01-02", 1).base).toBeGreaterThan(0)
    // the day before and the other region: the same
    expect(receipts("2024-01-01", 1).scenario).toBe(receipts("2024-01-01", 1).base)
    for (const day of ["2024-01-01", "2024-01-02"]) {
      expect(receipts(day, 2).scenario).toBe(receipts(day, 2).base)
      expect(receipts(day, 2).base).toBeGreaterThan(0)
    }
    const total = diff.totals.find((t: Json) => t.metric === "receipts" && t.dc === 1)
    expect(total.delta).toBe(-receipts("2024-01-02", 1).base)
    // the receipts of the twin's files agree: the closed stores sold nothing that day
    const preview = await api.get(`/runs/${twin.id}/tables/receipts/preview?dt=2024-01-02&limit=1000`)
    const store = preview.body.columns.indexOf("StoreID")
    expect(preview.body.rows.length).toBeGreaterThan(0)
    expect(
      preview.body.rows.filter((row: Array<string>) => closedStores.includes(Number(row[store])))
    ).toEqual([])
  })

  it("is the HTML page of `diff --out` by Accept header or ?format=html, JSON by ?format=json", async () => {
    const anonymous = client(server.url)
    const byAccept = await anonymous.get(`/runs/${twin.id}/diff`, {
      accept: "text/html,application/xhtml+xml,*/*"
    })
    expect(byAccept.status).toBe(200)
    expect(byAccept.headers.get("content-type")).toContain("text/html")
    expect(byAccept.text).toContain("<svg")
    expect(byAccept.text).toContain(baseline.id)
    const byFormat = await anonymous.get(`/runs/${twin.id}/diff?format=html`)
    expect(byFormat.text).toBe(byAccept.text)
    const json = await anonymous.get(`/runs/${twin.id}/diff?format=json`, { accept: "text/html" })
    expect(json.headers.get("content-type")).toContain("application/json")
    expect(json.body.scenario).toBe(twin.id)
  })

  it("takes another run to compare with as ?base=, answers 404 for unknown runs and 400 without a baseline", async () => {
    // the baseline against the twin: the effect with the opposite sign
    const reverse = (await api.get(`/runs/${baseline.id}/diff?base=${twin.id}`)).body
    const forward = (await api.get(`/runs/${twin.id}/diff`)).body
    const cell = (d: Json) =>
      d.cells.find((c: Json) => c.metric === "receipts" && c.day === "2024-01-02" && c.dc === 1)
    expect(cell(reverse)).toMatchObject({ base: cell(forward).scenario, scenario: cell(forward).base })
    const unknown = await api.get("/runs/r20240101T000000-abcdef/diff")
    expect(unknown.status).toBe(404)
    const unknownBase = await api.get(`/runs/${twin.id}/diff?base=r20240101T000000-abcdef`)
    expect(unknownBase.status).toBe(404)
    expect(unknownBase.body.path).toBe("base")
    const none = await api.get(`/runs/${baseline.id}/diff`)
    expect(none.status).toBe(400)
    expect(none.body.path).toBe("base")
  })
})
