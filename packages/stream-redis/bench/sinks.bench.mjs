// Events/s of the live stream to each sink at --speed max, next to the raw client's publish
// ceiling measured in the same run, and peak RSS. Not a test. Needs the packages built
// (`pnpm build`) and nats-server + redis-server on PATH (Debian packages).
//   node packages/stream-redis/bench/sinks.bench.mjs [customers_per_day] [days]
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { jetstream, jetstreamManager } from "@nats-io/jetstream"
import { connect } from "@nats-io/transport-node"
import { Config } from "@retail-datagen/config"
import { Generator } from "@retail-datagen/generator"
import { Live, Mapping, Sink } from "@retail-datagen/stream"
import { NatsSink } from "@retail-datagen/stream-nats"
import { RedisSink } from "@retail-datagen/stream-redis"
import { Chunk, Effect, Stream } from "effect"
import { Redis } from "ioredis"

const perDay = Number(process.argv[2] ?? 5000)
const days = Number(process.argv[3] ?? 1)
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
  { stdio: "ignore" }
)
const redis = spawn(
  "redis-server",
  ["--port", `${redisPort}`, "--bind", "127.0.0.1", "--save", "", "--dir", tmp],
  { stdio: "ignore" }
)
await waitPort(natsPort)
await waitPort(redisPort)

const config = Effect.runSync(
  Config.merge(Config.defaults, {
    volume: { customers_per_day: perDay },
    paths: { master: path.join(tmp, "m"), facts: path.join(tmp, "f") }
  })
)
const start = "2024-11-29"
const rate = (n, ms) => Math.round((n * 1000) / ms)
const results = []

// the events in memory: simulation + mapping alone
let t = performance.now()
const events = await Effect.runPromise(
  Effect.gen(function* () {
    const { plan, stream } = yield* Generator.days(config, { start, days })
    const all = yield* Stream.runCollect(
      Stream.map(stream, (d) => Mapping.dayEvents(d.day, d.batches, plan.storeHours(d.day)))
    )
    return Chunk.toArray(all).flat()
  })
)
const mapMs = performance.now() - t
results.push(["simulate + map (no sink)", events.length, rate(events.length, mapMs)])

// raw NATS ceiling: the same payloads, JetStream publish pipelined 1000 at a time
{
  const nc = await connect({ servers: `127.0.0.1:${natsPort}` })
  const jsm = await jetstreamManager(nc)
  await jsm.streams.add({ name: "raw", subjects: ["raw.>"] })
  const js = jetstream(nc)
  t = performance.now()
  for (let i = 0; i < events.length; i += 1000) {
    await Promise.all(
      events.slice(i, i + 1000).map((e) => js.publish(`raw.${e.type}`, e.json, { msgID: e.id }))
    )
  }
  results.push([
    "NATS raw client (JetStream publish, 1000 in flight)",
    events.length,
    rate(events.length, performance.now() - t)
  ])
  await nc.close()
}
// raw Redis ceiling: pipelined XADD, 1000 per round trip
{
  const r = new Redis(`redis://127.0.0.1:${redisPort}`)
  t = performance.now()
  for (let i = 0; i < events.length; i += 1000) {
    const p = r.pipeline()
    for (const e of events.slice(i, i + 1000))
      p.xadd("raw", RedisSink.entryId(e), "event_id", e.id, "event_type", e.type, "data", e.json)
    await p.exec()
  }
  results.push([
    "Redis raw client (XADD pipeline of 1000)",
    events.length,
    rate(events.length, performance.now() - t)
  ])
  r.disconnect()
}

const live = async (label, makeSink) => {
  const summary = await Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const sink = yield* makeSink()
        const t0 = performance.now()
        const s = yield* Live.run(config, {
          sink,
          start,
          days,
          speed: "max",
          burst: 1000,
          checkpoint: "none"
        })
        return { ...s, ms: performance.now() - t0 }
      })
    )
  )
  results.push([label, summary.eventsSent, rate(summary.eventsSent, summary.ms)])
}
const devnull = fs.createWriteStream("/dev/null")
await live("stream --speed max → stdout (to /dev/null)", () => Effect.succeed(Sink.stdout(devnull)))
await live("stream --speed max → NATS JetStream", () =>
  NatsSink.make({ servers: `127.0.0.1:${natsPort}`, hub: "bench" })
)
await live("stream --speed max → Redis Streams", () =>
  RedisSink.make({ url: `redis://127.0.0.1:${redisPort}`, hub: "bench" })
)

nats.kill("SIGTERM")
redis.kill("SIGTERM")
fs.rmSync(tmp, { recursive: true, force: true })
console.log(`customers_per_day ${perDay}, ${days} day(s) from ${start}, ${os.cpus().length} cores`)
for (const [label, n, r] of results)
  console.log(`${label.padEnd(56)} ${String(n).padStart(9)} events ${String(r).padStart(9)} events/s`)
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (whole bench process)`)
