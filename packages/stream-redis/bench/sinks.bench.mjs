// Events/s of the live stream at --speed max to a null sink, to NATS JetStream and to Redis
// Streams, next to each raw client's publish ceiling with the same payloads, measured in the same
// run, with the CPU time of this process (every thread) and of the broker, and the peak RSS of
// each run. Not a test. Needs the packages built (`pnpm build`) and nats-server + redis-server on
// PATH (Debian packages); starts both brokers on free loopback ports and stops them at the end.
//   node packages/stream-redis/bench/sinks.bench.mjs [customers_per_day] [days] [--baseline DIR]
// --baseline DIR: also stream with another checkout's built packages (DIR/packages/*/dist),
// alternating with this one run by run, so both see the same load.
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { jetstream, jetstreamManager } from "@nats-io/jetstream"
import { connect, createInbox, headers } from "@nats-io/transport-node"
import { Config } from "@retail-datagen/config"
import { Generator } from "@retail-datagen/generator"
import { Live, Mapping } from "@retail-datagen/stream"
import { NatsSink } from "@retail-datagen/stream-nats"
import { RedisSink } from "@retail-datagen/stream-redis"
import { Chunk, Effect, Stream } from "effect"
import { Redis } from "ioredis"

const args = process.argv.slice(2)
const flag = args.indexOf("--baseline")
const baselineDir = flag >= 0 ? path.resolve(args[flag + 1]) : undefined
const positional = flag >= 0 ? args.filter((_, i) => i !== flag && i !== flag + 1) : args
const perDay = Number(positional[0] ?? 3000)
const days = Number(positional[1] ?? 1)
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
/**
 * Runs `f` (returning the events handled) and records its wall time, its CPU time (this process,
 * every thread) and the broker's, and the peak RSS sampled every 50 ms while it ran.
 */
const measure = async (label, f, broker) => {
  global.gc?.()
  const load = os.loadavg()[0]
  let rss = process.memoryUsage.rss()
  const sampler = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage.rss())
  }, 50)
  const w0 = performance.now()
  const c0 = cpuMs()
  const b0 = broker === undefined ? 0 : brokerCpuMs(broker)
  const n = await f()
  const brokerCpu = broker === undefined ? undefined : brokerCpuMs(broker) - b0
  clearInterval(sampler)
  rss = Math.max(rss, process.memoryUsage.rss())
  results.push({ label, n, ms: performance.now() - w0, cpu: cpuMs() - c0, brokerCpu, load, rss })
}

/** The packages of a checkout (its built dist), with its own copy of effect. */
const sideOf = async (root) => {
  const dist = (pkg) => import(pathToFileURL(path.join(root, "packages", pkg, "dist", "index.js")).href)
  const effectDir = fs.realpathSync(path.join(root, "packages", "stream", "node_modules", "effect"))
  return {
    effect: await import(pathToFileURL(path.join(effectDir, "dist", "esm", "index.js")).href),
    Config: (await dist("config")).Config,
    Live: (await dist("stream")).Live,
    NatsSink: (await dist("stream-nats")).NatsSink,
    RedisSink: (await dist("stream-redis")).RedisSink
  }
}
const here = { effect: { Effect }, Config, Live, NatsSink, RedisSink }
const sides = [["", here]]
if (baselineDir !== undefined) sides.push(["baseline ", await sideOf(baselineDir)])
/** This checkout first, then the baseline; the next time the other way round (A B B A …). */
let turn = 0
const alternate = async (run) => {
  const order = turn++ % 2 === 0 ? sides : [...sides].reverse()
  for (const [prefix, side] of order) await run(prefix, side)
}

const configOf = (side) =>
  side.effect.Effect.runSync(
    side.Config.merge(side.Config.defaults, {
      volume: { customers_per_day: perDay },
      paths: { master: path.join(tmp, "m"), facts: path.join(tmp, "f") }
    })
  )
const config = configOf(here)
const nullSinkOf = (side) => ({
  name: "null",
  send: () => side.effect.Effect.succeed([]),
  close: side.effect.Effect.void
})
/** The stream at `--speed max` to the sink `makeSink(side)` makes, with `workers` simulation threads. */
const live = (side, makeSink, workers) => () => {
  const { Effect: E } = side.effect
  const c = configOf(side)
  return E.runPromise(
    E.scoped(
      E.gen(function* () {
        const sink = yield* makeSink(side)
        const s = yield* side.Live.run(c, { sink, start, days, speed: "max", checkpoint: "none", workers })
        return s.eventsSent
      })
    )
  )
}
const nullSink = (side) => side.effect.Effect.succeed(nullSinkOf(side))
let hub = 0
const natsSink = (side) => side.NatsSink.make({ servers: `127.0.0.1:${natsPort}`, hub: `bench${hub++}` })
const redisSink = (side) =>
  side.RedisSink.make({ url: `redis://127.0.0.1:${redisPort}`, hub: `bench${hub++}` })
// warm-up (not counted): compiles the code every run then shares
for (const [, side] of sides) await live(side, nullSink, 0)()
// the CLI's --speed max (the simulation in the main thread), alternating with the baseline
await alternate((p, side) =>
  measure(`${p}stream --speed max → null sink (simulate + map + Live)`, live(side, nullSink, 0))
)
await measure(
  "stream --speed max → null sink, simulation on a worker thread (--workers 1)",
  live(here, nullSink, 1)
)
await alternate((p, side) =>
  measure(`${p}stream --speed max → NATS JetStream (NatsSink)`, live(side, natsSink, 0), nats)
)
await alternate((p, side) =>
  measure(`${p}stream --speed max → Redis Streams (RedisSink)`, live(side, redisSink, 0), redis)
)

// the same events in memory, for the raw clients
let events = []
await measure("simulate + map into memory (no Live, no sink)", () =>
  Effect.runPromise(
    Effect.gen(function* () {
      const { plan, stream } = yield* Generator.days(config, { start, days })
      const all = yield* Stream.runCollect(Stream.map(stream, Mapping.mapper(plan).day))
      // pre-encoded, as a raw client's messages would be (mapped events build their line when read)
      events = Chunk.toArray(all)
        .flat()
        .map(({ id, type, day, sequence, time, partitionKey, json }) => ({
          id,
          type,
          day,
          sequence,
          time,
          partitionKey,
          json
        }))
      return events.length
    })
  )
)
// our sinks alone with the same payloads, in the sends of `--speed max`
const sendAll = (makeSink) => () =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const sink = yield* makeSink(here)
        for (let i = 0; i < events.length; i += Live.MAX_SPEED_BATCH)
          yield* sink.send(events.slice(i, i + Live.MAX_SPEED_BATCH))
        return events.length
      })
    )
  )
await measure("NatsSink alone (the same events, sends of 8192)", sendAll(natsSink), nats)
await measure("RedisSink alone (the same events, sends of 8192)", sendAll(redisSink), redis)
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
      js.publish(`raw.${events[i].type}`, events[i].json, { msgID: events[i].id, timeout: 120_000 })
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
      if (i - acked >= WINDOW) await until(i - WINDOW / 2)
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
const cpuRate = (r) => Math.round((r.n * 1000) / r.cpu)
const byLabel = (prefix) => results.find((r) => r.label.startsWith(prefix))
console.log(
  `customers_per_day ${perDay}, ${days} day(s) from ${start}; ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}${baselineDir === undefined ? "" : `; baseline ${baselineDir}`}`
)
const W = 78
console.log(
  `${"".padEnd(W)} ${"events".padStart(8)} ${"ev/s".padStart(7)} ${"CPU s".padStart(6)} ${"ev/CPU-s".padStart(8)} ${"broker".padStart(6)} ${"load".padStart(5)} ${"RSS MiB".padStart(7)}`
)
for (const r of results)
  console.log(
    `${r.label.padEnd(W)} ${String(r.n).padStart(8)} ${String(rate(r)).padStart(7)} ${(r.cpu / 1000).toFixed(1).padStart(6)} ${String(cpuRate(r)).padStart(8)} ${(r.brokerCpu === undefined ? "" : (r.brokerCpu / 1000).toFixed(1)).padStart(6)} ${r.load.toFixed(1).padStart(5)} ${(r.rss / 1048576).toFixed(0).padStart(7)}`
  )
console.log(
  "(ev/s: events per wall second; CPU s: this process, every thread; ev/CPU-s: events per CPU second of this process; broker: the broker's CPU s; load: 1-minute load average at the start; RSS: peak sampled every 50 ms during the run)"
)
const pct = (a, b) => `${Math.round((a / b) * 100)} %`
for (const [name, label, sink] of [
  ["NATS", "NATS JetStream", "NatsSink"],
  ["Redis", "Redis Streams", "RedisSink"]
]) {
  const raws = results.filter(
    (r) => r.label.startsWith(`${name} raw`) && !r.label.includes("no acknowledgements")
  )
  const ceiling = raws.reduce((a, b) => (rate(b) > rate(a) ? b : a))
  const ours = byLabel(`stream --speed max → ${label}`)
  const alone = byLabel(`${sink} alone`)
  console.log(
    `${name}: ceiling (fastest acknowledged raw publish) ${rate(ceiling)} ev/s; stream → ${name} ${pct(rate(ours), rate(ceiling))} of it ` +
      `(by CPU: ${pct(cpuRate(ours), cpuRate(ceiling))}); ${sink} alone ${pct(rate(alone), rate(ceiling))} (by CPU: ${pct(cpuRate(alone), cpuRate(ceiling))}); ` +
      `stream → ${name} / stream → null sink ${pct(rate(ours), rate(byLabel("stream --speed max → null")))}`
  )
  const base = byLabel(`baseline stream --speed max → ${label}`)
  if (base !== undefined)
    console.log(
      `${name}: this / baseline ${pct(rate(ours), rate(base))} by wall time, ${pct(cpuRate(ours), cpuRate(base))} by CPU time`
    )
}
const base = byLabel("baseline stream --speed max → null")
if (base !== undefined) {
  const ours = byLabel("stream --speed max → null")
  console.log(
    `null sink: this / baseline ${pct(rate(ours), rate(base))} by wall time, ${pct(cpuRate(ours), cpuRate(base))} by CPU time`
  )
}
