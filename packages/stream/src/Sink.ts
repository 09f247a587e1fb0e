/**
 * Where events go. A sink sends a batch of events and succeeds once every event of it is
 * acknowledged (written, or stored by the broker); it returns the events it rejected for good
 * (too large, a bad subject…), which go to the dead letters. A `SinkUnavailable` failure means
 * "try again later": the batch is sent again with backoff, so a sink must tolerate a batch
 * delivered twice (brokers deduplicate by `event_id`; files and stdout may repeat events, which
 * consumers deduplicate by `event_id`).
 *
 * The built-in sinks here need nothing beyond Node: `stdout` and `file` (rolling NDJSON). The
 * broker sinks live behind their own entry points (`@retail-datagen/stream/nats`, `…/redis`).
 *
 * @example
 * import { Sink } from "@retail-datagen/stream"
 * const sink = yield* Sink.file({ dir: "events", maxBytes: 64 * 1024 * 1024 })
 */
import { createWriteStream } from "node:fs"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import type { Writable } from "node:stream"
import { Calendar } from "@retail-datagen/core"
import { Effect } from "effect"
import * as Checkpoint from "./Checkpoint.js"
import type { Event } from "./Event.js"
import { type SinkUnavailable, StreamIoError } from "./StreamError.js"

/** An event a sink refuses for good, and why. */
export interface Rejection {
  readonly event: Event
  readonly reason: string
}

export interface Sink {
  readonly name: string
  /** Sends `events` in order; succeeds when all are acknowledged, with the rejected ones. */
  readonly send: (events: ReadonlyArray<Event>) => Effect.Effect<ReadonlyArray<Rejection>, SinkUnavailable>
  /** The sink's own checkpoint store, when it has one (a broker, or the file sink's cursor). */
  readonly checkpoint?: Checkpoint.Store | undefined
  /** Flushes and releases the sink. */
  readonly close: Effect.Effect<void>
}

const NONE: ReadonlyArray<Rejection> = []

/** Writes `text` and waits until the stream took it (backpressure: waits for `drain`). */
const write = (out: Writable, text: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const ok = out.write(text, (e) => (e ? reject(e) : ok ? resolve() : undefined))
    if (!ok) out.once("drain", () => resolve())
  })

const lines = (events: ReadonlyArray<Event>): string => {
  let s = ""
  for (const e of events) s += `${e.json}\n`
  return s
}

/**
 * NDJSON to a writable stream (default `process.stdout`): one envelope per line. No checkpoint:
 * a restarted stream starts again unless given one (`--checkpoint FILE`).
 */
export const stdout = (out: Writable = process.stdout): Sink => ({
  name: "stdout",
  send: (events) =>
    Effect.as(
      Effect.promise(() => write(out, lines(events))),
      NONE
    ),
  close: Effect.void
})

/** Options of the rolling NDJSON file sink. */
export interface FileOptions {
  /** Directory of the files (created). */
  readonly dir: string
  /** A new file starts after this many bytes (default 64 MiB), and with every simulated day. */
  readonly maxBytes?: number | undefined
}

/** The cursor file of the file sink in `dir`. */
export const CURSOR_FILE = "_cursor.json"

/**
 * Rolling NDJSON files: `dir/events-YYYYMMDD-NNNN.ndjson`, a new file for every simulated day and
 * whenever one passes `maxBytes`. Its checkpoint is `dir/_cursor.json`. On open, a last line cut
 * short by a crash is removed from the newest file, and a restarted stream appends after it.
 */
export const file = (options: FileOptions): Effect.Effect<Sink, StreamIoError> =>
  Effect.gen(function* () {
    const dir = options.dir
    const maxBytes = options.maxBytes ?? 64 * 1024 * 1024
    const io = <A>(f: () => Promise<A>) =>
      Effect.tryPromise({
        try: f,
        catch: (e) => new StreamIoError({ path: dir, reason: e instanceof Error ? e.message : String(e) })
      })
    const existing = yield* io(async () => {
      await fs.mkdir(dir, { recursive: true })
      return (await fs.readdir(dir)).filter((n) => /^events-\d{8}-\d{4}\.ndjson$/.test(n)).sort()
    })
    const newest = existing.at(-1)
    if (newest !== undefined) {
      yield* io(async () => {
        const p = path.join(dir, newest)
        const buf = await fs.readFile(p)
        const end = buf.lastIndexOf(10) + 1
        if (end !== buf.length) await fs.truncate(p, end)
      })
    }
    let current: { day: number; index: number; bytes: number; out: Writable } | undefined
    const indexOf = (day: number) => {
      const prefix = `events-${Calendar.compact(day)}-`
      const mine = existing.filter((n) => n.startsWith(prefix))
      return mine.length === 0 ? 0 : Number(mine.at(-1)!.slice(prefix.length, prefix.length + 4))
    }
    const close = (c: NonNullable<typeof current>) =>
      new Promise<void>((resolve) => (c.out as ReturnType<typeof createWriteStream>).end(() => resolve()))
    const open = async (day: number, index: number) => {
      const name = `events-${Calendar.compact(day)}-${`${index}`.padStart(4, "0")}.ndjson`
      const p = path.join(dir, name)
      const size = await fs.stat(p).then(
        (s) => s.size,
        () => 0
      )
      existing.push(name)
      return { day, index, bytes: size, out: createWriteStream(p, { flags: "a" }) }
    }
    const send = (events: ReadonlyArray<Event>) =>
      Effect.promise(async () => {
        let i = 0
        while (i < events.length) {
          const day = events[i]!.day
          if (current === undefined || current.day !== day || current.bytes >= maxBytes) {
            const next =
              current !== undefined && current.day === day ? current.index + 1 : Math.max(1, indexOf(day))
            if (current !== undefined) await close(current)
            current = await open(day, next)
          }
          let j = i
          while (j < events.length && events[j]!.day === day) j++
          const text = lines(events.slice(i, j))
          current.bytes += Buffer.byteLength(text)
          await write(current.out, text)
          i = j
        }
        return NONE
      })
    return {
      name: `file ${dir}`,
      send,
      checkpoint: Checkpoint.file(path.join(dir, CURSOR_FILE)),
      close: Effect.promise(async () => {
        if (current !== undefined) await close(current)
        current = undefined
      })
    } satisfies Sink
  })

/** A sink that keeps every event in memory (tests, small tools). */
export const memory = (): Sink & { readonly events: Array<Event> } => {
  const events: Array<Event> = []
  return {
    name: "memory",
    events,
    send: (batch) =>
      Effect.sync(() => {
        for (const e of batch) events.push(e)
        return NONE
      }),
    close: Effect.void
  }
}
