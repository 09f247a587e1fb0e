import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Batch, Plugin, Table } from "@retail-datagen/core"
import { Generator } from "@retail-datagen/generator"
import { Chunk, Effect, Stream } from "effect"
import { Checkpoint, type Event, Live, Mapping, Sink, StreamError } from "../src/index.js"
import { tempDir, tinyConfig } from "./helpers.js"

const config = tinyConfig(tempDir())
const START = "2024-11-28"

/** The events of `days` days from `START`, mapped directly (no pacing, no sink). */
const expected = (days: number) =>
  Effect.gen(function* () {
    const { plan, stream } = yield* Generator.days(config, { start: START, days })
    const out = yield* Stream.runCollect(Stream.map(stream, Mapping.mapper(plan).day))
    return Chunk.toArray(out).flat()
  })

const sleep = (ms: number) => Effect.promise(() => new Promise((r) => setTimeout(r, ms)))

/** A sink that fails (unavailable) on the sends `failOn` says, else keeps the events. */
const flaky = (failOn: (received: number, attempt: number) => boolean) => {
  const events: Array<Event.Event> = []
  let attempt = 0
  const sink: Sink.Sink = {
    name: "flaky",
    send: (batch) =>
      Effect.suspend(() => {
        attempt++
        if (failOn(events.length, attempt)) {
          return Effect.fail(new StreamError.SinkUnavailable({ sink: "flaky", reason: "connection refused" }))
        }
        events.push(...batch)
        return Effect.succeed([])
      }),
    close: Effect.void
  }
  return { sink, events }
}

describe("Live", () => {
  it.live("max speed: the sink gets the day's events, in order, and the status says so", () =>
    Effect.gen(function* () {
      const want = yield* expected(1)
      const sink = Sink.memory()
      const handle = yield* Live.start(config, { sink, start: START, days: 1, speed: "max", burst: 500 })
      const summary = yield* handle.await
      expect(sink.events.map((e) => e.json)).toEqual(want.map((e) => e.json))
      expect(summary.eventsSent).toBe(want.length)
      const status = yield* handle.status
      expect(status.state).toBe("completed")
      expect(status.offset).toEqual({ day: START, sequence: want.length - 1 })
      expect(status.retries).toBe(0)
    })
  )

  it.live(
    "an unavailable sink is retried, then fails after the retry budget; a restart resumes exactly",
    () =>
      Effect.gen(function* () {
        const want = yield* expected(1)
        const store = Checkpoint.memory()
        // twice unavailable after event 300 (retried), then down for good after 5000 events
        const a = flaky(
          (received, attempt) => (received >= 300 && attempt <= 7 && attempt > 5) || received >= 5000
        )
        const first = yield* Live.start(config, {
          sink: a.sink,
          start: START,
          days: 1,
          speed: "max",
          burst: 100,
          checkpoint: store,
          checkpointEveryMs: 0,
          maxRetryTime: "1 second"
        })
        const failure = yield* Effect.flip(first.await)
        expect(failure._tag).toBe("RetriesExhausted")
        expect(failure.message).toContain("flaky stayed unavailable")
        const status = yield* first.status
        expect(status.state).toBe("failed")
        expect(status.retries).toBeGreaterThanOrEqual(3)
        expect(store.current()?.offset).toEqual({ day: START, sequence: 4999 })
        // the restart with the same checkpoint sends the rest
        const b = Sink.memory()
        const second = yield* Live.start(config, {
          sink: b,
          start: START,
          days: 1,
          speed: "max",
          checkpoint: store
        })
        const summary = yield* second.await
        expect(summary.resumedAfter).toEqual({ day: START, sequence: 4999 })
        const byId = new Map<string, string>()
        for (const e of [...a.events, ...b.events]) byId.set(e.id, e.json)
        expect([...byId.values()]).toEqual(want.map((e) => e.json))
      })
  )

  it.live("a checkpoint of another stream is refused", () =>
    Effect.gen(function* () {
      const store = Checkpoint.memory({ key: "other@2024-01-01", offset: { day: "2024-01-01", sequence: 3 } })
      const handle = yield* Live.start(config, {
        sink: Sink.memory(),
        start: START,
        days: 1,
        checkpoint: store
      })
      const e = yield* Effect.flip(handle.await)
      expect(e._tag).toBe("CheckpointMismatch")
      expect(e.message).toContain("belongs to another stream")
    })
  )

  it.live("events rejected for good go to the dead-letter file with the reason; the stream goes on", () =>
    Effect.gen(function* () {
      const want = yield* expected(1)
      const dir = tempDir()
      const deadLetters = path.join(dir, "dead.ndjson")
      const kept: Array<Event.Event> = []
      const sink: Sink.Sink = {
        name: "picky",
        send: (batch) =>
          Effect.sync(() => {
            const rejected = batch
              .filter((e) => e.type === "promotion_applied")
              .map((event) => ({ event, reason: "message too large" }))
            kept.push(...batch.filter((e) => e.type !== "promotion_applied"))
            return rejected
          }),
        close: Effect.void
      }
      const summary = yield* Live.run(config, { sink, start: START, days: 1, speed: "max", deadLetters })
      const promos = want.filter((e) => e.type === "promotion_applied")
      expect(promos.length).toBeGreaterThan(0)
      expect(summary.deadLetters).toBe(promos.length)
      const lines = fs
        .readFileSync(deadLetters, "utf8")
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l))
      expect(lines.map((l) => l.event_id)).toEqual(promos.map((e) => e.id))
      expect(lines[0].reason).toBe("message too large")
      expect(lines[0].event.event_type).toBe("promotion_applied")
      expect(kept.length).toBe(want.length - promos.length)
    })
  )

  it.live("a stalled sink holds the producer: the simulation stops a bounded number of days ahead", () =>
    Effect.gen(function* () {
      let steps = 0
      const T = Table.make("ticks", { TraceId: Table.id("TRC"), EventTS: Table.timestamp, N: Table.int })
      const ticks = Plugin.make<Batch.Builder>({
        name: "ticks",
        tables: [T],
        dependsOn: [],
        init: () => Batch.builder(T),
        step: (b, ctx) => {
          steps++
          b.reset()
          for (let i = 0; i < 50; i++) {
            b.num("TraceId").push(ctx.day * 100 + i)
            b.num("EventTS").push(ctx.day * 86400 + i * 60)
            b.num("N").push(i)
          }
          return [b.finish()]
        }
      })
      let sends = 0
      const stalled: Sink.Sink = {
        name: "stalled",
        send: () =>
          Effect.suspend(() => {
            sends++
            return Effect.never
          }),
        close: Effect.void
      }
      const handle = yield* Live.start(config, {
        sink: stalled,
        start: START,
        speed: "max",
        plugins: [ticks as Plugin.FactPlugin<unknown, unknown, unknown>]
      })
      while (sends === 0) yield* sleep(20)
      // give the producer every chance to run ahead
      yield* sleep(500)
      expect(sends).toBe(1)
      // the day being sent, one day buffered, one day waiting to be offered
      expect(steps).toBeLessThanOrEqual(3)
      expect((yield* handle.status).state).toBe("running")
      yield* handle.stop
      expect((yield* handle.status).state).toBe("stopped")
    })
  )

  it.live("pause holds sends and resume continues; stop ends an open-ended stream", () =>
    Effect.gen(function* () {
      const sink = Sink.memory()
      const handle = yield* Live.start(config, { sink, start: START, speed: "max", burst: 50 })
      while (sink.events.length === 0) yield* sleep(10)
      yield* handle.pause
      // pausing while a send caught by the pause is not acknowledged yet
      while ((yield* handle.status).state === "pausing") yield* sleep(10)
      expect((yield* handle.status).state).toBe("paused")
      yield* sleep(100)
      const held = sink.events.length
      yield* sleep(300)
      expect(sink.events.length).toBe(held)
      yield* handle.resume
      while (sink.events.length === held) yield* sleep(10)
      yield* handle.stop
      const status = yield* handle.status
      expect(status.state).toBe("stopped")
      expect(status.eventsSent).toBe(sink.events.length)
    })
  )
})
