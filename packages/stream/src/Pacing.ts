/**
 * Pacing: when each event is sent. Simulated time maps to wall time at `speed` simulated seconds
 * per wall second (1 = real time), anchored at the first event paced; `max` sends as fast as the
 * sink takes them. Sends are grouped: at most one send every `emitIntervalMs`, each of at most
 * `burst` events whose time has come (more sends follow at once when more are due, so nothing is
 * dropped and the density of events follows the simulation: a Black Friday hour sends more than
 * a Tuesday night). Time comes from Effect's `Clock`, so tests drive it with `TestClock`.
 *
 * @example
 * import { Pacing } from "@retail-datagen/stream"
 * const pacer = Pacing.make({ speed: 60, emitIntervalMs: 500, burst: 100 })
 * const n = yield* pacer.next(events, 0) // waits until events[0] is due, then how many to send
 */
import { Clock, Effect } from "effect"

export interface Options {
  /** Simulated seconds per wall second, or `"max"`. */
  readonly speed: number | "max"
  /** Least milliseconds between two sends (paced streams). */
  readonly emitIntervalMs: number
  /** Most events per send. */
  readonly burst: number
}

/** Something with a simulated time in seconds. */
export interface Timed {
  readonly time: number
}

export interface Pacer {
  /**
   * Waits until `items[from]` is due (and the emit interval since the last send has passed),
   * then tells how many items from `from` to send now (≥ 1, ≤ `burst`).
   */
  readonly next: (items: ReadonlyArray<Timed>, from: number) => Effect.Effect<number>
  /** Moves the anchor later by `ms` (time spent paused does not count as behind). */
  readonly shift: (ms: number) => void
  /** The simulated time the wall clock stands for now (`undefined` before the first event or at `max`). */
  readonly simNow: Effect.Effect<number | undefined>
  /** Anchors simulated time `time` at the current wall time (e.g. `--from now`). */
  readonly anchor: (time: number) => Effect.Effect<void>
}

/** A pacer for `options`. */
export const make = (options: Options): Pacer => {
  const { speed, emitIntervalMs, burst } = options
  let anchorWall: number | undefined
  let anchorSim = 0
  let lastSend = Number.NEGATIVE_INFINITY
  const due = (time: number) => anchorWall! + ((time - anchorSim) * 1000) / (speed as number)
  return {
    next: (items, from) =>
      Effect.gen(function* () {
        if (speed === "max") return Math.min(burst, items.length - from)
        let now = yield* Clock.currentTimeMillis
        if (anchorWall === undefined) {
          anchorWall = now
          anchorSim = items[from]!.time
        }
        // checked again after each sleep: a pause may have moved the anchor meanwhile
        for (;;) {
          const wait = Math.max(due(items[from]!.time), lastSend + emitIntervalMs) - now
          if (wait <= 0) break
          yield* Clock.sleep(Math.ceil(wait))
          now = yield* Clock.currentTimeMillis
        }
        lastSend = now
        let n = 1
        while (n < burst && from + n < items.length && due(items[from + n]!.time) <= now) n++
        return n
      }),
    shift: (ms) => {
      if (anchorWall !== undefined) anchorWall += ms
    },
    simNow: Effect.map(Clock.currentTimeMillis, (now) =>
      speed === "max" || anchorWall === undefined
        ? undefined
        : anchorSim + ((now - anchorWall) * speed) / 1000
    ),
    anchor: (time) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        anchorWall = now
        anchorSim = time
      })
  }
}
