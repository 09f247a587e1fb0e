/**
 * The retry policy of an unavailable sink, the same when it connects and mid-stream: capped
 * exponential backoff with jitter (100 ms doubling, at most 5 s between attempts) for at most
 * `maxRetryTime`, then `RetriesExhausted` naming the sink (and its URL, which sink names carry).
 *
 * @example
 * import { Retry } from "@retail-datagen/stream"
 * const nc = yield* Retry.retrying(connectOnce, { sink: "nats 127.0.0.1:4222", maxRetryTime: "30 seconds", connecting: true })
 */
import { Duration, Effect, Schedule } from "effect"
import { RetriesExhausted } from "./StreamError.js"

/** How long an unavailable sink is retried by default. */
export const DEFAULT_MAX_RETRY_TIME: Duration.Duration = Duration.minutes(5)

/** The backoff schedule (jittered, capped) bounded by `maxRetryTime`. */
export const schedule = (maxRetryTime: Duration.DurationInput) =>
  Schedule.exponential(Duration.millis(100), 2).pipe(
    Schedule.either(Schedule.spaced(Duration.seconds(5))),
    Schedule.jittered,
    Schedule.upTo(maxRetryTime)
  )

export interface Options {
  /** The sink's name (with its URL), for the error. */
  readonly sink: string
  readonly maxRetryTime?: Duration.DurationInput | undefined
  /** The first connection (the error says the sink was never reached). */
  readonly connecting?: boolean | undefined
  /** Called on every failed attempt before it is retried or given up. */
  readonly onFailure?: (() => void) | undefined
}

/** Runs `effect`, retrying it by the policy; when the time is up, fails with `RetriesExhausted`. */
export const retrying = <A, E extends { readonly message: string }, R>(
  effect: Effect.Effect<A, E, R>,
  options: Options
): Effect.Effect<A, RetriesExhausted, R> =>
  Effect.suspend(() => {
    const maxRetry = Duration.decode(options.maxRetryTime ?? DEFAULT_MAX_RETRY_TIME)
    let failures = 0
    return effect.pipe(
      Effect.tapError(() =>
        Effect.sync(() => {
          failures++
          options.onFailure?.()
        })
      ),
      Effect.retry(schedule(maxRetry)),
      Effect.mapError(
        (e) =>
          new RetriesExhausted({
            sink: options.sink,
            seconds: Duration.toSeconds(maxRetry),
            retries: Math.max(0, failures - 1),
            reason: e.message,
            connecting: options.connecting === true ? true : undefined
          })
      )
    )
  })
