// Shared by the broker sink packages' tests (stream-nats, stream-redis).
/** Starts and stops real brokers (Debian `nats-server`, `redis-server`) on free loopback ports for tests. */
import { type ChildProcess, spawn } from "node:child_process"
import * as net from "node:net"
import type { Config } from "@retail-datagen/config"
import { Generator } from "@retail-datagen/generator"
import { Chunk, Effect, Fiber, Stream } from "effect"
import { Live, Mapping, type Sink } from "../src/index.js"

/** A free TCP port on 127.0.0.1. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = net.createServer()
    s.on("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const c = net.connect(port, "127.0.0.1")
    c.once("connect", () => {
      c.destroy()
      resolve(true)
    })
    c.once("error", () => resolve(false))
  })

/** A broker process that can be stopped and started again on the same port and data directory. */
export interface Broker {
  readonly port: number
  readonly start: () => Promise<void>
  readonly stop: () => Promise<void>
}

export const broker = (command: string, args: ReadonlyArray<string>, port: number): Broker => {
  let child: ChildProcess | undefined
  return {
    port,
    start: async () => {
      child = spawn(command, args, { stdio: "ignore" })
      const deadline = Date.now() + 30_000
      while (!(await accepts(port))) {
        if (Date.now() > deadline) throw new Error(`${command} did not listen on ${port}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    stop: async () => {
      const c = child
      child = undefined
      if (c === undefined || c.exitCode !== null) return
      await new Promise<void>((resolve) => {
        c.once("exit", () => resolve())
        c.kill("SIGTERM")
      })
    }
  }
}

/**
 * Listens on `port` as a broker that is down would answer (it accepts and hangs up at once)
 * until the first connection attempt; resolves once that attempt was refused and the port is
 * free again, so a broker started then comes up after a client's first try.
 */
export const refuseFirstAttempt = (port: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const server = net.createServer((socket) => {
      socket.destroy()
      server.close(() => resolve())
    })
    server.on("error", reject)
    server.listen(port, "127.0.0.1")
  })

/** The events of 2024-11-28 for `config`, as the stream maps them: what a broker must end up with. */
export const eventsOfTheDay = (config: Config.Config) =>
  Effect.gen(function* () {
    const { plan, stream } = yield* Generator.days(config, { start: "2024-11-28", days: 1 })
    const days = yield* Stream.runCollect(stream)
    return Chunk.toArray(days).flatMap(Mapping.mapper(plan).day)
  })

/**
 * Starts `connect` while nothing listens on `late`'s port, lets its first attempt be refused,
 * then starts the broker (stopped when the scope closes); the sink once `connect` got through.
 */
export const connectToLateBroker = <A, E, R>(late: Broker, connect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    yield* Effect.addFinalizer(() => Effect.promise(late.stop))
    const refused = refuseFirstAttempt(late.port)
    const connecting = yield* Effect.fork(connect)
    yield* Effect.promise(() => refused)
    yield* Effect.promise(late.start)
    return yield* Fiber.join(connecting)
  })

/**
 * Streams 2024-11-28 flat out to `sink` while `broker` is stopped at the 20th send and started
 * again half a second later: the sink must retry through the outage.
 */
export const runThroughRestart = (config: Config.Config, sink: Sink.Sink, broker: Broker) => {
  let sends = 0
  const restarting: Sink.Sink = {
    ...sink,
    send: (batch) =>
      Effect.zipRight(
        Effect.promise(async () => {
          if (++sends === 20) {
            await broker.stop()
            setTimeout(() => void broker.start(), 500)
          }
        }),
        sink.send(batch)
      )
  }
  return Live.run(config, {
    sink: restarting,
    start: "2024-11-28",
    days: 1,
    speed: "max",
    burst: 200,
    maxRetryTime: "60 seconds"
  })
}
