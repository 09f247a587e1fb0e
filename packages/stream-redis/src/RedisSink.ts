/**
 * A Redis Streams sink: each event is an entry of the stream `<hub>` (config `stream.hub`) with
 * the fields `event_id`, `event_type` and `data` (the envelope JSON). The entry ID is the event's
 * offset — `<epoch day + 1>-<sequence>` — so a resent event is refused by Redis as not newer than
 * the top entry and the sink treats that as already stored: idempotent by event, in order. A
 * consumer reads with `XREAD`/`XREADGROUP` as usual. The checkpoint lives in the key
 * `<hub>:checkpoint`.
 *
 * A batch goes out as one pipeline of script calls, each adding `chunk` entries (a short Lua
 * script runs the `XADD`s in Redis, skipping IDs it has already): one command per chunk instead
 * of one per event. The batch counts as sent when Redis answered all. A connection error makes
 * the batch `SinkUnavailable` (retried by the stream); the client reconnects by itself. The
 * first connection is retried like a send (capped exponential backoff with jitter,
 * `maxRetryTime`).
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
import { Retry, StreamError } from "@retail-datagen/stream"
import { type Duration, Effect, type Scope } from "effect"
import { Redis } from "ioredis"

export interface Options {
  /** `redis://host:port/db`. */
  readonly url: string
  /** The stream key (config `stream.hub`). */
  readonly hub: string
  /** Events per script call (default 500). */
  readonly chunk?: number | undefined
  /** How long the first connection is retried (default 5 minutes, as `Live`'s `maxRetryTime`). */
  readonly maxRetryTime?: Duration.DurationInput | undefined
}

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/** The entry ID of an event: its offset. */
export const entryId = (e: { readonly day: number; readonly sequence: number }): string =>
  `${e.day + 1}-${e.sequence}`

/**
 * `XADD KEYS[1] <id> event_id <id> event_type <type> data <json>` for every four `ARGV`; an ID
 * not above the stream's top entry is one Redis has already (IDs are offsets, sent in order), so
 * it is skipped; any other error stops the script and is returned. Answers the entries added.
 */
const ADD_SCRIPT = `local added = 0
for i = 1, #ARGV, 4 do
  local r = redis.pcall('XADD', KEYS[1], ARGV[i], 'event_id', ARGV[i + 1], 'event_type', ARGV[i + 2], 'data', ARGV[i + 3])
  if type(r) == 'table' and r.err then
    if not string.find(r.err, 'equal or smaller', 1, true) then return redis.error_reply(r.err) end
  else
    added = added + 1
  end
end
return added`

/** The client with the sink's script as a command (EVALSHA, loaded again after a server restart). */
type Client = Redis & {
  rdgAddEvents(key: string, ...args: Array<string>): Promise<number>
}
type Pipeline = ReturnType<Redis["pipeline"]> & {
  rdgAddEvents(key: string, ...args: Array<string>): Pipeline
}

/**
 * Connects and returns the sink; disconnected with the scope. A stream key that holds another
 * type fails at once (`InvalidStreamOption`): Redis would refuse every event (WRONGTYPE), so
 * neither a retry nor a dead letter helps. Redis has no per-event refusal to dead-letter: its
 * size limits (`proto-max-bulk-len`, `client-query-buffer-limit`) are at least 1 MiB, far above
 * an event, and a full memory (`maxmemory`, OOM) is retried until a consumer trims the stream.
 */
export const make = (
  options: Options
): Effect.Effect<Sink.Sink, StreamError.RetriesExhausted | StreamError.InvalidStreamOption, Scope.Scope> =>
  Effect.gen(function* () {
    const name = `redis ${options.url} ${options.hub}`
    const unavailable = (e: unknown) => new StreamError.SinkUnavailable({ sink: name, reason: reasonOf(e) })
    const chunk = Math.max(1, options.chunk ?? 500)
    const redis = yield* Retry.retrying(
      Effect.acquireRelease(
        Effect.tryPromise({
          try: async () => {
            const r = new Redis(options.url, {
              lazyConnect: true,
              enableOfflineQueue: false,
              maxRetriesPerRequest: 0,
              retryStrategy: (times) => Math.min(50 * times, 1000)
            })
            r.on("error", () => undefined)
            r.defineCommand("rdgAddEvents", { numberOfKeys: 1, lua: ADD_SCRIPT })
            try {
              await r.connect()
            } catch (e) {
              r.disconnect()
              throw e
            }
            return r as Client
          },
          catch: unavailable
        }),
        (r) => Effect.sync(() => r.disconnect())
      ),
      { sink: name, maxRetryTime: options.maxRetryTime, connecting: true }
    )
    const key = options.hub
    const type = yield* Retry.retrying(
      Effect.tryPromise({ try: () => redis.type(key), catch: unavailable }),
      { sink: name, maxRetryTime: options.maxRetryTime, connecting: true }
    )
    if (type !== "none" && type !== "stream") {
      return yield* new StreamError.InvalidStreamOption({
        option: "stream.hub",
        reason: `the Redis key "${key}" at ${options.url} holds a ${type}, not a stream: Redis would refuse every event (WRONGTYPE); choose another stream.hub or delete the key`
      })
    }
    const send = (events: ReadonlyArray<Event.Event>) =>
      Effect.tryPromise({
        try: async () => {
          const pipeline = redis.pipeline() as Pipeline
          let calls = 0
          for (let i = 0; i < events.length; i += chunk) {
            const args: Array<string> = []
            for (const e of events.slice(i, i + chunk)) args.push(entryId(e), e.id, e.type, e.json)
            pipeline.rdgAddEvents(key, ...args)
            calls++
          }
          const results = (await pipeline.exec()) ?? []
          if (results.length !== calls) throw new Error("the pipeline was not answered")
          for (const [error] of results) if (error !== null) throw error
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
