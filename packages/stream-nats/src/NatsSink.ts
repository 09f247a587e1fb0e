/**
 * A NATS JetStream sink: each event is published to `<hub>.<event_type>` with `Nats-Msg-Id` =
 * `event_id`, so JetStream drops a resent event within the stream's duplicate window (default
 * 15 minutes here). The stream `<hub>` (subjects `<hub>.>`) is created when missing. The
 * checkpoint lives in the key-value bucket `<hub>-checkpoints`, key `cursor`.
 *
 * A batch is published pipelined and counts as sent once every publish is acknowledged by the
 * server. A publish that fails because the server is unreachable (timeout, no responders, a
 * closed connection) makes the batch `SinkUnavailable` (the stream retries it; duplicates are
 * dropped by msg id); one the server refuses for good (payload too large) is a rejection.
 *
 * @example
 * import { Effect } from "effect"
 * import { Live } from "@retail-datagen/stream"
 * import { NatsSink } from "@retail-datagen/stream-nats"
 * const program = Effect.scoped(
 *   Effect.gen(function* () {
 *     const sink = yield* NatsSink.make({ servers: "127.0.0.1:4222", hub: config.stream.hub })
 *     return yield* Live.run(config, { sink, start: "2024-11-29", days: 1, speed: "max" })
 *   })
 * )
 */
import { type JetStreamClient, jetstream, jetstreamManager } from "@nats-io/jetstream"
import { Kvm } from "@nats-io/kv"
import { connect, type NatsConnection } from "@nats-io/transport-node"
import type { Checkpoint, Event, Sink } from "@retail-datagen/stream"
import { StreamError } from "@retail-datagen/stream"
import { Effect, type Scope } from "effect"

export interface Options {
  /** Server URL(s), e.g. `"127.0.0.1:4222"` or `"nats://host:4222"`. */
  readonly servers: string | ReadonlyArray<string>
  /** The subject prefix and stream name (config `stream.hub`). */
  readonly hub: string
  /** Duplicate window of a stream this sink creates, in seconds (default 900). */
  readonly duplicateWindowSeconds?: number | undefined
  /** Milliseconds a publish waits for its acknowledgement (default 5000). */
  readonly timeoutMs?: number | undefined
}

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/** Refusals that a resend cannot fix. */
const PERMANENT = /max(imum)? payload|payload too large|invalid subject|bad subject/i

/** A stream name for `hub` (JetStream names exclude `.`, `*`, `>` and whitespace). */
export const streamName = (hub: string): string => hub.replace(/[.*>\s]/g, "_")

/** Connects, creates the stream if missing and returns the sink; closed with the scope. */
export const make = (options: Options): Effect.Effect<Sink.Sink, StreamError.SinkUnavailable, Scope.Scope> =>
  Effect.gen(function* () {
    const name = `nats ${[options.servers].flat().join(",")} ${options.hub}`
    const unavailable = (e: unknown) => new StreamError.SinkUnavailable({ sink: name, reason: reasonOf(e) })
    const nc: NatsConnection = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () =>
          connect({
            servers: [options.servers].flat() as Array<string>,
            reconnect: true,
            maxReconnectAttempts: -1,
            reconnectTimeWait: 250
          }),
        catch: unavailable
      }),
      (c) => Effect.promise(() => c.close().catch(() => undefined))
    )
    const stream = streamName(options.hub)
    yield* Effect.tryPromise({
      try: async () => {
        const jsm = await jetstreamManager(nc)
        const found = await jsm.streams.info(stream).catch(() => undefined)
        if (found === undefined) {
          await jsm.streams.add({
            name: stream,
            subjects: [`${options.hub}.>`],
            duplicate_window: (options.duplicateWindowSeconds ?? 900) * 1_000_000_000
          })
        }
      },
      catch: unavailable
    })
    const js: JetStreamClient = jetstream(nc, { timeout: options.timeoutMs ?? 5000 })
    const kv = yield* Effect.tryPromise({
      try: () => new Kvm(nc).create(`${stream}-checkpoints`),
      catch: unavailable
    })
    const send = (events: ReadonlyArray<Event.Event>) =>
      Effect.tryPromise({
        try: async () => {
          const results = await Promise.allSettled(
            events.map((e) => js.publish(`${options.hub}.${e.type}`, e.json, { msgID: e.id }))
          )
          const rejections: Array<Sink.Rejection> = []
          for (let i = 0; i < results.length; i++) {
            const r = results[i]!
            if (r.status === "fulfilled") continue
            const reason = reasonOf(r.reason)
            if (!PERMANENT.test(reason)) throw r.reason
            rejections.push({ event: events[i]!, reason })
          }
          return rejections
        },
        catch: unavailable
      })
    const checkpoint: Checkpoint.Store = {
      where: `NATS key-value bucket ${stream}-checkpoints`,
      load: Effect.tryPromise({
        try: async () => {
          const entry = await kv.get("cursor")
          if (entry === null || entry.operation !== "PUT" || entry.value.length === 0) return undefined
          return JSON.parse(entry.string()) as Checkpoint.Cursor
        },
        catch: unavailable
      }),
      save: (cursor) =>
        Effect.asVoid(
          Effect.tryPromise({
            try: () => kv.put("cursor", JSON.stringify(cursor)),
            catch: unavailable
          })
        )
    }
    return {
      name,
      send,
      checkpoint,
      close: Effect.promise(() => nc.flush().catch(() => undefined))
    } satisfies Sink.Sink
  })
