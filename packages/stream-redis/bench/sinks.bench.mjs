// Events/s of the live stream at --speed max to a null sink, to NATS JetStream and to Redis
// Streams, next to each raw client's publish ceiling with the same payloads, measured in the same
// run, with the CPU time of this process and its peak RSS. Not a test. Needs the packages built
// (`pnpm build`) and nats-server + redis-server on PATH (Debian packages); starts both brokers on
// free loopback ports and stops them at the end.
//   node packages/stream-redis/bench/sinks.bench.mjs [customers_per_day] [days]
// The stream runs come first, so the peak RSS after them is the stream's; the raw-client runs
// then hold every event in memory.
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { jetstream, jetstreamManager } from "@nats-io/jetstream"
import { connect, createInbox, headers } from "@nats-io/transport-node"
import { Config } from "@retail-datagen/config"
import { Generator } from "@retail-datagen/generator"
import { Live, Mapping } from "@retail-datagen/stream"
import { NatsSink } from "@retail-datagen/stream-nats"
import { RedisSink } from "@retail-datagen/stream-redis"
import { Chunk, Effect, Stream } from "effect"
import { Redis } from "ioredis"

const perDay = Number(process.argv[2] ?? 3000)
const days = Number(process.argv[3] ?? 1)
const start = "2024-11-29" // Black Friday: the busiest day
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "stream-bench-"))
const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer()
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port
      s.close(() => resolve(p))
    })
  })
const waitPort = async (port) => {
  for (;;) {
    const ok = await new Promise((r) => {
      const c = net.connect(port, "127.0.0.1")
      c.once("connect", () => {
        c.destroy()
        r(true)
      })
      c.once("error", () => r(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 50))
  }
}
const natsPort = await freePort()
const redisPort = await freePort()
fs.mkdirSync(path.join(tmp, "js"))
const nats = spawn(
  "nats-server",
  ["-js", "-a", "127.0.0.1", "-p", `${natsPort}`, "-sd", path.join(tmp, "js")],
  {
    stdio: "ignore"
  }
)
const redis = spawn(
  "redis-server",
  ["--port", `${redisPort}`, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", tmp],
  { stdio: "ignore" }
)
const stopBrokers = () => {
  nats.kill("SIGTERM")
  redis.kill("SIGTERM")
}
process.on("exit", stopBrokers)
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(1))
await waitPort(natsPort)
await waitPort(redisPort)

const config = Effect.runSync(
  Config.merge(Config.defaults, {
    volume: { customers_per_day: perDay },
    paths: { master: path.join(tmp, "m"), facts: path.join(tmp, "f") }
  })
)
const results = []
const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
/** CPU milliseconds of a broker process so far (Linux /proc; 0 elsewhere). */
const brokerCpuMs = (child) => {
  try {
    const fields = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ")
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return 0
  }
}
/** Runs `f` (returning the events handled) and records its wall time, its CPU time and the broker's. */
const measure = async (label, f, broker) => {
  const load = os.loadavg()[0]
  const w0 = performance.now()
  const c0 = cpuMs()
  const b0 = broker === undefined ? 0 : brokerCpuMs(broker)
  const n = await f()
  const brokerCpu = broker === undefined ? undefined : brokerCpuMs(broker) - b0
  results.push({ label, n, ms: performance.now() - w0, cpu: cpuMs() - c0, brokerCpu, load })
}

const nullSink = { name: "null", send: () => Effect.succeed([]), close: Effect.void }
const live = (makeSink) => () =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const sink = yield* makeSink()
        const s = yield* Live.run(config, { sink, start, days, speed: "max", checkpoint: "none" })
        return s.eventsSent
      })
    )
  )
// warm-up (not counted): builds the master data and compiles the code every run then shares
await live(() => Effect.succeed(nullSink))()
await measure(
  "stream --speed max → null sink (simulate + map + Live)",
  live(() => Effect.succeed(nullSink))
)
const natsSink = (hub) => () => NatsSink.make({ servers: `127.0.0.1:${natsPort}`, hub })
const redisSink = (hub) => () => RedisSink.make({ url: `redis://127.0.0.1:${redisPort}`, hub })
await measure("stream --speed max → NATS JetStream (NatsSink)", live(natsSink("bench")), nats)
await measure("stream --speed max → Redis Streams (RedisSink)", live(redisSink("bench")), redis)
const streamRss = process.resourceUsage().maxRSS / 1024

// the same events in memory, for the raw clients
let events = []
await measure("simulate + map into memory (no Live, no sink)", () =>
  Effect.runPromise(
    Effect.gen(function* () {
      const { plan, stream } = yield* Generator.days(config, { start, days })
      const all = yield* Stream.runCollect(Stream.map(stream, Mapping.mapper(plan).day))
      events = Chunk.toArray(all).flat()
      return events.length
    })
  )
)
// our sinks alone with the same payloads, in the sends of `--speed max`
const sendAll = (makeSink) => () =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const sink = yield* makeSink()
        for (let i = 0; i < events.length; i += Live.MAX_SPEED_BATCH)
          yield* sink.send(events.slice(i, i + Live.MAX_SPEED_BATCH))
        return events.length
      })
    )
  )
await measure("NatsSink alone (the same events, sends of 8192)", sendAll(natsSink("alone")), nats)
await measure("RedisSink alone (the same events, sends of 8192)", sendAll(redisSink("alone")), redis)
// The raw clients' ceilings: the fastest ways the maintained clients publish the same
// pre-encoded events — a bounded window of unacknowledged publishes (a sliding window, not
// batches awaited one at a time), and for NATS also core publishes without acknowledgements.
const WINDOW = 4096
/** Runs `start(i)` for every event, at most `window` unsettled: a sliding window, in order. */
const slidingWindow = async (n, window, start) => {
  const ring = new Array(window)
  for (let i = 0; i < n; i++) {
    if (i >= window) await ring[i % window]
    ring[i % window] = start(i)
  }
  await Promise.all(ring)
}
await measure(
  `NATS raw client (jetstream publish, ${WINDOW} unacknowledged)`,
  async () => {
    const nc = await connect({ servers: `127.0.0.1:${natsPort}` })
    const jsm = await jetstreamManager(nc)
    await jsm.streams.add({ name: "raw", subjects: ["raw.>"] })
    const js = jetstream(nc)
    await slidingWindow(events.length, WINDOW, (i) =>
      js.publish(`raw.${events[i].type}`, events[i].json, { msgID: events[i].id })
    )
    await nc.close()
    return events.length
  },
  nats
)
await measure(
  `NATS raw client (core publish, replies to one inbox, ${WINDOW} unacknowledged)`,
  async () => {
    const nc = await connect({ servers: `127.0.0.1:${natsPort}` })
    const jsm = await jetstreamManager(nc)
    await jsm.streams.add({ name: "rawcore", subjects: ["rawcore.>"] })
    const inbox = createInbox()
    let acked = 0
    let wake
    nc.subscribe(`${inbox}.*`, {
      callback: () => {
        acked++
        wake?.()
      }
    })
    const until = (k) =>
      new Promise((resolve) => {
        wake = () => {
          if (acked >= k) {
            wake = undefined
            resolve()
          }
        }
        wake()
      })
    const h = headers()
    for (let i = 0; i < events.length; i++) {
      if (i - acked >= WINDOW) await until(i - WINDOW + 1)
      h.set("Nats-Msg-Id", events[i].id)
      nc.publish(`rawcore.${events[i].type}`, events[i].json, { reply: `${inbox}.${i}`, headers: h })
    }
    await until(events.length)
    await nc.close()
    return events.length
  },
  nats
)
await measure(
  "NATS raw client (core publish to the stream, no acknowledgements)",
  async () => {
    const nc = await connect({ servers: `127.0.0.1:${natsPort}` })
    const jsm = await jetstreamManager(nc)
    await jsm.streams.add({ name: "rawnoack", subjects: ["rawnoack.>"] })
    const h = headers()
    for (let i = 0; i < events.length; i++) {
      h.set("Nats-Msg-Id", events[i].id)
      nc.publish(`rawnoack.${events[i].type}`, events[i].json, { headers: h })
      // let the socket drain now and then (the client buffers everything otherwise)
      if (i % WINDOW === WINDOW - 1) await nc.flush()
    }
    await nc.flush()
    // done when the stream holds them all (counted: what it stored, should it stop short for 2 s)
    let stored = 0
    for (let stalled = 0; stored < events.length && stalled < 100; ) {
      const now = (await jsm.streams.info("rawnoack")).state.messages
      stalled = now === stored ? stalled + 1 : 0
      stored = now
      if (stored < events.length) await new Promise((r) => setTimeout(r, 20))
    }
    await nc.close()
    return stored
  },
  nats
)
await measure(
  `Redis raw client (XADD, pipelines of ${WINDOW / 4}, 4 in flight)`,
  async () => {
    const r = new Redis(`redis://127.0.0.1:${redisPort}`)
    const per = WINDOW / 4
    const pipelines = Math.ceil(events.length / per)
    await slidingWindow(pipelines, 4, (k) => {
      const p = r.pipeline()
      for (const e of events.slice(k * per, (k + 1) * per))
        p.xadd("raw", RedisSink.entryId(e), "event_id", e.id, "event_type", e.type, "data", e.json)
      return p.exec()
    })
    r.disconnect()
    return events.length
  },
  redis
)
stopBrokers()
fs.rmSync(tmp, { recursive: true, force: true })

const rate = (r) => Math.round((r.n * 1000) / r.ms)
const byLabel = (prefix) => results.find((r) => r.label.startsWith(prefix))
console.log(
  `customers_per_day ${perDay}, ${days} day(s) from ${start}; ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`
)
console.log(
  `${"".padEnd(58)} ${"events".padStart(9)} ${"events/s".padStart(9)} ${"CPU s".padStart(7)} ${"broker".padStart(7)} ${"load".padStart(5)}`
)
for (const r of results)
  console.log(
    `${r.label.padEnd(58)} ${String(r.n).padStart(9)} ${String(rate(r)).padStart(9)} ${(r.cpu / 1000).toFixed(1).padStart(7)} ${(r.brokerCpu === undefined ? "" : (r.brokerCpu / 1000).toFixed(1)).padStart(7)} ${r.load.toFixed(1).padStart(5)}`
  )
console.log("(events/s by wall time; CPU s: this process; broker: the broker process's CPU s)")
const ratio = (ours, raw) => `${Math.round((rate(byLabel(ours)) / rate(byLabel(raw))) * 100)} %`
for (const [name, label, sink] of [
  ["NATS", "NATS JetStream", "NatsSink"],
  ["Redis", "Redis Streams", "RedisSink"]
]) {
  console.log(
    `${name}: sink alone / raw client ${ratio(`${sink} alone`, `${name} raw`)}; ` +
      `stream → ${name} / raw client ${ratio(`stream --speed max → ${label}`, `${name} raw`)}; ` +
      `stream → ${name} / stream → null sink ${ratio(`stream --speed max → ${label}`, "stream --speed max → null")}`
  )
}
console.log(`stream → null sink / simulate + map ${ratio("stream --speed max → null", "simulate + map")}`)
console.log(
  `peak RSS: ${streamRss.toFixed(0)} MiB after the stream runs, ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB with every event in memory (this process; the brokers not counted)`
)
