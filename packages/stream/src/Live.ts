/**
 * A live stream: the days of a configuration (`Generator.days`, the batch run's simulation),
 * mapped to events (`Mapping`), paced (`Pacing`) and delivered to a sink at least once.
 *
 * Delivery:
 * - A batch of events counts as sent when the sink acknowledged it. The offset of the last
 *   acknowledged event is checkpointed (the sink's store — a broker key or the file sink's
 *   cursor — or `checkpoint`) at most every `checkpointEveryMs`, at the end of every day and when
 *   the stream stops; a restarted stream resumes right after it. Events between the checkpoint
 *   and a crash are sent again: consumers deduplicate by `event_id` (brokers do it themselves).
 * - A sink that is unavailable is retried with capped exponential backoff and jitter (100 ms
 *   doubling up to 5 s) for at most `maxRetryTime`, then the stream fails with
 *   `RetriesExhausted`, its checkpoint at the last acknowledged event.
 * - Events a sink rejects for good go to the dead-letter file (one JSON line each: `event_id`,
 *   `reason`, `event`), and the stream goes on.
 * - Memory is bounded: one day is mapped at a time, the simulation runs at most one day ahead,
 *   and nothing is read ahead of a sink that does not acknowledge.
 *
 * @example
 * import { Effect } from "effect"
 * import { Live, Sink } from "@retail-datagen/stream"
 * const handle = yield* Live.start(config, { sink: Sink.stdout(), start: "2024-01-01", days: 1, speed: "max" })
 * yield* handle.pause
 * console.log(yield* handle.status)
 * yield* handle.resume
 * const summary = yield* handle.await
 */
import * as fs from "node:fs/promises"
import type { Config } from "@retail-datagen/config"
import { Calendar, Timestamp } from "@retail-datagen/core"
import type { Days } from "@retail-datagen/engine"
import { Generator } from "@retail-datagen/generator"
import { Cause, Clock, Duration, Effect, Exit, Fiber, Option, PubSub, Stream } from "effect"
import type * as Checkpoint from "./Checkpoint.js"
import type { Event, Offset } from "./Event.js"
import * as Mapping from "./Mapping.js"
import * as Pacing from "./Pacing.js"
import * as Retry from "./Retry.js"
import type * as Sink from "./Sink.js"
import { CheckpointMismatch, InvalidStreamOption, type StreamError, StreamIoError } from "./StreamError.js"

export interface Options {
  readonly sink: Sink.Sink
  /** First simulated day (`YYYY-MM-DD`); default `dates.start`. */
  readonly start?: string | undefined
  /** Number of days; omitted: the stream runs on. */
  readonly days?: number | undefined
  /** A batch dataset's facts directory to continue after its last day (its saved states). */
  readonly continueFrom?: string | undefined
  /** Simulated seconds per wall second, or `"max"` (default 1: real time). */
  readonly speed?: number | "max" | undefined
  /** `"now"`: start at the wall clock's time of day on the first day (earlier events are skipped). */
  readonly from?: "start" | "now" | undefined
  /** Least milliseconds between sends; default `realtime.emit_interval_ms`. */
  readonly emitIntervalMs?: number | undefined
  /** Most events per send; default `realtime.burst` (at `max` speed at least `MAX_SPEED_BATCH`). */
  readonly burst?: number | undefined
  /** Where the checkpoint lives; default the sink's own store; `"none"`: no checkpoint. */
  readonly checkpoint?: Checkpoint.Store | "none" | undefined
  /** The dead-letter file (default `dead-letters.ndjson`, created only when an event is rejected). */
  readonly deadLetters?: string | undefined
  /** How long an unavailable sink is retried before the stream fails (default 5 minutes). */
  readonly maxRetryTime?: Duration.DurationInput | undefined
  /** Least milliseconds between two checkpoint saves (default 1000). */
  readonly checkpointEveryMs?: number | undefined
  /** Base directory of relative plugin module specifiers. */
  readonly cwd?: string | undefined
  /**
   * Simulate on this many worker threads (`Generator.days`' `workers`): the next day is simulated
   * while this thread maps and sends the current one. Default 0: in this thread. The events are
   * the same either way.
   */
  readonly workers?: number | undefined
  /** Use these fact plugins instead of the configuration's (as `Generator.days`). */
  readonly plugins?: Generator.DaysOptions["plugins"]
  /** The wall clock's time of day for `from: "now"` (default: local time of `Date`). */
  readonly now?: (() => Date) | undefined
}

/** `pausing`: paused while the send in flight is not acknowledged yet (no other starts). */
export type State = "starting" | "running" | "pausing" | "paused" | "stopped" | "completed" | "failed"

/** What a running stream reports (e.g. `GET /streams/:id`). */
export interface Status {
  readonly state: State
  readonly sink: string
  /** Events acknowledged by the sink in this run. */
  readonly eventsSent: number
  /** Events per second over the last few seconds. */
  readonly eventsPerSecond: number
  /** Simulated seconds the stream is behind its paced clock (`null` at `max` speed or before the first send). */
  readonly lagSeconds: number | null
  /** Failed send attempts retried. */
  readonly retries: number
  /** Events sent to the dead-letter file. */
  readonly deadLetters: number
  /** The offset of the last acknowledged event (`null` before the first). */
  readonly offset: Offset | null
  /** The day being streamed. */
  readonly day: string | null
  /** Where the stream resumed (`null`: from its start). */
  readonly resumedAfter: Offset | null
  /** The error of a failed stream. */
  readonly error: string | null
}

export interface Summary {
  readonly eventsSent: number
  readonly days: number
  readonly offset: Offset | null
  readonly resumedAfter: Offset | null
  readonly retries: number
  readonly deadLetters: number
  readonly seconds: number
}

/** Every error of a stream. */
export type LiveError = StreamError | Generator.GenerateError

/** A running stream. */
export interface Handle {
  /**
   * Holds sends after the one in flight, without waiting for it (a stalled sink may hold it):
   * the state is `pausing` until it is acknowledged, then `paused` (the simulation stops one day
   * ahead).
   */
  readonly pause: Effect.Effect<void>
  readonly resume: Effect.Effect<void>
  /** Stops the stream (checkpoint saved, sink closed) and waits for it. */
  readonly stop: Effect.Effect<void>
  readonly status: Effect.Effect<Status>
  /** The events as they are acknowledged (a slow reader misses events instead of slowing the stream). */
  readonly events: Stream.Stream<Event>
  /** Waits for the end: the summary, or the stream's error. */
  readonly await: Effect.Effect<Summary, LiveError>
}

/** The least events per send at `max` speed. */
export const MAX_SPEED_BATCH = 8192

const yieldToEventLoop = Effect.async<void>((resume) => {
  const t = setImmediate(() => resume(Effect.void))
  return Effect.sync(() => clearImmediate(t))
})

const offsetOf = (e: Event): Offset => ({ day: Calendar.format(e.day), sequence: e.sequence })

const check = (options: Options) => {
  const bad = (option: string, reason: string) => Effect.fail(new InvalidStreamOption({ option, reason }))
  const { speed, burst, emitIntervalMs } = options
  if (speed !== undefined && speed !== "max" && !(Number.isFinite(speed) && speed > 0)) {
    return bad("speed", `expected a number > 0 or "max", got ${speed}`)
  }
  if (burst !== undefined && !(Number.isSafeInteger(burst) && burst >= 1)) {
    return bad("burst", `expected an integer ≥ 1, got ${burst}`)
  }
  if (emitIntervalMs !== undefined && !(Number.isFinite(emitIntervalMs) && emitIntervalMs >= 0)) {
    return bad("emitIntervalMs", `expected a number ≥ 0, got ${emitIntervalMs}`)
  }
  return Effect.void
}

/** Starts a stream in the background and returns its handle. */
export const start = (config: Config.Config, options: Options): Effect.Effect<Handle, LiveError> =>
  Effect.gen(function* () {
    yield* check(options)
    const sink = options.sink
    const store = options.checkpoint === "none" ? undefined : (options.checkpoint ?? sink.checkpoint)
    const speed = options.speed ?? 1
    const pacer = Pacing.make({
      speed,
      emitIntervalMs: options.emitIntervalMs ?? config.realtime.emit_interval_ms,
      // flat out, sends are large: a sink's cost per send (a round trip) spreads over many events
      burst:
        options.burst ??
        (speed === "max" ? Math.max(config.realtime.burst, MAX_SPEED_BATCH) : config.realtime.burst)
    })
    const maxRetry = Duration.decode(options.maxRetryTime ?? Retry.DEFAULT_MAX_RETRY_TIME)
    const checkpointEvery = options.checkpointEveryMs ?? 1000
    const deadLetterFile = options.deadLetters ?? "dead-letters.ndjson"
    const latch = yield* Effect.makeLatch(true)
    const pubsub = yield* PubSub.sliding<ReadonlyArray<Event>>(256)
    const startedAt = yield* Clock.currentTimeMillis

    let state: Exclude<State, "pausing"> = "starting"
    /** A send is waiting for the sink's acknowledgement. */
    let sending = false
    let sent = 0
    let retries = 0
    let deadLetters = 0
    let daysDone = 0
    let day: string | null = null
    let last: Event | undefined
    let saved: Event | undefined
    let lastSave = Number.NEGATIVE_INFINITY
    let lastSentTime: number | undefined
    let pausedAt: number | undefined
    let resumedAfter: Offset | null = null
    let error: string | null = null
    const samples: Array<[number, number]> = []

    const { plan, stream } = yield* Generator.days(config, {
      start: options.start,
      days: options.days,
      continueFrom: options.continueFrom,
      cwd: options.cwd,
      plugins: options.plugins,
      workers: options.workers === 0 ? undefined : options.workers
    })
    const key = `${Generator.configHash(config)}@${Calendar.format(plan.start)}`
    const mapper = Mapping.mapper(plan)

    const retrying = <A, E extends { readonly message: string }>(effect: Effect.Effect<A, E>) =>
      Retry.retrying(effect, {
        sink: sink.name,
        maxRetryTime: maxRetry,
        onFailure: () => {
          retries++
        }
      })

    const saveCheckpoint = Effect.suspend(() => {
      const at = last
      if (store === undefined || at === undefined || at === saved) return Effect.void
      return Effect.zipRight(
        retrying(store.save({ key, offset: offsetOf(at) })),
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Effect.sync(() => {
            saved = at
            lastSave = now
          })
        )
      )
    })

    const deadLetter = (rejections: ReadonlyArray<Sink.Rejection>) =>
      Effect.tryPromise({
        try: () =>
          fs.appendFile(
            deadLetterFile,
            rejections
              .map(
                (r) =>
                  `{"event_id":"${r.event.id}","reason":${JSON.stringify(r.reason)},"event":${r.event.json}}\n`
              )
              .join("")
          ),
        catch: (e) =>
          new StreamIoError({ path: deadLetterFile, reason: e instanceof Error ? e.message : String(e) })
      })

    const deliver = (batch: ReadonlyArray<Event>) =>
      Effect.gen(function* () {
        sending = true
        const rejected = yield* Effect.ensuring(
          retrying(sink.send(batch)),
          Effect.sync(() => {
            sending = false
          })
        )
        if (rejected.length > 0) {
          yield* deadLetter(rejected)
          deadLetters += rejected.length
        }
        sent += batch.length
        last = batch[batch.length - 1]!
        lastSentTime = last.time
        const now = yield* Clock.currentTimeMillis
        samples.push([now, sent])
        while (samples.length > 2 && samples[0]![0] < now - 5000) samples.shift()
        yield* PubSub.publish(pubsub, batch)
        if (now - lastSave >= checkpointEvery) yield* saveCheckpoint
      })

    const run = Effect.gen(function* () {
      const cursor = store === undefined ? undefined : yield* retrying(store.load)
      if (cursor !== undefined && cursor.key !== key) {
        return yield* new CheckpointMismatch({ where: store!.where, found: cursor.key, expected: key })
      }
      const after =
        cursor === undefined
          ? undefined
          : { day: Calendar.parse(cursor.offset.day), sequence: cursor.offset.sequence }
      resumedAfter = cursor?.offset ?? null
      let fromTime: number | undefined
      if (options.from === "now") {
        const d = (options.now ?? (() => new Date()))()
        const sod = d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds()
        fromTime = plan.first * Timestamp.SECONDS_PER_DAY + sod
      }
      let anchored = false
      state = "running"
      yield* Stream.runForEach(stream, (d: Days.Day) =>
        Effect.gen(function* () {
          if (after !== undefined && d.day < after.day) return mapper.skip(d)
          day = Calendar.format(d.day)
          const events = mapper.day(d)
          let i = after !== undefined && d.day === after.day ? after.sequence + 1 : 0
          if (fromTime !== undefined) {
            while (i < events.length && events[i]!.time < fromTime) i++
            if (!anchored && speed !== "max") yield* pacer.anchor(fromTime)
          }
          anchored = true
          while (i < events.length) {
            // let timers and I/O of the process run between sends (a server's routes, a status poll)
            yield* yieldToEventLoop
            const n = yield* pacer.next(events, i)
            yield* latch.await
            yield* deliver(events.slice(i, i + n))
            i += n
          }
          daysDone++
          yield* saveCheckpoint
        })
      )
    })

    const fiber = yield* run.pipe(
      Effect.onExit((exit) =>
        Effect.gen(function* () {
          // the checkpoint of what was acknowledged, whatever the end
          yield* Effect.ignore(saveCheckpoint)
          yield* sink.close
          if (Exit.isSuccess(exit)) state = "completed"
          else if (Exit.isInterrupted(exit)) state = "stopped"
          else {
            state = "failed"
            const failure = Cause.failureOption(exit.cause)
            error = Option.isSome(failure) ? failure.value.message : Cause.pretty(exit.cause)
          }
        })
      ),
      Effect.forkDaemon
    )

    const summary = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      return {
        eventsSent: sent,
        days: daysDone,
        offset: last === undefined ? null : offsetOf(last),
        resumedAfter,
        retries,
        deadLetters,
        seconds: (now - startedAt) / 1000
      } satisfies Summary
    })

    const handle: Handle = {
      pause: Effect.gen(function* () {
        if (state !== "running") return
        yield* latch.close
        pausedAt = yield* Clock.currentTimeMillis
        state = "paused"
      }),
      resume: Effect.gen(function* () {
        if (state !== "paused") return
        const now = yield* Clock.currentTimeMillis
        pacer.shift(now - (pausedAt ?? now))
        pausedAt = undefined
        state = "running"
        yield* latch.open
      }),
      stop: Effect.asVoid(Fiber.interrupt(fiber)),
      status: Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const first = samples[0]
        const lastSample = samples[samples.length - 1]
        const rate =
          first !== undefined && lastSample !== undefined && lastSample[0] > first[0]
            ? ((lastSample[1] - first[1]) * 1000) / (lastSample[0] - first[0])
            : 0
        const simNow = pausedAt === undefined ? yield* pacer.simNow : undefined
        return {
          state: state === "paused" && sending ? "pausing" : state,
          sink: sink.name,
          eventsSent: sent,
          eventsPerSecond: now - (lastSample?.[0] ?? now) > 5000 ? 0 : rate,
          lagSeconds:
            simNow === undefined || lastSentTime === undefined ? null : Math.max(0, simNow - lastSentTime),
          retries,
          deadLetters,
          offset: last === undefined ? null : offsetOf(last),
          day,
          resumedAfter,
          error
        } satisfies Status
      }),
      events: Stream.flattenIterables(Stream.fromPubSub(pubsub)),
      await: Effect.zipRight(Fiber.join(fiber), summary)
    }
    return handle
  })

/** Runs a stream to its end (`days` given) and returns its summary. */
export const run = (config: Config.Config, options: Options): Effect.Effect<Summary, LiveError> =>
  Effect.flatMap(start(config, options), (handle) => Effect.onInterrupt(handle.await, () => handle.stop))
