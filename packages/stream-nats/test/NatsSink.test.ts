import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { jetstreamManager } from "@nats-io/jetstream"
import { connect } from "@nats-io/transport-node"
import { type Event, Live } from "@retail-datagen/stream"
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

// computed once for every test of the file
const expected = Effect.runSync(Effect.cached(eventsOfTheDay(config)))

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
        const stored = yield* Effect.promise(() => storedMessages(port, NatsSink.streamName(hub)))
        expect(stored).toEqual(want.map((e) => e.json))
      }).pipe(Effect.scoped),
    120_000
  )
})

/** The stored messages of the JetStream stream `name`, in order. */
const storedMessages = async (port: number, name: string): Promise<Array<string>> => {
  const nc = await connect({ servers: `127.0.0.1:${port}` })
  const jsm = await jetstreamManager(nc)
  const info = await jsm.streams.info(name)
  const out: Array<string> = []
  for (let seq = 1; seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(name, { seq })
    if (m !== null) out.push(m.string())
  }
  await nc.close()
  return out
}

/** The dead letters of `file`: `{ event_id, reason, event }` per line. */
const deadLettersOf = (
  file: string
): Array<{ event_id: string; reason: string; event: { event_id: string } }> =>
  fs
    .readFileSync(file, "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l))

/**
 * The bytes NATS counts for a publish of `e` by the sink: the payload and its header block
 * (`NATS/1.0`, `Nats-Msg-Id: <event_id>`, CRLF line ends, a blank line), as the protocol defines it.
 */
const publishedBytes = (e: Event.Event): number =>
  Buffer.byteLength(e.json) + Buffer.byteLength(`NATS/1.0\r\nNats-Msg-Id: ${e.id}\r\n\r\n`)

describe("NatsSink against the broker's limits", () => {
  it.live(
    "max_payload of the server's config file: the larger events go to the dead letters with the limit, every other event is stored",
    () =>
      Effect.gen(function* () {
        const want = yield* expected
        // a limit a few of the day's events pass: the largest go over it
        const sizes = want.map(publishedBytes).sort((a, b) => b - a)
        const maxPayload = sizes[9]!
        const over = want.filter((e) => publishedBytes(e) > maxPayload)
        expect(over.length).toBeGreaterThan(0)
        expect(over.length).toBeLessThan(10)
        const port = yield* Effect.promise(freePort)
        const conf = path.join(dir, `limited-${port}.conf`)
        fs.writeFileSync(
          conf,
          `listen: "127.0.0.1:${port}"\nmax_payload: ${maxPayload}\njetstream { store_dir: "${path.join(dir, `js-limited-${port}`)}" }\n`
        )
        const limited = broker("nats-server", ["-c", conf], port)
        yield* Effect.acquireRelease(Effect.promise(limited.start), () => Effect.promise(limited.stop))
        const hub = "retail-limited"
        const sink = yield* NatsSink.make({ servers: `127.0.0.1:${port}`, hub })
        const deadLetters = path.join(dir, `dead-${port}.ndjson`)
        const summary = yield* Live.run(config, {
          sink,
          start: "2024-11-28",
          days: 1,
          speed: "max",
          deadLetters
        })
        // the stream went on: every event counted, the rejected ones in the dead letters
        expect(summary.eventsSent).toBe(want.length)
        expect(summary.deadLetters).toBe(over.length)
        const dead = deadLettersOf(deadLetters)
        expect(dead.map((d) => d.event_id)).toEqual(over.map((e) => e.id))
        for (const d of dead) {
          expect(d.reason).toContain(`over the server's max_payload of ${maxPayload} bytes`)
          expect(d.event.event_id).toBe(d.event_id)
        }
        const rejected = new Set(over.map((e) => e.id))
        const stored = yield* Effect.promise(() => storedMessages(port, NatsSink.streamName(hub)))
        expect(stored).toEqual(want.filter((e) => !rejected.has(e.id)).map((e) => e.json))
      }).pipe(Effect.scoped),
    120_000
  )

  it.live(
    "a JetStream stream's max_msg_size: the server refuses the larger events, they go to the dead letters with its reason",
    () =>
      Effect.gen(function* () {
        const want = yield* expected
        const hub = "retail-msg-size"
        const name = NatsSink.streamName(hub)
        const sizes = want.map(publishedBytes).sort((a, b) => b - a)
        const maxMsgSize = sizes[9]!
        // the stream exists before the sink connects, made by an operator with a message size limit
        yield* Effect.promise(async () => {
          const nc = await connect({ servers: `127.0.0.1:${nats.port}` })
          const jsm = await jetstreamManager(nc)
          await jsm.streams.add({ name, subjects: [`${hub}.>`], max_msg_size: maxMsgSize })
          await nc.close()
        })
        const sink = yield* NatsSink.make({ servers: `127.0.0.1:${nats.port}`, hub })
        const deadLetters = path.join(dir, "dead-msg-size.ndjson")
        const summary = yield* Live.run(config, {
          sink,
          start: "2024-11-28",
          days: 1,
          speed: "max",
          deadLetters,
          maxRetryTime: "2 seconds"
        })
        const stored = yield* Effect.promise(() => storedMessages(nats.port, name))
        const dead = deadLettersOf(deadLetters)
        expect(summary.eventsSent).toBe(want.length)
        expect(summary.retries).toBe(0)
        expect(dead.length).toBeGreaterThan(0)
        expect(dead.length + stored.length).toBe(want.length)
        for (const d of dead) expect(d.reason).toMatch(/message size exceeds maximum allowed/)
        const rejected = new Set(dead.map((d) => d.event_id))
        expect(stored).toEqual(want.filter((e) => !rejected.has(e.id)).map((e) => e.json))
      }).pipe(Effect.scoped),
    120_000
  )
})
