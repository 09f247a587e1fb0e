import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Server } from "../src/index.js"
import { client, terminal, tinyConfig, tmpDir } from "./helpers.js"

const TOKEN = "s3cret-token"
const ORIGIN = "http://localhost:5173"
let server: Server.Started

beforeAll(async () => {
  server = await Server.start({ port: 0, dataDir: await tmpDir("security"), token: TOKEN, cors: ORIGIN })
})

afterAll(async () => {
  await server?.close()
})

describe("bearer token", () => {
  it("guards mutating routes and downloads (401), leaves reads open", async () => {
    const anonymous = client(server.url)
    const wrong = client(server.url, "s3cret-tokeN")
    const owner = client(server.url, TOKEN)
    const body = { config: tinyConfig, start: "2024-01-01", days: 1 }
    for (const c of [anonymous, wrong]) {
      const r = await c.post("/runs", body)
      expect(r.status).toBe(401)
      expect(r.body.error).toBe("Unauthorized")
    }
    const created = await owner.post("/runs", body)
    expect(created.status).toBe(202)
    const id = created.body.id as string
    const done = await anonymous.until(`/runs/${id}`, terminal)
    expect(done.status).toBe("completed")
    expect((await anonymous.get("/runs")).status).toBe(200)
    for (const c of [anonymous, wrong]) {
      expect((await c.del(`/runs/${id}`)).status).toBe(401)
      expect((await c.post(`/runs/${id}/continue`, { days: 1 })).status).toBe(401)
      expect((await c.post(`/runs/${id}/validate`)).status).toBe(401)
      expect((await c.get(`/runs/${id}/files/master/stores.csv`)).status).toBe(401)
    }
    const file = await owner.get(`/runs/${id}/files/master/stores.csv`)
    expect(file.status).toBe(200)
    expect(file.text.startsWith("StoreID") || file.text.length > 0).toBe(true)
  }, 300_000)
})

describe("CORS", () => {
  it("answers the configured origin only", async () => {
    const preflight = await fetch(`${server.url}/runs`, {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "POST" }
    })
    expect(preflight.headers.get("access-control-allow-origin")).toBe(ORIGIN)
    const other = await fetch(`${server.url}/health`, { headers: { origin: "http://evil.example" } })
    expect(other.headers.get("access-control-allow-origin")).not.toBe("http://evil.example")
  })
})
