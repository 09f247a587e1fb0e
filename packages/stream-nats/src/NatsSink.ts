/**
 * A NATS JetStream sink: each event is published to `<hub>.<event_type>` with `Nats-Msg-Id` =
 * `event_id`, so JetStream drops a resent event within the stream's duplicate window (default
 * 15 minutes here). The stream `<hub>` (subjects `<hub>.>`) is created when missing. The
 * checkpoint lives in the key-value bucket `<hub>-checkpoints`, key `cursor`.
 *
 * A batch is published pipelined — at most `window` publishes awaiting their acknowledgement,
 * which come back on one inbox subscription instead of a request per message — and counts as
 * sent once every publish is acknowledged by the server. A server that does not answer (no
 * acknowledgement for `timeoutMs`, no responders, a closed connection) makes the batch
 * `SinkUnavailable` (the stream retries it; duplicates are dropped by msg id); a publish the
 * server refuses for good (payload too large) is a rejection. The first connection is retried
 * like a send (capped exponential backoff with jitter, `maxRetryTime`).
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
import { jetstreamManager } from "@nats-io/jetstream"
import { Kvm } from "@nats-io/kv"
import { connect, createInbox, headers, type Msg, type NatsConnection } from "@nats-io/transport-node"
import type { Checkpoint, Event, Sink } from "@retail-datagen/stream"
import { Retry, StreamError } from "@retail-datagen/stream"
import { type Duration, Effect, type Scope } from "effect"

export interface Options {
  /** Server URL(s), e.g. `"127.0.0.1:4222"` or `"nats://host:4222"`. */
  readonly servers: string | ReadonlyArray<string>
  /** The subject prefix and stream name (config `stream.hub`). */
  readonly hub: string
  /** Duplicate window of a stream this sink creates, in seconds (default 900). */
  readonly duplicateWindowSeconds?: number | undefined
  /** Milliseconds a send waits for the next acknowledgement before the server counts as unavailable (default 5000). */
  readonly timeoutMs?: number | undefined
  /** Publishes awaiting their acknowledgement at most (default 4096): the sink's memory bound. */
  readonly window?: number | undefined
  /** How long the first connection is retried (default 5 minutes, as `Live`'s `maxRetryTime`). */
  readonly maxRetryTime?: Duration.DurationInput | undefined
}

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/**
 * Refusals that a resend cannot fix: over the server's `max_payload` (refused by the client,
 * which knows the limit from the server), over a JetStream stream's `max_msg_size` (refused in
 * the server's acknowledgement, err_code 10054), a bad subject.
 */
const PERMANENT =
  /max(imum)?[ _]payload|payload too large|message size exceeds maximum|invalid subject|bad subject/i

/** The reason of a JetStream acknowledgement that is an error: its description and code. */
const ackError = (text: string): string => {
  try {
    const e = (JSON.parse(text) as { error?: { description?: unknown; err_code?: unknown } }).error
    if (typeof e?.description === "string")
      return `JetStream refused it: ${e.description} (err_code ${e.err_code})`
  } catch {
    // not JSON: the text as it came
  }
  return text
}

/** A stream name for `hub` (JetStream names exclude `.`, `*`, `>` and whitespace). */
export const streamName = (hub: string): string => hub.replace(/[.*>\s]/g, "_")

/** `{` `"` `s` — the start of a JetStream publish acknowledgement (`{"stream":…}`), not of an error. */
const isAck = (data: Uint8Array): boolean => data.length > 2 && data[2] === 0x73

/**
 * One send in flight: its events' acknowledgements arrive on `<inbox>.<n>` (n = publish number);
 * `settle` is called when every one arrived, or with the reason the server is unavailable.
 */
interface Pending {
  readonly first: number
  readonly events: ReadonlyArray<Event.Event>
  acked: number
  rejections: Array<Sink.Rejection>
  failure: unknown
  wake: (() => void) | undefined
}

/** Connects, creates the stream if missing and returns the sink; closed with the scope. */
export const make = (
  options: Options
): Effect.Effect<Sink.Sink, StreamError.RetriesExhausted | StreamError.SinkUnavailable, Scope.Scope> =>
  Effect.gen(function* () {
    const name = `nats ${[options.servers].flat().join(",")} ${options.hub}`
    const unavailable = (e: unknown) => new StreamError.SinkUnavailable({ sink: name, reason: reasonOf(e) })
    const stream = streamName(options.hub)
    const window = Math.max(1, options.window ?? 4096)
    const timeoutMs = options.timeoutMs ?? 5000
    const inbox = createInbox()
    let current: Pending | undefined

    const onAck = (msg: Msg) => {
      const p = current
      if (p === undefined) return
      const n = Number(msg.subject.slice(inbox.length + 1)) - p.first
      if (!(n >= 0 && n < p.events.length)) return // a late answer to an earlier, failed send
      if (msg.headers?.hasError === true && msg.headers.code === 503) {
        p.failure ??= new Error("no JetStream stream answered (503 no responders)")
      } else if (!isAck(msg.data)) {
        const reason = ackError(msg.string())
        if (PERMANENT.test(reason)) p.rejections.push({ event: p.events[n]!, reason })
        else p.failure ??= new Error(reason)
      }
      p.acked++
      p.wake?.()
    }

    // connect and set up (stream, key-value bucket, acknowledgement inbox) as one attempt, retried
    const nc: NatsConnection = yield* Retry.retrying(
      Effect.acquireRelease(
        Effect.tryPromise({
          try: async () => {
            const c = await connect({
              servers: [options.servers].flat() as Array<string>,
              reconnect: true,
              maxReconnectAttempts: -1,
              reconnectTimeWait: 250
            })
            try {
              const jsm = await jetstreamManager(c)
              const found = await jsm.streams.info(stream).catch(() => undefined)
              if (found === undefined) {
                await jsm.streams.add({
                  name: stream,
                  subjects: [`${options.hub}.>`],
                  duplicate_window: (options.duplicateWindowSeconds ?? 900) * 1_000_000_000
                })
              }
              c.subscribe(`${inbox}.*`, { callback: (_e, msg) => onAck(msg) })
              return c
            } catch (e) {
              await c.close().catch(() => undefined)
              throw e
            }
          },
          catch: unavailable
        }),
        (c) => Effect.promise(() => c.close().catch(() => undefined))
      ),
      { sink: name, maxRetryTime: options.maxRetryTime, connecting: true }
    )
    const kv = yield* Effect.tryPromise({
      try: () => new Kvm(nc).create(`${stream}-checkpoints`),
      catch: unavailable
    })

    const subjects = new Map<string, string>()
    const subjectOf = (type: string): string => {
      let subject = subjects.get(type)
      if (subject === undefined) subjects.set(type, (subject = `${options.hub}.${type}`))
      return subject
    }
    let sequence = 0
    /**
     * Publishes with `Nats-Msg-Id` = event_id and the reply subject of the sink's inbox, at most
     * `window` unacknowledged, then waits for the rest: the acknowledgements are counted as they
     * come, without a request (and a timer) per message.
     */
    const publishAll = async (events: ReadonlyArray<Event.Event>): Promise<ReadonlyArray<Sink.Rejection>> => {
      const p: Pending = {
        first: sequence,
        events,
        acked: 0,
        rejections: [],
        failure: undefined,
        wake: undefined
      }
      sequence += events.length
      current = p
      // one header set, rewritten per message: publish encodes it at once
      const h = headers()
      // waits until `acked` acknowledgements came; fails after `timeoutMs` without a new one
      const waitFor = (acked: number) =>
        new Promise<void>((resolve, reject) => {
          const expire = () => {
            p.wake = undefined
            reject(new Error(`no acknowledgement for ${timeoutMs} ms`))
          }
          let timer = setTimeout(expire, timeoutMs)
          let seen = p.acked
          p.wake = () => {
            if (p.acked >= acked || p.failure !== undefined) {
              clearTimeout(timer)
              p.wake = undefined
              resolve()
            } else if (p.acked > seen + 256) {
              // progress: the server answers, only slowly
              seen = p.acked
              clearTimeout(timer)
              timer = setTimeout(expire, timeoutMs)
            }
          }
          p.wake()
        })
      try {
        for (let i = 0; i < events.length; i++) {
          // a full window waits until half of it is free: one wait (a promise, a timer) per
          // half window instead of per publish
          if (i - p.acked >= window) await waitFor(i - window + Math.max(1, window >> 1))
          if (p.failure !== undefined) throw p.failure
          const e = events[i]!
          h.set("Nats-Msg-Id", e.id)
          try {
            nc.publish(subjectOf(e.type), e.json, { reply: `${inbox}.${p.first + i}`, headers: h })
          } catch (error) {
            if (!PERMANENT.test(reasonOf(error))) throw error
            const limit = nc.info?.max_payload
            const reason = `${reasonOf(error)}: an event of ${Buffer.byteLength(e.json)} bytes${limit === undefined ? "" : `, with its Nats-Msg-Id header over the server's max_payload of ${limit} bytes`}`
            p.rejections.push({ event: e, reason })
            p.acked++
          }
        }
        await waitFor(events.length)
        if (p.failure !== undefined) throw p.failure
        return p.rejections
      } finally {
        current = undefined
      }
    }

    const send = (events: ReadonlyArray<Event.Event>) =>
      Effect.tryPromise({ try: () => publishAll(events), catch: unavailable })
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
