/**
 * A Redis Streams sink: each event is an entry of the stream `<hub>` (config `stream.hub`) with
 * the fields `event_id`, `event_type` and `data` (the envelope JSON). The entry ID is the event's
 * offset — `<epoch day + 1>-<sequence>` — so a resent event is refused by Redis as not newer than
 * the top entry and the sink treats that as already stored: idempotent by event, in order. A
 * consumer reads with `XREAD`/`XREADGROUP` as usual. The checkpoint lives in the key
 * `<hub>:checkpoint`.
 *
 * Commands go out as one pipeline per batch; the batch counts as sent when Redis answered all.
 * A connection error makes the batch `SinkUnavailable` (retried by the stream); the client
 * reconnects by itself.
 *
 * @example
 * import { Effect } from "effect"
 * import { Live } from "@retail-datagen/stream"
 * import { RedisSink } from "@retail-datagen/stream-redis"
 * const program = Effect.scoped(
 *   Effect.gen(function* () {
 *     const sink = yield* RedisSink.make({ url: "redis://127.0.0.1:6379", hub: config.stream.hub })
 *     return yield* Live.run(config, { sink, start: "2024-11-29", days: 1, speed: "max" })
 *   })
 * )
 */
import type { Checkpoint, Event, Sink } from "@retail-datagen/stream"
import { StreamError } from "@retail-datagen/stream"
import { Effect, type Scope } from "effect"
import { Redis } from "ioredis"

export interface Options {
  /** `redis://host:port/db`. */
  readonly url: string
  /** The stream key (config `stream.hub`). */
  readonly hub: string
}

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/** The entry ID of an event: its offset. */
export const entryId = (e: { readonly day: number; readonly sequence: number }): string =>
  `${e.day + 1}-${e.sequence}`

/** Redis's answer to an XADD of an ID it already has (or an older one). */
const ALREADY = /equal or smaller than the target stream top item/

/** Connects and returns the sink; disconnected with the scope. */
export const make = (options: Options): Effect.Effect<Sink.Sink, StreamError.SinkUnavailable, Scope.Scope> =>
  Effect.gen(function* () {
    const name = `redis ${options.url} ${options.hub}`
    const unavailable = (e: unknown) => new StreamError.SinkUnavailable({ sink: name, reason: reasonOf(e) })
    const redis = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: async () => {
          const r = new Redis(options.url, {
            lazyConnect: true,
            enableOfflineQueue: false,
            maxRetriesPerRequest: 0,
            retryStrategy: (times) => Math.min(50 * times, 1000)
          })
          r.on("error", () => undefined)
          await r.connect()
          return r
        },
        catch: unavailable
      }),
      (r) => Effect.sync(() => r.disconnect())
    )
    const key = options.hub
    const send = (events: ReadonlyArray<Event.Event>) =>
      Effect.tryPromise({
        try: async () => {
          const pipeline = redis.pipeline()
          for (const e of events)
            pipeline.xadd(key, entryId(e), "event_id", e.id, "event_type", e.type, "data", e.json)
          const results = (await pipeline.exec()) ?? []
          if (results.length !== events.length) throw new Error("the pipeline was not answered")
          for (const [error] of results) {
            if (error !== null && !ALREADY.test(error.message)) throw error
          }
          return [] as ReadonlyArray<Sink.Rejection>
        },
        catch: unavailable
      })
    const checkpoint: Checkpoint.Store = {
      where: `Redis key ${key}:checkpoint`,
      load: Effect.tryPromise({
        try: async () => {
          const text = await redis.get(`${key}:checkpoint`)
          return text === null ? undefined : (JSON.parse(text) as Checkpoint.Cursor)
        },
        catch: unavailable
      }),
      save: (cursor) =>
        Effect.asVoid(
          Effect.tryPromise({
            try: () => redis.set(`${key}:checkpoint`, JSON.stringify(cursor)),
            catch: unavailable
          })
        )
    }
    return { name, send, checkpoint, close: Effect.void } satisfies Sink.Sink
  })
