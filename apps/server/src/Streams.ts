/**
 * The live streams of a server (`POST /streams`): each is a `Live` stream of a configuration's
 * days to a sink — `sse` (the server's own `GET /streams/:id/events`), `file` (rolling NDJSON in
 * `<dataDir>/streams/<id>/events`), `nats` or `redis` — with pause, resume, stop and a status
 * document. Each stream's request and last status are saved in `<dataDir>/streams/<id>/stream.json`
 * (at its start, pause and end, and when the server stops): a restarted server lists them again,
 * those cut short as `stopped`, and `resume` starts a stopped stream again after its checkpoint
 * (the sink's own; an `sse` stream's `_cursor.json`).
 *
 * Pause answers at once and takes effect at the next send boundary: the stream is `pausing` while
 * the send in flight (which a stalled consumer may hold) is not acknowledged yet, then `paused`,
 * and no other send begins until `resume`, so `events_sent` stays still while `paused`.
 *
 * @example
 * import { Effect } from "effect"
 * import { Streams } from "@retail-datagen/server"
 * const program = Effect.gen(function* () {
 *   const streams = yield* Streams.Streams
 *   const status = yield* streams.create({ sink: "file", speed: "max", days: 1 })
 * }).pipe(Effect.provide(Streams.layer({ dataDir: "runs" })))
 */
import { randomBytes } from "node:crypto"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { Config } from "@retail-datagen/config"
import { Calendar } from "@retail-datagen/core"
import { Checkpoint, type Event, Live, Sink, Sse } from "@retail-datagen/stream"
import { Context, Effect, Exit, Fiber, Layer, Schema, Scope, Stream } from "effect"
import * as ApiError from "./ApiError.js"

const Day = Schema.String.pipe(
  Schema.pattern(/^\d{4}-\d{2}-\d{2}$/, { message: () => "expected a date YYYY-MM-DD" })
)

/** The sinks a server streams to. */
export const SinkName = Schema.Literal("sse", "file", "nats", "redis")
export type SinkName = Schema.Schema.Type<typeof SinkName>

/** The body of `POST /streams`. */
export const StreamRequest = Schema.Struct({
  /** The configuration (every field optional). */
  config: Schema.optional(Schema.Unknown),
  /** Where events go (default `sse`: `GET /streams/:id/events`). */
  sink: Schema.optional(SinkName),
  /** The broker of `nats` (default 127.0.0.1:4222) or `redis` (default redis://127.0.0.1:6379). */
  url: Schema.optional(Schema.String),
  /** First simulated day; default the configuration's `dates.start`. */
  start: Schema.optional(Day),
  /** Number of days; omitted: the stream runs on until stopped. */
  days: Schema.optional(
    Schema.Int.pipe(Schema.greaterThanOrEqualTo(1, { message: () => "expected an integer ≥ 1" }))
  ),
  /** Simulated seconds per wall second, or `max` (default 1: real time). */
  speed: Schema.optional(
    Schema.Union(
      Schema.Number.pipe(Schema.positive({ message: () => 'expected a number > 0 or "max"' })),
      Schema.Literal("max")
    )
  ),
  /** Least milliseconds between sends (default the configuration's `realtime.emit_interval_ms`). */
  emit_interval_ms: Schema.optional(Schema.Number.pipe(Schema.nonNegative())),
  /** Most events per send (default the configuration's `realtime.burst`). */
  burst: Schema.optional(Schema.Int.pipe(Schema.greaterThanOrEqualTo(1)))
}).annotations({ identifier: "StreamRequest" })
export interface StreamRequest extends Schema.Schema.Type<typeof StreamRequest> {}

/** The states of a stream. */
export const State = Schema.Literal(
  "starting",
  "running",
  /** Paused while a send is still in flight (held by a slow consumer): no other send starts. */
  "pausing",
  "paused",
  "stopped",
  "completed",
  "failed"
)

const Offset = Schema.Struct({ day: Schema.String, sequence: Schema.Number })

/** The status document of a stream (`GET /streams/:id`). */
export const StreamStatus = Schema.Struct({
  id: Schema.String,
  state: State,
  /** The sink as the stream names it (`sse`, `file <dir>`, `nats <url> <hub>`…). */
  sink: Schema.String,
  /** The event stream: `/streams/<id>/events` (the delivery of an `sse` stream, else a tap). */
  events_url: Schema.String,
  created_at: Schema.String,
  start: Schema.String,
  /** Days requested (`null`: open-ended). */
  days: Schema.NullOr(Schema.Number),
  speed: Schema.Union(Schema.Number, Schema.Literal("max")),
  /** Events acknowledged by the sink. */
  events_sent: Schema.Number,
  /** Events per second over the last few seconds. */
  events_per_second: Schema.Number,
  /** Simulated seconds behind the paced clock (`null` at `max` speed or before the first send). */
  lag_seconds: Schema.NullOr(Schema.Number),
  retries: Schema.Number,
  dead_letters: Schema.Number,
  /** The offset of the last acknowledged event. */
  offset: Schema.NullOr(Offset),
  /** The simulated day being streamed. */
  day: Schema.NullOr(Schema.String),
  /** Clients of the event stream connected now. */
  consumers: Schema.Number,
  /**
   * Bytes written to those clients that they have not taken yet: a stalled consumer holds a few
   * sends' worth here (and, for an `sse` stream, holds the stream), never more.
   */
  buffered_bytes: Schema.Number,
  /** Clients with a write they have not taken yet: slow or stalled (an `sse` stream waits for them). */
  waiting_consumers: Schema.Number,
  error: Schema.NullOr(Schema.String)
}).annotations({ identifier: "StreamStatus" })
export interface StreamStatus extends Schema.Schema.Type<typeof StreamStatus> {}

/** `GET /streams`. */
export const StreamList = Schema.Struct({ streams: Schema.Array(StreamStatus) }).annotations({
  identifier: "StreamList"
})

/** One rejected event of the dead-letter file. */
export const DeadLetter = Schema.Struct({ event_id: Schema.String, reason: Schema.String })

/** `GET /streams/:id/dead-letters`: the latest rejections, oldest first. */
export const DeadLetters = Schema.Struct({
  total: Schema.Number,
  dead_letters: Schema.Array(DeadLetter)
}).annotations({ identifier: "DeadLetters" })

/** A client of a stream's events (`Sse.Client`). */
export type Client = Sse.Client

/** The stream manager. */
export interface Manager {
  readonly create: (request: StreamRequest) => Effect.Effect<StreamStatus, ApiError.BadRequest>
  readonly list: () => Effect.Effect<ReadonlyArray<StreamStatus>>
  readonly get: (id: string) => Effect.Effect<StreamStatus, ApiError.NotFound>
  readonly pause: (id: string) => Effect.Effect<StreamStatus, ApiError.NotFound | ApiError.Conflict>
  readonly resume: (id: string) => Effect.Effect<StreamStatus, ApiError.NotFound | ApiError.Conflict>
  /** Stops the stream (checkpoint saved, sink closed) and waits for it. */
  readonly stop: (id: string) => Effect.Effect<StreamStatus, ApiError.NotFound>
  /**
   * Attaches a client to the stream's events: an `sse` stream's delivery (acknowledged when the
   * client took it; `Last-Event-ID` honoured within the kept events), else a tap of the
   * acknowledged events that a slow client may miss. Returns its removal.
   */
  readonly attach: (
    id: string,
    client: Client,
    lastEventId: string | undefined
  ) => Effect.Effect<() => void, ApiError.NotFound>
  /** Prometheus text: streams by state, events sent. */
  readonly metrics: () => Effect.Effect<string>
  /** The latest `limit` dead letters. */
  readonly deadLetters: (
    id: string,
    limit: number
  ) => Effect.Effect<Schema.Schema.Type<typeof DeadLetters>, ApiError.NotFound>
}

/** The stream manager service. */
export class Streams extends Context.Tag("@retail-datagen/server/Streams")<Streams, Manager>() {}

/** Options of the stream manager. */
export interface Options {
  /** The server's data directory: streams write under `<dataDir>/streams/<id>/`. */
  readonly dataDir: string
}

/** A stream id as the server makes them. */
export const isStreamId = (id: string): boolean => /^s\d{8}T\d{6}-[0-9a-f]{6}$/.test(id)

const newId = (now: number): string =>
  `s${new Date(now)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "")}-${randomBytes(3).toString("hex")}`

/**
 * Holds sends at their boundary: `pause` only closes the gate (it never waits for the send in
 * flight, which a consumer that does not read may hold for ever); that send may still be
 * acknowledged, and no other starts until `resume`. `before` runs ahead of the gate (an SSE sink
 * waits there for its first client, so a pause never waits for a consumer).
 */
const gate = (before: Effect.Effect<void>) =>
  Effect.gen(function* () {
    const open = yield* Effect.makeLatch(true)
    let paused = false
    let inFlight = 0
    let acknowledged = 0
    const through = <A, E>(events: number, send: Effect.Effect<A, E>): Effect.Effect<A, E> =>
      Effect.gen(function* () {
        for (;;) {
          yield* before
          yield* open.await
          // a pause between the latch's opening and this fiber's turn: wait for the next resume
          if (paused) continue
          inFlight++
          return yield* send.pipe(
            Effect.tap(() => {
              acknowledged += events
            }),
            Effect.ensuring(
              Effect.sync(() => {
                inFlight--
              })
            )
          )
        }
      })
    return {
      through,
      /** `undefined` when open; paused with a send still in flight is `pausing`. */
      held: (): "pausing" | "paused" | undefined =>
        !paused ? undefined : inFlight > 0 ? "pausing" : "paused",
      /** Events acknowledged through the gate (exact at once, where the stream counts a moment later). */
      acknowledged: () => acknowledged,
      pause: Effect.sync(() => {
        paused = true
        open.unsafeClose()
      }),
      resume: Effect.sync(() => {
        paused = false
        open.unsafeOpen()
      })
    }
  })

interface Entry {
  readonly id: string
  /** The request, as saved in `stream.json` (a stopped stream is started again from it). */
  readonly request: StreamRequest
  /** Events sent and dead letters of the earlier runs of this stream (before a stop or a server restart). */
  readonly base: { readonly sent: number; readonly deadLetters: number }
  readonly createdAt: string
  readonly start: string
  readonly days: number | null
  readonly speed: number | "max"
  readonly dir: string
  readonly deadLetterFile: string
  readonly handle: Live.Handle
  readonly gate: Effect.Effect.Success<ReturnType<typeof gate>>
  readonly hub: Sse.Hub | undefined
  readonly taps: Map<Client, { busy: boolean }>
  readonly scope: Scope.CloseableScope
  /** The stream is over: its clients are ended. */
  over: boolean
}

const TERMINAL = new Set(["stopped", "completed", "failed"])

/** `<dir>/stream.json`: the request and the last status, written at every change of state. */
const SAVED = "stream.json"

interface Saved {
  readonly id: string
  readonly created_at: string
  readonly request: StreamRequest
  readonly status: StreamStatus | undefined
}

/** The handle of a stream of an earlier server process: its last status, no run. */
const dormant = (status: StreamStatus): Live.Handle => ({
  pause: Effect.void,
  resume: Effect.void,
  stop: Effect.void,
  status: Effect.succeed({
    state: status.state,
    sink: status.sink,
    eventsSent: 0,
    eventsPerSecond: 0,
    lagSeconds: null,
    retries: status.retries,
    deadLetters: 0, // counted in the entry's base, as the events sent
    offset: status.offset,
    day: status.day,
    resumedAfter: null,
    error: status.error
  }),
  events: Stream.empty,
  await: Effect.succeed({
    eventsSent: 0,
    days: 0,
    offset: status.offset,
    resumedAfter: null,
    retries: status.retries,
    deadLetters: 0,
    seconds: 0
  })
})

/** Makes the manager; the scope's end stops every stream. */
export const make = (options: Options): Effect.Effect<Manager, never, Scope.Scope> =>
  Effect.gen(function* () {
    const root = path.resolve(options.dataDir, "streams")
    const entries = new Map<string, Entry>()

    const statusOf = (e: Entry): Effect.Effect<StreamStatus> =>
      Effect.map(e.handle.status, (s) => ({
        id: e.id,
        state: TERMINAL.has(s.state) ? s.state : (e.gate.held() ?? s.state),
        sink: s.sink,
        events_url: `/streams/${e.id}/events`,
        created_at: e.createdAt,
        start: e.start,
        days: e.days,
        speed: e.speed,
        events_sent: e.base.sent + e.gate.acknowledged(),
        events_per_second: s.eventsPerSecond,
        lag_seconds: s.lagSeconds,
        retries: s.retries,
        dead_letters: e.base.deadLetters + s.deadLetters,
        offset: s.offset,
        day: s.day,
        consumers: (e.hub?.clients() ?? 0) + e.taps.size,
        buffered_bytes:
          (e.hub?.buffered() ?? 0) + [...e.taps.keys()].reduce((n, c) => n + (c.buffered?.() ?? 0), 0),
        waiting_consumers: (e.hub?.waiting() ?? 0) + [...e.taps.values()].filter((t) => t.busy).length,
        error: s.error
      }))

    const lookup = (id: string) =>
      Effect.suspend(() => {
        const e = entries.get(id)
        return e === undefined
          ? Effect.fail(ApiError.notFound(`no stream with id "${id}"`, "id"))
          : Effect.succeed(e)
      })

    const configOf = (request: StreamRequest) =>
      Config.decode(request.config ?? {}).pipe(
        Effect.mapError((error) => {
          const where = (p: string) => `config${p === "" ? "" : `.${p}`}`
          return ApiError.badRequest(
            error.problems.map((p) => `${where(p.path)}: ${p.message}`).join("\n"),
            error.problems[0] === undefined ? "config" : where(error.problems[0].path),
            error.problems.map((p) => ({ path: where(p.path), message: p.message }))
          )
        })
      )

    const sinkOf = (request: StreamRequest, dir: string, hub: string) =>
      Effect.gen(function* () {
        const unavailable = (e: { readonly message: string }) => ApiError.badRequest(e.message, "sink")
        switch (request.sink ?? "sse") {
          case "sse":
            return Sse.hub()
          case "file":
            return yield* Effect.mapError(Sink.file({ dir: path.join(dir, "events") }), unavailable)
          case "nats":
            return yield* Effect.mapError(
              Effect.flatMap(
                Effect.promise(() => import("@retail-datagen/stream-nats")),
                ({ NatsSink }) => NatsSink.make({ servers: request.url ?? "127.0.0.1:4222", hub })
              ),
              unavailable
            )
          case "redis":
            return yield* Effect.mapError(
              Effect.flatMap(
                Effect.promise(() => import("@retail-datagen/stream-redis")),
                ({ RedisSink }) => RedisSink.make({ url: request.url ?? "redis://127.0.0.1:6379", hub })
              ),
              unavailable
            )
        }
      })

    let saves = 0
    /** Writes the request and the stream's status to its `stream.json` (replaced whole: a crash keeps the old one). */
    const save = (e: Entry): Effect.Effect<void> =>
      // a stream resumed since has a newer entry, which saves its own status
      entries.get(e.id) !== e
        ? Effect.void
        : Effect.flatMap(statusOf(e), (status) =>
            Effect.promise(async () => {
              const saved: Saved = { id: e.id, created_at: e.createdAt, request: e.request, status }
              const file = path.join(e.dir, SAVED)
              // a temporary file of its own: two saves of one stream may overlap (its end and a shutdown)
              const tmp = `${file}.${++saves}.tmp`
              try {
                await fs.writeFile(tmp, `${JSON.stringify(saved, null, 2)}\n`)
                await fs.rename(tmp, file)
              } catch {
                // the status is saved again at the next change; the stream itself goes on
                await fs.rm(tmp, { force: true }).catch(() => undefined)
              }
            })
          )

    const create: Manager["create"] = (request) =>
      Effect.gen(function* () {
        yield* configOf(request)
        if (request.start !== undefined && !Calendar.isValid(request.start)) {
          return yield* Effect.fail(
            ApiError.badRequest(`expected a date YYYY-MM-DD, got "${request.start}"`, "start")
          )
        }
        if (request.url !== undefined && request.sink !== "nats" && request.sink !== "redis") {
          return yield* Effect.fail(ApiError.badRequest("url goes with sink nats or redis only", "url"))
        }
        const now = Date.now()
        const id = newId(now)
        const dir = path.join(root, id)
        yield* Effect.promise(() => fs.mkdir(dir, { recursive: true }))
        return yield* launch(id, new Date(now).toISOString(), request, { sent: 0, deadLetters: 0 })
      })

    /**
     * Runs the stream `id` of `request` in its directory: from its start, or — started again
     * after a stop — from its checkpoint (the sink's own, or `_cursor.json` of an `sse` stream).
     */
    const launch = (id: string, createdAt: string, request: StreamRequest, base: Entry["base"]) =>
      Effect.gen(function* () {
        const config = yield* configOf(request)
        const dir = path.join(root, id)
        const scope = yield* Scope.make()
        const sink: Sink.Sink = yield* Effect.tapError(
          Scope.extend(sinkOf(request, dir, config.stream.hub), scope),
          () => Scope.close(scope, Exit.void)
        )
        const hub = request.sink === undefined || request.sink === "sse" ? (sink as Sse.Hub) : undefined
        const g = yield* gate(hub?.connected ?? Effect.void)
        const deadLetterFile = path.join(dir, "dead-letters.ndjson")
        const start = request.start ?? config.dates.start
        const handle = yield* Live.start(config, {
          sink: {
            ...sink,
            send: (events) => g.through(events.length, sink.send(events)),
            // an SSE hub ends its clients' streams once the stream's state is final (below)
            close: hub === undefined ? sink.close : Effect.void
          },
          start,
          days: request.days,
          speed: request.speed ?? 1,
          emitIntervalMs: request.emit_interval_ms,
          burst: request.burst,
          // an sse stream's checkpoint is a cursor file next to its dead letters (other sinks have their own)
          checkpoint: hub === undefined ? undefined : Checkpoint.file(path.join(dir, "_cursor.json")),
          deadLetters: deadLetterFile
        }).pipe(
          Effect.mapError((e) => ApiError.badRequest(e.message)),
          Effect.tapError(() => Scope.close(scope, Exit.void))
        )
        const taps = new Map<Client, { busy: boolean }>()
        const e: Entry = {
          id,
          request,
          base,
          createdAt,
          start,
          days: request.days ?? null,
          speed: request.speed ?? 1,
          dir,
          deadLetterFile,
          handle,
          gate: g,
          hub,
          taps,
          scope,
          over: false
        }
        entries.set(id, e)
        // the tap of a non-SSE stream: every acknowledged batch to its clients, never waiting on them
        const tapping =
          hub !== undefined
            ? undefined
            : yield* handle.events.pipe(
                Stream.runForEach((event) =>
                  Effect.sync(() => {
                    const text = Sse.message(event as Event.Event)
                    // a client still writing misses this event: a slow watcher never holds memory
                    for (const [c, tap] of taps) {
                      if (tap.busy) continue
                      tap.busy = true
                      void c.write(text).then(() => {
                        tap.busy = false
                      })
                    }
                  })
                ),
                Effect.forkDaemon
              )
        // the end of the stream (completed, failed, stopped) releases its sink's scope and clients
        yield* handle.await.pipe(
          Effect.exit,
          Effect.zipRight(hub?.close ?? Effect.void),
          Effect.zipRight(tapping === undefined ? Effect.void : Fiber.interrupt(tapping)),
          Effect.zipRight(Scope.close(scope, Exit.void)),
          Effect.zipRight(
            Effect.sync(() => {
              e.over = true
              for (const c of taps.keys()) c.end()
              taps.clear()
            })
          ),
          Effect.zipRight(Effect.suspend(() => save(e))),
          Effect.forkDaemon
        )
        yield* save(e)
        return yield* statusOf(e)
      })

    // the streams of earlier server processes: listed as they ended (one cut short by the end of
    // its process is stopped), and a stopped one can be resumed
    const saved = yield* Effect.promise(async () => {
      const names = await fs.readdir(root).catch(() => [] as Array<string>)
      const found: Array<Saved> = []
      for (const name of names.filter(isStreamId)) {
        const text = await fs.readFile(path.join(root, name, SAVED), "utf8").catch(() => undefined)
        if (text === undefined) continue
        try {
          found.push(JSON.parse(text) as Saved)
        } catch {
          // a file cut short: not a stream to list
        }
      }
      return found
    })
    for (const s of saved) {
      const last = s.status
      const status: StreamStatus = {
        ...(last ?? {
          id: s.id,
          sink: s.request.sink ?? "sse",
          events_url: `/streams/${s.id}/events`,
          created_at: s.created_at,
          start: s.request.start ?? "",
          days: s.request.days ?? null,
          speed: s.request.speed ?? 1,
          events_sent: 0,
          retries: 0,
          dead_letters: 0,
          offset: null,
          day: null,
          error: null
        }),
        state: last === undefined || !TERMINAL.has(last.state) ? "stopped" : last.state,
        events_per_second: 0,
        lag_seconds: null,
        consumers: 0,
        buffered_bytes: 0,
        waiting_consumers: 0
      }
      const dir = path.join(root, s.id)
      entries.set(s.id, {
        id: s.id,
        request: s.request,
        base: { sent: status.events_sent, deadLetters: status.dead_letters },
        createdAt: s.created_at,
        start: status.start,
        days: status.days,
        speed: status.speed,
        dir,
        deadLetterFile: path.join(dir, "dead-letters.ndjson"),
        handle: dormant(status),
        gate: yield* gate(Effect.void),
        hub: undefined,
        taps: new Map(),
        scope: yield* Scope.make(),
        over: true
      })
    }

    const pause: Manager["pause"] = (id) =>
      Effect.gen(function* () {
        const e = yield* lookup(id)
        const s = yield* statusOf(e)
        if (TERMINAL.has(s.state)) return yield* Effect.fail(ApiError.conflict(`stream ${id} is ${s.state}`))
        yield* e.handle.pause
        yield* e.gate.pause
        yield* save(e)
        return yield* statusOf(e)
      })

    const resume: Manager["resume"] = (id) =>
      Effect.gen(function* () {
        const e = yield* lookup(id)
        const s = yield* statusOf(e)
        if (s.state === "stopped") {
          // started again from its checkpoint, its count going on
          return yield* launch(id, e.createdAt, e.request, {
            sent: s.events_sent,
            deadLetters: s.dead_letters
          }).pipe(
            Effect.catchAll((error) =>
              Effect.fail(ApiError.conflict(`stream ${id} cannot resume: ${error.message}`))
            )
          )
        }
        if (TERMINAL.has(s.state)) return yield* Effect.fail(ApiError.conflict(`stream ${id} is ${s.state}`))
        yield* e.gate.resume
        yield* e.handle.resume
        return yield* statusOf(e)
      })

    const stop: Manager["stop"] = (id) =>
      Effect.gen(function* () {
        const e = yield* lookup(id)
        // a paused stream's send is held by the gate: open it so that the stop is not held too
        yield* e.handle.stop
        yield* e.gate.resume
        return yield* statusOf(e)
      })

    const attach: Manager["attach"] = (id, client, lastEventId) =>
      Effect.map(lookup(id), (e) => {
        if (e.hub !== undefined) return e.hub.attach(client, lastEventId)
        if (e.over) {
          client.end()
          return () => undefined
        }
        const tap = { busy: true }
        void client.write(Sse.PREAMBLE).then(() => {
          tap.busy = false
        })
        e.taps.set(client, tap)
        return () => {
          e.taps.delete(client)
        }
      })

    const deadLetters: Manager["deadLetters"] = (id, limit) =>
      Effect.flatMap(lookup(id), (e) =>
        Effect.promise(async () => {
          const text = await fs.readFile(e.deadLetterFile, "utf8").catch(() => "")
          const lines = text.split("\n").filter((l) => l !== "")
          return {
            total: lines.length,
            dead_letters: lines.slice(-limit).map((l) => {
              const j = JSON.parse(l) as { event_id: string; reason: string }
              return { event_id: j.event_id, reason: j.reason }
            })
          }
        })
      )

    // the end of the server stops every stream and saves its status (resumable when it comes back)
    yield* Effect.addFinalizer(() =>
      Effect.forEach(
        [...entries.values()],
        (e) => Effect.zipRight(Effect.zipRight(e.gate.resume, e.handle.stop), save(e)),
        { concurrency: "unbounded", discard: true }
      )
    )

    const metrics: Manager["metrics"] = () =>
      Effect.map(Effect.forEach([...entries.values()], statusOf), (all) => {
        const byState: Record<string, number> = {}
        for (const state of State.literals) byState[state] = 0
        for (const s of all) byState[s.state]!++
        return `${[
          "# HELP retail_datagen_streams Live streams by state.",
          "# TYPE retail_datagen_streams gauge",
          ...Object.entries(byState).map(([state, n]) => `retail_datagen_streams{state="${state}"} ${n}`),
          "# HELP retail_datagen_stream_events_sent_total Events acknowledged by the sinks of this server process's streams.",
          "# TYPE retail_datagen_stream_events_sent_total counter",
          `retail_datagen_stream_events_sent_total ${all.reduce((n, s) => n + s.events_sent, 0)}`
        ].join("\n")}\n`
      })

    return {
      create,
      metrics,
      list: () =>
        Effect.forEach(
          [...entries.values()].sort((a, b) => (a.id < b.id ? 1 : -1)),
          statusOf
        ),
      get: (id) => Effect.flatMap(lookup(id), statusOf),
      pause,
      resume,
      stop,
      attach,
      deadLetters
    } satisfies Manager
  })

/** The stream manager as a layer (scoped: closing it stops the streams). */
export const layer = (options: Options): Layer.Layer<Streams> => Layer.scoped(Streams, make(options))
