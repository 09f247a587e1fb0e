/**
 * Where a stream records the offset of its last acknowledged event, so that a restarted stream
 * (after a crash, `kill -9`, or a stop) resumes right after it. A store is a pair of effects;
 * brokers that can hold a value provide their own (NATS key-value, a Redis key), other sinks use
 * a cursor file written atomically (temp file, rename).
 *
 * The checkpoint also names the stream (`key`: the configuration hash and the first day), so a
 * checkpoint of another stream is never taken for this one's.
 *
 * @example
 * import { Checkpoint } from "@retail-datagen/stream"
 * const store = Checkpoint.file("out/_cursor.json")
 */
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { Effect, Schema } from "effect"
import { Offset } from "./Event.js"
import { type SinkUnavailable, StreamIoError } from "./StreamError.js"

/** A saved position: the stream's key and the offset of its last acknowledged event. */
export const Cursor = Schema.Struct({ key: Schema.String, offset: Offset })
export interface Cursor extends Schema.Schema.Type<typeof Cursor> {}

export interface Store {
  /** Where the checkpoint lives (for messages). */
  readonly where: string
  readonly load: Effect.Effect<Cursor | undefined, SinkUnavailable | StreamIoError>
  readonly save: (cursor: Cursor) => Effect.Effect<void, SinkUnavailable | StreamIoError>
}

const decode = Schema.decodeUnknownOption(Schema.parseJson(Cursor))

/** A cursor file (JSON), replaced atomically on every save. */
export const file = (file: string): Store => ({
  where: file,
  load: Effect.tryPromise({
    try: async () => {
      const text = await fs.readFile(file, "utf8").catch((e: NodeJS.ErrnoException) => {
        if (e.code === "ENOENT") return undefined
        throw e
      })
      if (text === undefined) return undefined
      const c = decode(text)
      if (c._tag === "None") throw new Error("not a cursor file (expected {key, offset: {day, sequence}})")
      return c.value
    },
    catch: (e) => new StreamIoError({ path: file, reason: e instanceof Error ? e.message : String(e) })
  }),
  save: (cursor) =>
    Effect.tryPromise({
      try: async () => {
        await fs.mkdir(path.dirname(file), { recursive: true })
        const tmp = `${file}.tmp`
        await fs.writeFile(tmp, `${JSON.stringify(cursor)}\n`)
        await fs.rename(tmp, file)
      },
      catch: (e) => new StreamIoError({ path: file, reason: e instanceof Error ? e.message : String(e) })
    })
})

/** A store in memory (tests, or a caller that keeps the position itself). */
export const memory = (initial?: Cursor): Store & { readonly current: () => Cursor | undefined } => {
  let value = initial
  return {
    where: "memory",
    load: Effect.sync(() => value),
    save: (cursor) =>
      Effect.sync(() => {
        value = cursor
      }),
    current: () => value
  }
}
