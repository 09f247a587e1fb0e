import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { type Event, Sse } from "../src/index.js"

/** A synthetic event of day 0 at `sequence`. */
const ev = (sequence: number): Event.Event => ({
  id: `EVT19700101-${`${sequence}`.padStart(9, "0")}`,
  type: "receipt_created",
  day: 0 as never,
  sequence,
  time: sequence,
  partitionKey: null,
  json: `{"n":${sequence}}`
})

/** A client that records what it got; `hold` makes its writes wait until `release`. */
const recorder = (hold = false) => {
  let text = ""
  const waiting: Array<() => void> = []
  return {
    client: {
      write: (t: string) => {
        text += t
        return hold ? new Promise<void>((resolve) => waiting.push(resolve)) : Promise.resolve()
      },
      end: () => undefined
    } satisfies Sse.Client,
    text: () => text,
    ids: () => [...text.matchAll(/^id: (\S+)$/gm)].map((m) => m[1]),
    release: () => {
      for (const r of waiting.splice(0)) r()
    }
  }
}

/** Lets pending promise callbacks and fibers run. */
const settle = Effect.promise(() => new Promise((r) => setImmediate(r)))

describe("Sse.hub", () => {
  it.effect("writes one message per event (id: event_id, data: the envelope) to every client", () =>
    Effect.gen(function* () {
      const hub = Sse.hub()
      const a = recorder()
      const b = recorder()
      hub.attach(a.client)
      hub.attach(b.client)
      yield* hub.send([ev(0), ev(1)])
      expect(a.text()).toBe(
        `${Sse.PREAMBLE}id: ${ev(0).id}\ndata: {"n":0}\n\nid: ${ev(1).id}\ndata: {"n":1}\n\n`
      )
      expect(b.text()).toBe(a.text())
    })
  )

  it.effect("waits for the first client before acknowledging", () =>
    Effect.gen(function* () {
      const hub = Sse.hub()
      const fiber = yield* Effect.fork(hub.send([ev(0)]))
      yield* settle
      expect(fiber.unsafePoll()).toBeNull()
      const a = recorder()
      hub.attach(a.client)
      yield* Fiber.join(fiber)
      expect(a.ids()).toEqual([ev(0).id])
    })
  )

  it.effect("acknowledges only what the slowest client's socket took (backpressure)", () =>
    Effect.gen(function* () {
      const hub = Sse.hub()
      const fast = recorder()
      const slow = recorder(true)
      hub.attach(fast.client)
      hub.attach(slow.client)
      slow.release() // the preamble
      const fiber = yield* Effect.fork(hub.send([ev(0)]))
      yield* settle
      expect(fiber.unsafePoll()).toBeNull()
      slow.release()
      yield* Fiber.join(fiber)
      expect(slow.ids()).toEqual([ev(0).id])
    })
  )

  it.effect("replays the kept events after Last-Event-ID, only those", () =>
    Effect.gen(function* () {
      const hub = Sse.hub({ replay: 3 })
      hub.attach(recorder().client)
      yield* hub.send([ev(0), ev(1), ev(2), ev(3)])
      const back = recorder()
      hub.attach(back.client, ev(1).id)
      expect(back.ids()).toEqual([ev(2).id, ev(3).id])
      const tooOld = recorder()
      hub.attach(tooOld.client, ev(0).id) // no longer kept: live events only
      yield* hub.send([ev(4)])
      expect(tooOld.ids()).toEqual([ev(4).id])
      expect(back.ids()).toEqual([ev(2).id, ev(3).id, ev(4).id])
    })
  )

  it.effect("a detached client gets nothing more; close ends the clients", () =>
    Effect.gen(function* () {
      const hub = Sse.hub()
      const a = recorder()
      let ended = 0
      const b = { write: () => Promise.resolve(), end: () => void ended++ }
      const detach = hub.attach(a.client)
      hub.attach(b)
      detach()
      yield* hub.send([ev(0)])
      expect(a.ids()).toEqual([])
      expect(hub.clients()).toBe(1)
      yield* hub.close
      expect(ended).toBe(1)
      expect(hub.clients()).toBe(0)
    })
  )

  it.effect("a client that comes back after the end gets the events it missed, then its stream ends", () =>
    Effect.gen(function* () {
      const hub = Sse.hub()
      hub.attach(recorder().client)
      yield* hub.send([ev(0), ev(1), ev(2)])
      yield* hub.close
      const late = recorder()
      let ended = false
      hub.attach({ write: late.client.write, end: () => void (ended = true) }, ev(0).id)
      yield* settle
      expect(late.ids()).toEqual([ev(1).id, ev(2).id])
      expect(ended).toBe(true)
      expect(hub.clients()).toBe(0)
    })
  )
})
