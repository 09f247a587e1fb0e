/**
 * Live streams over HTTP: `POST /streams`, their status, pause / resume / stop, the SSE delivery
 * of an `sse` stream (the same events as the library's stream of the same configuration), dead
 * letters, the OpenAPI document and the token rules.
 */
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { Config } from "@retail-datagen/config"
import { Live, Sink } from "@retail-datagen/stream"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { sseMessages, stalledClient } from "../../../packages/stream/test/helpers.js"
import { Server } from "../src/index.js"
import { type Client, client, type Json, tinyConfig, tmpDir } from "./helpers.js"

const TOKEN = "stream-token"
let server: Server.Started
let api: Client
let anonymous: Client
/** The token's header: the event streams need it, as downloads do. */
const AUTH = { authorization: `Bearer ${TOKEN}` }

beforeAll(async () => {
  server = await Server.start({ port: 0, dataDir: await tmpDir("streams"), token: TOKEN })
  api = client(server.url, TOKEN)
  anonymous = client(server.url)
}, 300_000)

afterAll(async () => {
  await server?.close()
})

describe("streams over HTTP", () => {
  it("an sse stream delivers on GET /streams/:id/events the events of the library's stream of the same config and days", async () => {
    const created = await api.post("/streams", {
      config: tinyConfig,
      sink: "sse",
      start: "2024-01-01",
      days: 1,
      speed: "max"
    })
    expect(created.status).toBe(201)
    expect(created.headers.get("location")).toBe(`/streams/${created.body.id}`)
    expect(created.body).toMatchObject({ state: expect.any(String), days: 1, speed: "max", events_sent: 0 })
    // nothing is sent before the first consumer
    const res = await fetch(`${server.url}${created.body.events_url}`, { headers: AUTH })
    expect(res.headers.get("content-type")).toContain("text/event-stream")
    const got = sseMessages(await res.text()) // ends when the stream completes
    const config = Effect.runSync(Config.decode(tinyConfig))
    const memory = Sink.memory()
    await Effect.runPromise(Live.run(config, { sink: memory, start: "2024-01-01", days: 1, speed: "max" }))
    expect(got.map(([id]) => id)).toEqual(memory.events.map((e) => e.id))
    expect(got.map(([, data]) => data)).toEqual(memory.events.map((e) => e.json))
    const done = await api.until(`/streams/${created.body.id}`, (s: Json) => s.state === "completed")
    expect(done.events_sent).toBe(memory.events.length)
    const metrics = (await api.get("/metrics")).text
    expect(metrics).toMatch(/^retail_datagen_streams\{state="completed"\} [1-9]/m)
    expect(metrics).toMatch(/^retail_datagen_stream_events_sent_total [1-9]\d*$/m)
    expect(done.offset).toEqual({ day: "2024-01-01", sequence: memory.events.length - 1 })
    // a completed stream is over: neither paused nor resumed
    for (const action of ["pause", "resume"]) {
      expect((await api.post(`/streams/${created.body.id}/${action}`)).status).toBe(409)
    }
  }, 300_000)

  it("a consumer that reconnects with Last-Event-ID gets the events after it: none missing, none twice", async () => {
    const created = await api.post("/streams", {
      config: tinyConfig,
      start: "2024-01-01",
      days: 1,
      speed: "max"
    })
    const url = `${server.url}${created.body.events_url}`
    // a first consumer reads a few messages and goes away
    const abort = new AbortController()
    const res = await fetch(url, { signal: abort.signal, headers: AUTH })
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let text = ""
    while (sseMessages(text).length < 6) {
      const { value, done } = await reader.read()
      if (done) break
      text += decoder.decode(value, { stream: true })
    }
    abort.abort()
    // only its complete messages count
    const first = sseMessages(text.slice(0, text.lastIndexOf("\n\n") + 2))
    const lastId = first[first.length - 1]![0]
    const rest = sseMessages(
      await (await fetch(url, { headers: { ...AUTH, "last-event-id": lastId } })).text()
    )
    const all = [...first, ...rest].map(([id]) => id)
    const done = await api.until(`/streams/${created.body.id}`, (s: Json) => s.state === "completed")
    expect(all).toHaveLength(done.events_sent)
    expect(new Set(all).size).toBe(all.length)
    expect(all[0]).toBe("EVT20240101-000000000")
    expect(all[all.length - 1]).toBe(`EVT20240101-${String(done.events_sent - 1).padStart(9, "0")}`)
  }, 300_000)

  it("pause holds the counter, resume moves it again, stop ends the stream; a stopped stream cannot be paused", async () => {
    const created = await api.post("/streams", { config: tinyConfig, sink: "file", speed: "max" })
    expect(created.status).toBe(201)
    const id = created.body.id as string
    expect(created.body.days).toBeNull()
    await api.until(`/streams/${id}`, (s: Json) => s.state === "running" && s.events_sent > 0)
    const paused = await api.post(`/streams/${id}/pause`)
    expect(paused.status).toBe(200)
    // at once: pausing while the send in flight is not acknowledged yet, then paused
    expect(["pausing", "paused"]).toContain(paused.body.state)
    const held = (await api.until(`/streams/${id}`, (s: Json) => s.state === "paused")).events_sent as number
    expect(held).toBeGreaterThanOrEqual(paused.body.events_sent)
    // once paused, no send is acknowledged until resume
    for (let i = 0; i < 3; i++) {
      const s = await api.get(`/streams/${id}`)
      expect(s.body).toMatchObject({ state: "paused", events_sent: held })
    }
    const list = await api.get("/streams")
    expect(list.body.streams.find((s: Json) => s.id === id)).toMatchObject({
      state: "paused",
      events_sent: held
    })
    const resumed = await api.post(`/streams/${id}/resume`)
    expect(resumed.body.state).toBe("running")
    await api.until(`/streams/${id}`, (s: Json) => s.events_sent > held)
    const stopped = await api.del(`/streams/${id}`)
    expect(stopped.status).toBe(200)
    expect(stopped.body.state).toBe("stopped")
    const final = stopped.body.events_sent as number
    expect((await api.get(`/streams/${id}`)).body).toMatchObject({ state: "stopped", events_sent: final })
    expect(final).toBeGreaterThan(held)
    expect(stopped.body.offset.sequence).toBeGreaterThanOrEqual(0)
    // a stopped stream cannot be paused (resume starts it again: see the restart test below)
    const r = await api.post(`/streams/${id}/pause`)
    expect(r.status).toBe(409)
    expect(r.body.error).toBe("Conflict")
    const dead = await api.get(`/streams/${id}/dead-letters`)
    expect(dead.body).toEqual({ total: 0, dead_letters: [] })
  }, 300_000)

  it("a file stream's events can be watched; a paused stream stops at once", async () => {
    const created = await api.post("/streams", {
      config: tinyConfig,
      sink: "file",
      start: "2024-01-01",
      speed: "max"
    })
    const id = created.body.id as string
    await api.until(`/streams/${id}`, (s: Json) => s.events_sent > 0)
    // the events of a file stream can be watched: a tap of the acknowledged events
    const abort = new AbortController()
    const tap = (
      await fetch(`${server.url}/streams/${id}/events`, { signal: abort.signal, headers: AUTH })
    ).body!.getReader()
    const decoder = new TextDecoder()
    let text = ""
    while (sseMessages(text).length === 0) text += decoder.decode((await tap.read()).value, { stream: true })
    abort.abort()
    expect(sseMessages(text)[0]![0]).toMatch(/^EVT2024\d{4}-\d{9}$/)
    expect(["pausing", "paused"]).toContain((await api.post(`/streams/${id}/pause`)).body.state)
    expect((await api.del(`/streams/${id}`)).body.state).toBe("stopped")
    // a stream that is over has no more events: its event stream ends at once
    await api.until(`/streams/${id}`, (s: Json) => s.consumers === 0)
    expect(
      sseMessages(await (await fetch(`${server.url}/streams/${id}/events`, { headers: AUTH })).text())
    ).toEqual([])
  }, 300_000)

  it("a consumer that never reads holds an sse stream; the bytes held for it stay within a few sends", async () => {
    const burst = 100
    const created = await api.post("/streams", {
      config: tinyConfig,
      sink: "sse",
      start: "2024-01-01",
      speed: "max",
      burst
    })
    const id = created.body.id as string
    const port = Number(new URL(server.url).port)
    const socket = await stalledClient(port, `/streams/${id}/events`, AUTH)
    // runs on (no days) until a send waits for the client
    const held = await api.until(`/streams/${id}`, (s: Json) => s.waiting_consumers === 1)
    // the response writing one send (waiting for drain), one in the queue, one offered: an
    // event's message is about 500 bytes, under 1 KiB
    const bound = 3 * burst * 1024 + 64 * 1024
    expect(held).toMatchObject({ state: "running", consumers: 1 })
    expect(held.events_sent).toBeGreaterThan(0)
    expect(held.buffered_bytes).toBeGreaterThan(0)
    expect(held.buffered_bytes).toBeLessThanOrEqual(bound)
    for (let i = 0; i < 5; i++) {
      expect((await api.get(`/streams/${id}`)).body.buffered_bytes).toBeLessThanOrEqual(bound)
    }
    // a pause answers while the consumer stalls the send in flight (it is not waited for)
    const paused = await api.post(`/streams/${id}/pause`)
    expect(paused.status).toBe(200)
    expect(["pausing", "paused"]).toContain(paused.body.state)
    // the stream can be stopped while the consumer stalls it; its client goes when it hangs up
    expect((await api.del(`/streams/${id}`)).body.state).toBe("stopped")
    socket.destroy()
    const gone = await api.until(`/streams/${id}`, (s: Json) => s.consumers === 0)
    expect(gone).toMatchObject({ state: "stopped", buffered_bytes: 0, waiting_consumers: 0 })
  }, 300_000)

  it("pause answers while a consumer that never reads holds an sse stream; resume goes on after the last acknowledged event, none missing or twice", async () => {
    const created = await api.post("/streams", {
      config: tinyConfig,
      sink: "sse",
      start: "2024-01-01",
      speed: "max",
      burst: 100
    })
    const id = created.body.id as string
    const port = Number(new URL(server.url).port)
    const socket = await stalledClient(port, `/streams/${id}/events`, AUTH)
    // runs on (no days) until a send waits for the stalled client: that send stays in flight
    await api.until(`/streams/${id}`, (s: Json) => s.waiting_consumers === 1)
    // the pause answers without waiting for it (the test's timeout is the guard against a hang)
    const paused = await api.post(`/streams/${id}/pause`)
    expect(paused.status).toBe(200)
    expect(["pausing", "paused"]).toContain(paused.body.state)
    // once the stalled client goes, its send is over and the stream is paused: the count stays
    socket.destroy()
    const held = await api.until(`/streams/${id}`, (s: Json) => s.state === "paused" && s.consumers === 0)
    expect(held.events_sent).toBeGreaterThanOrEqual(paused.body.events_sent)
    for (let i = 0; i < 3; i++) {
      expect((await api.get(`/streams/${id}`)).body).toMatchObject({
        state: "paused",
        events_sent: held.events_sent
      })
    }
    // a consumer that reads, attached while paused, until the stream ends
    const reading = fetch(`${server.url}/streams/${id}/events`, { headers: AUTH }).then((r) => r.text())
    await api.until(`/streams/${id}`, (s: Json) => s.consumers === 1)
    const resumed = await api.post(`/streams/${id}/resume`)
    expect(resumed.body.state).toBe("running")
    await api.until(`/streams/${id}`, (s: Json) => s.events_sent > held.events_sent)
    expect((await api.del(`/streams/${id}`)).body.state).toBe("stopped")
    const keys = sseMessages(await reading).map(([eventId]) => {
      const [day, seq] = eventId.slice(3).split("-")
      return { day: day!, seq: Number(seq) }
    })
    expect(keys.length).toBeGreaterThan(0)
    // the next of the same day, or the first of a later day
    const follows = (a: { day: string; seq: number }, b: { day: string; seq: number }) =>
      b.day === a.day ? b.seq === a.seq + 1 : b.day > a.day && b.seq === 0
    // its first event is the one after the last acknowledged before the pause, then one by one
    const last = held.offset as { day: string; sequence: number }
    expect(follows({ day: last.day.replace(/-/g, ""), seq: last.sequence }, keys[0]!)).toBe(true)
    for (let i = 1; i < keys.length; i++) expect(follows(keys[i - 1]!, keys[i]!)).toBe(true)
  }, 300_000)

  it("refuses mutations and the event stream without the token (401); the status and dead letters stay open", async () => {
    const wrong = client(server.url, "stream-tokeN")
    const created = await api.post("/streams", { config: tinyConfig, sink: "file", speed: 1 })
    const id = created.body.id as string
    for (const c of [anonymous, wrong]) {
      const r = await c.post("/streams", { config: tinyConfig })
      expect(r.status).toBe(401)
      expect(r.body.error).toBe("Unauthorized")
      expect((await c.post(`/streams/${id}/pause`)).status).toBe(401)
      expect((await c.post(`/streams/${id}/resume`)).status).toBe(401)
      expect((await c.del(`/streams/${id}`)).status).toBe(401)
      // the events are the data: guarded like a download
      const events = await c.get(`/streams/${id}/events`)
      expect(events.status).toBe(401)
      expect(events.body.error).toBe("Unauthorized")
    }
    // before the id is looked up: no stream ids are probed without the token
    expect((await anonymous.get("/streams/s20240101T000000-abcdef/events")).status).toBe(401)
    expect((await anonymous.get("/streams")).status).toBe(200)
    expect((await anonymous.get(`/streams/${id}/dead-letters`)).body).toEqual({ total: 0, dead_letters: [] })
    expect((await anonymous.get(`/streams/${id}`)).body.state).not.toBe("stopped")
    expect((await api.del(`/streams/${id}`)).body.state).toBe("stopped")
  }, 300_000)

  it("names the bad field of a request (400) and unknown streams (404)", async () => {
    const bad = await api.post("/streams", { sink: "kafka", speed: 0 })
    expect(bad.status).toBe(400)
    expect(bad.body.problems.map((p: Json) => p.path).sort()).toEqual(["sink", "speed"])
    const cfg = await api.post("/streams", { config: { volume: { stores: 0 } } })
    expect(cfg.body.path).toBe("config.volume.stores")
    const url = await api.post("/streams", { sink: "file", url: "127.0.0.1:4222" })
    expect(url.body.path).toBe("url")
    const unknown = await api.get("/streams/s20240101T000000-abcdef")
    expect(unknown.status).toBe(404)
    expect((await api.post("/streams/nope/pause")).status).toBe(404)
  })

  it("is in the OpenAPI document", async () => {
    const spec = (await api.get("/openapi.json")).body
    for (const p of [
      "/streams",
      "/streams/{id}",
      "/streams/{id}/pause",
      "/streams/{id}/resume",
      "/streams/{id}/events"
    ]) {
      expect(Object.keys(spec.paths)).toContain(p)
    }
    expect(Object.keys(spec.paths["/streams/{id}"])).toEqual(expect.arrayContaining(["get", "delete"]))
  })
})

describe("streams across a server restart", () => {
  it("are listed again, stopped at their last offset; resume goes on from the checkpoint, no event missed or twice", async () => {
    const dataDir = await tmpDir("streams-restart")
    const first = await Server.start({ port: 0, dataDir })
    const a = client(first.url)
    const request = { config: tinyConfig, sink: "file", start: "2024-01-01", speed: "max", burst: 200 }
    const stopped = (await a.post("/streams", request)).body.id as string
    const running = (await a.post("/streams", request)).body.id as string
    await a.until(`/streams/${stopped}`, (s: Json) => s.events_sent > 0)
    const before = (await a.del(`/streams/${stopped}`)).body
    await a.until(`/streams/${running}`, (s: Json) => s.events_sent > 0)
    await first.close() // stops the running stream, saving its status
    const second = await Server.start({ port: 0, dataDir })
    try {
      const b = client(second.url)
      const listed = (await b.get("/streams")).body.streams as Array<Json>
      expect(listed.map((s) => s.id).sort()).toEqual([stopped, running].sort())
      const again = listed.find((s) => s.id === stopped)
      expect(again).toMatchObject({
        state: "stopped",
        events_sent: before.events_sent,
        offset: before.offset,
        start: "2024-01-01"
      })
      const cut = listed.find((s) => s.id === running)
      expect(cut.state).toBe("stopped")
      expect(cut.offset).not.toBeNull()
      // resume: the same stream (id, directory, count) runs on after its checkpoint
      const resumed = await b.post(`/streams/${stopped}/resume`)
      expect(resumed.status).toBe(200)
      expect(resumed.body.id).toBe(stopped)
      await b.until(`/streams/${stopped}`, (s: Json) => s.events_sent > before.events_sent + 200)
      const end = (await b.del(`/streams/${stopped}`)).body
      expect(end.state).toBe("stopped")
      // the stream's files: at least once (a stop may come between a batch's write and its
      // acknowledgement, which is then written again), so a consumer deduplicates by event_id;
      // then every event is there once, in order, across the stop and the restart
      const events = path.join(dataDir, "streams", stopped, "events")
      const lines: Array<string> = []
      for (const name of (await fs.readdir(events)).filter((n) => n.startsWith("events-")).sort()) {
        for (const line of (await fs.readFile(path.join(events, name), "utf8")).split("\n")) {
          if (line !== "") lines.push((JSON.parse(line) as { event_id: string }).event_id)
        }
      }
      const ids = [...new Set(lines)]
      expect(lines.length - ids.length).toBeLessThanOrEqual(2 * 200)
      ids.forEach((id, i) => {
        const [day, seq] = id.slice(3).split("-")
        const prev = ids[i - 1]?.slice(3).split("-")
        if (prev === undefined || prev[0] !== day) expect(Number(seq)).toBe(0)
        else expect(Number(seq)).toBe(Number(prev[1]) + 1)
      })
      const eventId = (o: Json) => `EVT${o.day.replaceAll("-", "")}-${String(o.sequence).padStart(9, "0")}`
      expect(ids).toContain(eventId(end.offset))
      expect(end.events_sent).toBeGreaterThan(before.events_sent + 200)
    } finally {
      await second.close()
    }
  }, 300_000)
})
