import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { jetstreamManager } from "@nats-io/jetstream"
import { connect } from "@nats-io/transport-node"
import { Live } from "@retail-datagen/stream"
import { Effect } from "effect"
import {
  type Broker,
  broker,
  connectToLateBroker,
  eventsOfTheDay,
  freePort,
  runThroughRestart
} from "../../stream/test/brokers.js"
import { tempDir, tinyConfig } from "../../stream/test/helpers.js"
import { NatsSink } from "../src/index.js"

const dir = tempDir()
const config = tinyConfig(dir)
let nats: Broker

beforeAll(async () => {
  const port = await freePort()
  fs.mkdirSync(path.join(dir, "js"))
  nats = broker("nats-server", ["-js", "-a", "127.0.0.1", "-p", `${port}`, "-sd", path.join(dir, "js")], port)
  await nats.start()
}, 300_000)

afterAll(async () => {
  await nats.stop()
})

const expected = eventsOfTheDay(config)

describe("NatsSink", () => {
  it.live(
    "the broker stopped and restarted mid-stream: nothing lost, nothing twice (Nats-Msg-Id = event_id); checkpoint in KV",
    () =>
      Effect.gen(function* () {
        const want = yield* expected
        const hub = "retail-test"
        const sink = yield* NatsSink.make({ servers: `127.0.0.1:${nats.port}`, hub, timeoutMs: 1000 })
        const summary = yield* runThroughRestart(config, sink, nats)
        expect(summary.eventsSent).toBe(want.length)
        expect(summary.retries).toBeGreaterThan(0)
        const state = yield* Effect.promise(async () => {
          const nc = await connect({ servers: `127.0.0.1:${nats.port}` })
          const jsm = await jetstreamManager(nc)
          const info = await jsm.streams.info(NatsSink.streamName(hub))
          const first = await jsm.streams.getMessage(NatsSink.streamName(hub), { seq: 1 })
          const last = await jsm.streams.getMessage(NatsSink.streamName(hub), { seq: info.state.last_seq })
          await nc.close()
          return { messages: info.state.messages, first: first?.string(), last: last?.string() }
        })
        expect(state.messages).toBe(want.length)
        expect(state.first).toBe(want[0]!.json)
        expect(state.last).toBe(want.at(-1)!.json)
        const cursor = yield* sink.checkpoint!.load
        expect(cursor?.offset).toEqual({ day: "2024-11-28", sequence: want.length - 1 })
      }).pipe(Effect.scoped),
    120_000
  )

  it.live("nothing listening: the first connection is retried, then fails naming the sink and its URL", () =>
    Effect.gen(function* () {
      const port = yield* Effect.promise(freePort)
      const e = yield* Effect.flip(
        NatsSink.make({ servers: `127.0.0.1:${port}`, hub: "retail-down", maxRetryTime: "300 millis" })
      )
      expect(e._tag).toBe("RetriesExhausted")
      expect(e.message).toContain(`nats 127.0.0.1:${port} retail-down: could not connect for 0.3 s`)
    }).pipe(Effect.scoped)
  )

  it.live(
    "a broker that comes up after the stream started: the sink connects once it is there and nothing is lost",
    () =>
      Effect.gen(function* () {
        const want = yield* expected
        const port = yield* Effect.promise(freePort)
        const data = path.join(dir, `js-late-${port}`)
        const late = broker("nats-server", ["-js", "-a", "127.0.0.1", "-p", `${port}`, "-sd", data], port)
        const hub = "retail-late"
        const sink = yield* connectToLateBroker(
          late,
          NatsSink.make({ servers: `127.0.0.1:${port}`, hub, maxRetryTime: "60 seconds" })
        )
        const summary = yield* Live.run(config, { sink, start: "2024-11-28", days: 1, speed: "max" })
        expect(summary.eventsSent).toBe(want.length)
        const stored = yield* Effect.promise(async () => {
          const nc = await connect({ servers: `127.0.0.1:${port}` })
          const jsm = await jetstreamManager(nc)
          const name = NatsSink.streamName(hub)
          const info = await jsm.streams.info(name)
          const out: Array<string> = []
          for (let seq = 1; seq <= info.state.last_seq; seq++) {
            const m = await jsm.streams.getMessage(name, { seq })
            if (m !== null) out.push(m.string())
          }
          await nc.close()
          return out
        })
        expect(stored).toEqual(want.map((e) => e.json))
      }).pipe(Effect.scoped),
    120_000
  )
})
