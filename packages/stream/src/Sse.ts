/**
 * Server-Sent Events: a sink that sends every event to the HTTP clients connected to it, one SSE
 * message each (`id:` = `event_id`, `data:` = the envelope line). `hub` is the sink and its
 * clients without a listener (a server attaches its own responses); `listen` is a standalone HTTP
 * server whose `GET /` and `GET /stream` are the event stream.
 *
 * Delivery:
 * - A batch is acknowledged when every connected client's socket accepted it (`write` returned
 *   true, or after `drain`): the slowest client sets the pace and nothing piles up in memory.
 * - With no client connected, sends wait for the first one: a stream started before its consumer
 *   loses nothing.
 * - The last `replay` events are kept: a client that reconnects with `Last-Event-ID` (browsers'
 *   `EventSource` does it by itself) first gets the events after that id, when still kept.
 *
 * @example
 * import { Effect } from "effect"
 * import { Live, Sse } from "@retail-datagen/stream"
 * const sink = yield* Sse.listen({ port: 8090 })
 * console.error(sink.url) // http://127.0.0.1:8090/stream
 * yield* Live.run(config, { sink, days: 1, speed: 60 })
 */
import { createServer, type ServerResponse } from "node:http"
import { Effect } from "effect"
import type { Event } from "./Event.js"
import type * as Sink from "./Sink.js"
import { StreamIoError } from "./StreamError.js"

/** Where a hub writes one client's messages. */
export interface Client {
  /** Writes `text`; resolves when the transport took it (or the client went away). */
  readonly write: (text: string) => Promise<void>
  /** Ends the client's response. */
  readonly end: () => void
  /** Bytes written to it that its transport has not sent yet (what a slow client holds in memory). */
  readonly buffered?: (() => number) | undefined
}

/** Options of a hub. */
export interface Options {
  /** Events kept for clients reconnecting with `Last-Event-ID` (default 10,000; 0: none). */
  readonly replay?: number | undefined
  /** The sink's name (default `sse`). */
  readonly name?: string | undefined
}

/** A sink and its clients. */
export interface Hub extends Sink.Sink {
  /**
   * Adds a client: it gets the kept events after `lastEventId` (when given and still kept), then
   * every new batch; after the sink closed, only those, then its stream ends. Returns its removal
   * (call it when the connection closes).
   */
  readonly attach: (client: Client, lastEventId?: string | undefined) => () => void
  /** The clients connected now. */
  readonly clients: () => number
  /** Waits until a client is connected (at once when one is). */
  readonly connected: Effect.Effect<void>
  /**
   * Bytes the clients hold that their transports have not sent: at most about one send's
   * messages per client beyond its transport's buffer, however long a client does not read.
   */
  readonly buffered: () => number
  /** Clients with a write their transport has not taken yet: slow or stalled consumers holding the sends. */
  readonly waiting: () => number
}

/** One SSE message of an event. */
export const message = (e: Event): string => `id: ${e.id}\ndata: ${e.json}\n\n`

/** The first bytes of every client's stream: the reconnection delay browsers use (1 s). */
export const PREAMBLE = "retry: 1000\n\n"

const NONE: ReadonlyArray<Sink.Rejection> = []

/** A hub: an SSE sink whose clients are attached by the caller. */
export const hub = (options: Options = {}): Hub => {
  const capacity = Math.max(0, options.replay ?? 10_000)
  // the kept events, oldest first: a ring of `capacity` slots
  const ring: Array<Event | undefined> = new Array(capacity)
  let kept = 0
  let head = 0
  const clients = new Map<Client, { pending: Promise<void>; writing: number }>()
  let waiting: Array<() => void> = []
  let closed = false

  const keep = (events: ReadonlyArray<Event>) => {
    if (capacity === 0) return
    for (const e of events) {
      ring[(head + kept) % capacity] = e
      if (kept < capacity) kept++
      else head = (head + 1) % capacity
    }
  }

  const after = (id: string): string => {
    let text = ""
    let found = false
    for (let k = 0; k < kept; k++) {
      const e = ring[(head + k) % capacity]!
      if (found) text += message(e)
      else if (e.id === id) found = true
    }
    return text
  }

  const attach: Hub["attach"] = (client, lastEventId) => {
    const replay = lastEventId === undefined ? "" : after(lastEventId)
    if (closed) {
      // a consumer that comes back after the end still gets what it missed (if kept)
      void client.write(PREAMBLE + replay).then(() => client.end())
      return () => undefined
    }
    const state = { pending: Promise.resolve(), writing: 0 }
    write(state, client, PREAMBLE + replay)
    clients.set(client, state)
    for (const wake of waiting) wake()
    waiting = []
    return () => {
      clients.delete(client)
    }
  }

  /** Queues `text` after the client's previous write (its messages stay in order). */
  const write = (state: { pending: Promise<void>; writing: number }, client: Client, text: string) => {
    // at once when its previous write is done (a new client gets its replay synchronously)
    const written = state.writing === 0 ? client.write(text) : state.pending.then(() => client.write(text))
    state.writing++
    state.pending = written.then(() => {
      state.writing--
    })
    return state.pending
  }

  const someClient = (signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (clients.size > 0 || closed) return resolve()
      const wake = () => resolve()
      waiting.push(wake)
      signal.addEventListener("abort", wake, { once: true })
    })

  const send = (events: ReadonlyArray<Event>) =>
    Effect.promise(async (signal) => {
      await someClient(signal)
      if (signal.aborted) return NONE
      let text = ""
      for (const e of events) text += message(e)
      keep(events)
      const writes: Array<Promise<void>> = []
      for (const [client, state] of clients) writes.push(write(state, client, text))
      await Promise.all(writes)
      return NONE
    })

  return {
    name: options.name ?? "sse",
    send,
    attach,
    clients: () => clients.size,
    buffered: () => {
      let bytes = 0
      for (const client of clients.keys()) bytes += client.buffered?.() ?? 0
      return bytes
    },
    waiting: () => {
      let n = 0
      for (const state of clients.values()) if (state.writing > 0) n++
      return n
    },
    connected: Effect.promise((signal) => someClient(signal)),
    close: Effect.sync(() => {
      closed = true
      for (const wake of waiting) wake()
      waiting = []
      for (const client of clients.keys()) client.end()
      clients.clear()
    })
  }
}

/** A client writing to a Node HTTP response; a write resolves on `drain` or when the socket closes. */
export const nodeClient = (res: ServerResponse): Client => ({
  write: (text) =>
    new Promise<void>((resolve) => {
      if (res.destroyed || res.writableEnded) return resolve()
      if (res.write(text)) return resolve()
      const done = () => {
        res.off("drain", done)
        res.off("close", done)
        resolve()
      }
      res.on("drain", done)
      res.on("close", done)
    }),
  end: () => {
    if (!res.writableEnded) res.end()
  },
  // the response's buffer and its socket's
  buffered: () => res.writableLength
})

/** The response headers of an event stream. */
export const HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  "x-accel-buffering": "no"
}

/** Options of `listen`. */
export interface ListenOptions extends Options {
  /** Port (0: any free port). */
  readonly port: number
  /** Address to bind (default 127.0.0.1: this machine only). */
  readonly host?: string | undefined
}

/** A listening SSE sink. */
export interface Listening extends Hub {
  /** The URL of the event stream (`http://host:port/stream`). */
  readonly url: string
}

/**
 * A standalone HTTP server: `GET /` and `GET /stream` are the event stream (`Last-Event-ID`
 * honoured within the kept events), anything else is 404. Closing the sink ends every client's
 * stream and closes the server.
 */
export const listen = (options: ListenOptions): Effect.Effect<Listening, StreamIoError> =>
  Effect.async<Listening, StreamIoError>((resume) => {
    const host = options.host ?? "127.0.0.1"
    const sink = hub({ ...options, name: undefined })
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost")
      if (req.method !== "GET" || (url.pathname !== "/" && url.pathname !== "/stream")) {
        res.writeHead(404, { "content-type": "text/plain" }).end("the event stream is GET /stream\n")
        return
      }
      res.writeHead(200, HEADERS)
      res.flushHeaders()
      const header = req.headers["last-event-id"]
      const detach = sink.attach(nodeClient(res), Array.isArray(header) ? header[0] : header)
      res.on("close", detach)
    })
    server.on("error", (e) =>
      resume(Effect.fail(new StreamIoError({ path: `${host}:${options.port}`, reason: e.message })))
    )
    server.listen(options.port, host, () => {
      const a = server.address()
      const port = typeof a === "object" && a !== null ? a.port : options.port
      const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}/stream`
      resume(
        Effect.succeed({
          ...sink,
          name: `sse ${url}`,
          url,
          close: Effect.zipRight(
            sink.close,
            Effect.async<void>((done) => {
              server.close(() => done(Effect.void))
              server.closeAllConnections()
            })
          )
        })
      )
    })
  })
