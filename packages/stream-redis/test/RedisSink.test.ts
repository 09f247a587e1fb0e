import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Live } from "@retail-datagen/stream"
import { Effect } from "effect"
import { Redis } from "ioredis"
import {
  type Broker,
  broker,
  connectToLateBroker,
  eventsOfTheDay,
  freePort,
  runThroughRestart
} from "../../stream/test/brokers.js"
import { tempDir, tinyConfig } from "../../stream/test/helpers.js"
import { RedisSink } from "../src/index.js"

const dir = tempDir()
const config = tinyConfig(dir)
let redis: Broker

beforeAll(async () => {
  const port = await freePort()
  const data = path.join(dir, "redis")
  fs.mkdirSync(data)
  redis = broker(
    "redis-server",
    [
      "--port",
      `${port}`,
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "yes",
      "--appendfsync",
      "always",
      "--dir",
      data
    ],
    port
  )
  await redis.start()
}, 300_000)

afterAll(async () => {
  await redis.stop()
})

const expected = eventsOfTheDay(config)

describe("RedisSink", () => {
  it.live(
    "the server stopped and restarted mid-stream: every event once, in order, entry ID = offset; checkpoint in a key",
    () =>
      Effect.gen(function* () {
        const want = yield* expected
        const hub = "retail-test"
        const url = `redis://127.0.0.1:${redis.port}`
        const sink = yield* RedisSink.make({ url, hub })
        const summary = yield* runThroughRestart(config, sink, redis)
        expect(summary.eventsSent).toBe(want.length)
        expect(summary.retries).toBeGreaterThan(0)
        // a resend of what is there already changes nothing
        yield* sink.send(want.slice(0, 500))
        const entries = yield* Effect.promise(async () => {
          const r = new Redis(url)
          const all = await r.xrange(hub, "-", "+")
          r.disconnect()
          return all
        })
        expect(entries.length).toBe(want.length)
        expect(entries.map(([id]) => id)).toEqual(want.map(RedisSink.entryId))
        expect(entries.map(([, fields]) => fields[5])).toEqual(want.map((e) => e.json))
        const cursor = yield* sink.checkpoint!.load
        expect(cursor?.offset).toEqual({ day: "2024-11-28", sequence: want.length - 1 })
      }).pipe(Effect.scoped),
    120_000
  )

  it.live("nothing listening: the first connection is retried, then fails naming the sink and its URL", () =>
    Effect.gen(function* () {
      const port = yield* Effect.promise(freePort)
      const url = `redis://127.0.0.1:${port}`
      const e = yield* Effect.flip(RedisSink.make({ url, hub: "retail-down", maxRetryTime: "300 millis" }))
      expect(e._tag).toBe("RetriesExhausted")
      expect(e.message).toContain(`redis ${url} retail-down: could not connect for 0.3 s`)
    }).pipe(Effect.scoped)
  )

  it.live("a stream key that holds another type fails at once, naming the key and its type", () =>
    Effect.gen(function* () {
      const url = `redis://127.0.0.1:${redis.port}`
      const hub = "retail-not-a-stream"
      yield* Effect.promise(async () => {
        const r = new Redis(url)
        await r.set(hub, "taken")
        r.disconnect()
      })
      const e = yield* Effect.flip(RedisSink.make({ url, hub, maxRetryTime: "60 seconds" }))
      expect(e._tag).toBe("InvalidStreamOption")
      expect(e.message).toContain(`the Redis key "${hub}" at ${url} holds a string, not a stream`)
    }).pipe(Effect.scoped)
  )

  it.live(
    "a server that comes up after the stream started: the sink connects once it is there and nothing is lost",
    () =>
      Effect.gen(function* () {
        const want = yield* expected
        const port = yield* Effect.promise(freePort)
        const data = path.join(dir, `redis-late-${port}`)
        fs.mkdirSync(data)
        const late = broker(
          "redis-server",
          ["--port", `${port}`, "--bind", "127.0.0.1", "--save", "", "--dir", data],
          port
        )
        const hub = "retail-late"
        const url = `redis://127.0.0.1:${port}`
        const sink = yield* connectToLateBroker(
          late,
          RedisSink.make({ url, hub, maxRetryTime: "60 seconds" })
        )
        const summary = yield* Live.run(config, { sink, start: "2024-11-28", days: 1, speed: "max" })
        expect(summary.eventsSent).toBe(want.length)
        const entries = yield* Effect.promise(async () => {
          const r = new Redis(url)
          const all = await r.xrange(hub, "-", "+")
          r.disconnect()
          return all
        })
        expect(entries.map(([, fields]) => fields[5])).toEqual(want.map((e) => e.json))
      }).pipe(Effect.scoped),
    120_000
  )
})
