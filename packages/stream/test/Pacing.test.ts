import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, TestClock } from "effect"
import { Pacing } from "../src/index.js"

/** Runs the pacer over `times` and records (virtual ms, first item, count) of every send. */
const record = (pacer: Pacing.Pacer, times: ReadonlyArray<number>, sends: Array<[number, number, number]>) =>
  Effect.gen(function* () {
    const items = times.map((time) => ({ time }))
    let i = 0
    while (i < items.length) {
      const n = yield* pacer.next(items, i)
      sends.push([yield* TestClock.currentTimeMillis, i, n])
      i += n
    }
  })

describe("Pacing", () => {
  it.effect("maps simulated seconds to wall time at `speed`, grouped by interval and burst", () =>
    Effect.gen(function* () {
      // 60 simulated seconds per wall second: an event 60 s later is due 1000 ms later
      const pacer = Pacing.make({ speed: 60, emitIntervalMs: 100, burst: 2 })
      const sends: Array<[number, number, number]> = []
      const fiber = yield* Effect.fork(record(pacer, [1000, 1000, 1000, 1003, 1060, 1060, 4600], sends))
      yield* TestClock.adjust(0)
      // the first event at once, with the one beside it (burst 2)
      expect(sends).toEqual([[0, 0, 2]])
      yield* TestClock.adjust(99)
      expect(sends.length).toBe(1) // the third is due but the interval has not passed
      yield* TestClock.adjust(1)
      expect(sends[1]).toEqual([100, 2, 2]) // 1000 and 1003 (due at 50 ms)
      yield* TestClock.adjust(899)
      expect(sends.length).toBe(2)
      yield* TestClock.adjust(1)
      expect(sends[2]).toEqual([1000, 4, 2]) // both events of 1060
      yield* TestClock.adjust(59_000)
      expect(sends[3]).toEqual([60_000, 6, 1]) // an hour of simulation later
      yield* Fiber.join(fiber)
    })
  )

  it.effect(
    "a busy period sends more per wall second than a quiet one (density follows the simulation)",
    () =>
      Effect.gen(function* () {
        const quiet = Array.from({ length: 10 }, (_, i) => i * 360) // 10 events in the first hour
        const busy = Array.from({ length: 200 }, (_, i) => 3600 + i * 18) // 200 in the second
        const pacer = Pacing.make({ speed: 3600, emitIntervalMs: 50, burst: 1000 })
        const sends: Array<[number, number, number]> = []
        const fiber = yield* Effect.fork(record(pacer, [...quiet, ...busy], sends))
        yield* TestClock.adjust(999)
        const firstSecond = sends.reduce((n, s) => n + s[2], 0)
        yield* TestClock.adjust(1001)
        yield* Fiber.join(fiber)
        const secondSecond = sends.reduce((n, s) => n + s[2], 0) - firstSecond
        expect(firstSecond).toBe(10)
        expect(secondSecond).toBe(200)
        // nothing was sent before it was due
        for (const [at, from] of sends)
          expect(at).toBeGreaterThanOrEqual(([...quiet, ...busy][from]! * 1000) / 3600)
      })
  )

  it.effect("time spent paused shifts the schedule; max speed never waits", () =>
    Effect.gen(function* () {
      const pacer = Pacing.make({ speed: 1, emitIntervalMs: 0, burst: 10 })
      const sends: Array<[number, number, number]> = []
      const fiber = yield* Effect.fork(record(pacer, [0, 10], sends))
      yield* TestClock.adjust(0)
      pacer.shift(5000)
      yield* TestClock.adjust(10_000)
      expect(sends.length).toBe(1)
      yield* TestClock.adjust(5000)
      yield* Fiber.join(fiber)
      expect(sends[1]).toEqual([15_000, 1, 1])
      const max = Pacing.make({ speed: "max", emitIntervalMs: 1000, burst: 3 })
      const fast: Array<[number, number, number]> = []
      yield* record(max, [0, 100, 200, 300, 400], fast)
      expect(fast).toEqual([
        [15_000, 0, 3],
        [15_000, 3, 2]
      ])
    })
  )
})
