/**
 * Backpressure of the standalone SSE sink (`stream --sink sse --listen`) against a real socket
 * that never reads: the stream waits for it, and what the server holds for it stays within a
 * bound set by the size of one send, whatever the stream produces.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Live, type Sink, Sse } from "../src/index.js"
import { stalledClient, tempDir, tinyConfig } from "./helpers.js"

const dir = tempDir()
const config = tinyConfig(dir)

/** Lets the event loop run (a poll, not a synchronisation: every check below is on counts and bytes). */
const tick = Effect.promise(() => new Promise((r) => setTimeout(r, 20)))

describe("Sse.listen and a client that never reads", () => {
  it.live("holds the stream; the bytes held for the client stay under two sends' worth", () =>
    Effect.gen(function* () {
      const hub = yield* Sse.listen({ port: 0 })
      const port = Number(new URL(hub.url).port)
      // the largest send, and the most bytes the hub held at the start and end of any send
      let largest = 0
      let held = 0
      const sink: Sink.Sink = {
        ...hub,
        send: (events) =>
          Effect.suspend(() => {
            largest = Math.max(largest, Buffer.byteLength(events.map(Sse.message).join("")))
            held = Math.max(held, hub.buffered())
            return Effect.tap(hub.send(events), () => {
              held = Math.max(held, hub.buffered())
            })
          })
      }
      const handle = yield* Live.start(config, {
        sink,
        start: "2024-11-28",
        speed: "max",
        burst: 100,
        checkpoint: "none",
        deadLetters: `${dir}/dead.ndjson`
      })
      const socket = yield* Effect.promise(() => stalledClient(port, "/stream"))
      // the stream runs on (no --days) until a send waits for the client's socket
      while (hub.waiting() === 0) yield* tick
      const sent = (yield* handle.status).eventsSent
      expect(sent).toBeGreaterThan(0)
      // one send in the response's buffer past the socket's high-water mark, at most
      const bound = 2 * largest + 64 * 1024
      expect(hub.buffered()).toBeGreaterThan(0)
      expect(hub.buffered()).toBeLessThanOrEqual(bound)
      expect(held).toBeLessThanOrEqual(bound)
      expect((yield* handle.status).state).toBe("running")
      // the client was what held it: once it is gone, the send it held is over
      socket.destroy()
      while ((yield* handle.status).eventsSent === sent) yield* tick
      yield* handle.stop
      expect((yield* handle.status).state).toBe("stopped")
    })
  )

  it.live(
    "pause answers while the client holds a send: pausing, then paused once the client goes; stop ends it",
    () =>
      Effect.gen(function* () {
        const hub = yield* Sse.listen({ port: 0 })
        const port = Number(new URL(hub.url).port)
        const handle = yield* Live.start(config, {
          sink: hub,
          start: "2024-11-28",
          speed: "max",
          burst: 100,
          checkpoint: "none",
          deadLetters: `${dir}/dead-pause.ndjson`
        })
        const socket = yield* Effect.promise(() => stalledClient(port, "/stream"))
        while (hub.waiting() === 0) yield* tick
        // the send the client holds stays in flight; the pause does not wait for it
        yield* handle.pause
        expect((yield* handle.status).state).toBe("pausing")
        const sent = (yield* handle.status).eventsSent
        socket.destroy()
        while ((yield* handle.status).state === "pausing") yield* tick
        const paused = yield* handle.status
        expect(paused.state).toBe("paused")
        expect(paused.eventsSent).toBeGreaterThan(sent)
        yield* handle.stop
        expect((yield* handle.status).state).toBe("stopped")
      })
  )
})
